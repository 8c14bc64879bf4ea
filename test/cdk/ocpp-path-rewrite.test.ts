import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { ocppPathRewriteFile } from '../../lib/constructs/ocpp-gateway.ts';

interface ValueObject {
  value: string;
}
interface CfRequest {
  method: string;
  uri: string;
  querystring: Record<string, ValueObject>;
  headers: Record<string, ValueObject>;
  cookies: Record<string, ValueObject>;
}
interface CfResponse {
  statusCode: number;
  statusDescription?: string;
  headers?: Record<string, ValueObject>;
}

const source = readFileSync(ocppPathRewriteFile, 'utf8');

/** Loads the file the way the local runtime does: a plain script evaluated in a fresh `vm` context. */
const loadHandler = (): ((event: unknown) => CfRequest | CfResponse) => {
  const context = vm.createContext({});
  vm.runInContext(source, context, { filename: ocppPathRewriteFile });
  return context.handler as (event: unknown) => CfRequest | CfResponse;
};

const aViewerRequest = (uri: string, querystring: Record<string, ValueObject> = {}) => ({
  version: '1.0',
  context: { eventType: 'viewer-request', distributionDomainName: 'd111111abcdef8.cloudfront.net' },
  viewer: { ip: '198.51.100.7' },
  request: {
    method: 'GET',
    uri,
    querystring,
    headers: {
      host: { value: 'd111111abcdef8.cloudfront.net' },
      authorization: { value: 'Basic Q1AtMDAxOnNlY3JldA==' },
      'sec-websocket-protocol': { value: 'ocpp2.0.1, ocpp1.6' },
    },
    cookies: {},
  },
});

/** Plain JSON copy: objects created inside the vm context have that context's prototypes. */
const rewrite = (uri: string, querystring?: Record<string, ValueObject>) =>
  JSON.parse(JSON.stringify(loadHandler()(aViewerRequest(uri, querystring)))) as CfRequest & CfResponse;

describe('ocpp-path-rewrite CloudFront Function', () => {
  it('is a plain script with a top-level handler and no module system', () => {
    // Prepare
    const moduleSyntax = /^\s*(import|export)\s|\brequire\s*\(|\bmodule\.exports\b/m;

    // Act
    const handler = loadHandler();

    // Assess
    expect(source).not.toMatch(moduleSyntax);
    expect(typeof handler).toBe('function');
  });

  it('moves tenantId and chargerId into the query string and targets the stage root', () => {
    // Prepare
    const uri = '/ocpp/01HZX5C9J8Q6W2K4M7N3P0R5TV/CP-001';

    // Act
    const result = rewrite(uri);

    // Assess
    expect(result.uri).toBe('/');
    expect(result.querystring).toEqual({
      tenantId: { value: '01HZX5C9J8Q6W2K4M7N3P0R5TV' },
      chargerId: { value: 'CP-001' },
    });
    expect(result.method).toBe('GET');
    expect(result.headers.authorization).toEqual({ value: 'Basic Q1AtMDAxOnNlY3JldA==' });
    expect(result.headers['sec-websocket-protocol']).toEqual({ value: 'ocpp2.0.1, ocpp1.6' });
  });

  it('replaces the query string sent by the viewer', () => {
    // Prepare
    const smuggled = { tenantId: { value: 'other-tenant' }, foo: { value: 'bar' } };

    // Act
    const result = rewrite('/ocpp/t1/cp1', smuggled);

    // Assess
    expect(result.querystring).toEqual({ tenantId: { value: 't1' }, chargerId: { value: 'cp1' } });
  });

  it.each([
    ['percent-encoded unreserved characters', '/ocpp/t1/CP%2D001', 'CP-001'],
    ['underscore, tilde and dots', '/ocpp/t1/site_1.cp~2', 'site_1.cp~2'],
    ['64 characters', `/ocpp/t1/${'a'.repeat(64)}`, 'a'.repeat(64)],
  ])('accepts %s', (_case, uri, chargerId) => {
    // Act
    const result = rewrite(uri);

    // Assess
    expect(result.uri).toBe('/');
    expect(result.querystring.chargerId).toEqual({ value: chargerId });
  });

  it.each([
    ['the root', '/'],
    ['the prefix alone', '/ocpp'],
    ['the prefix with a slash', '/ocpp/'],
    ['a tenant without charger', '/ocpp/t1'],
    ['a trailing slash', '/ocpp/t1/cp1/'],
    ['an extra segment', '/ocpp/t1/cp1/extra'],
    ['an empty tenant', '/ocpp//cp1'],
    ['another prefix', '/other/t1/cp1'],
    ['an upper-case prefix', '/OCPP/t1/cp1'],
    ['an encoded slash', '/ocpp/t1/cp%2F1'],
    ['a colon (Basic username)', '/ocpp/t1/cp%3A1'],
    ['a hash (key separator)', '/ocpp/t%231/cp1'],
    ['a space', '/ocpp/t1/cp%201'],
    ['a percent sign', '/ocpp/t1/cp%251'],
    ['a non-ASCII letter', '/ocpp/t1/caf%C3%A9'],
    ['malformed percent-encoding', '/ocpp/t1/cp%E0%A4%A'],
    ['a dot segment', '/ocpp/t1/..'],
    ['an encoded dot segment', '/ocpp/%2E/cp1'],
    ['65 characters', `/ocpp/t1/${'a'.repeat(65)}`],
  ])('answers 404 for %s', (_case, uri) => {
    // Act
    const result = rewrite(uri);

    // Assess
    expect(result.statusCode).toBe(404);
    expect(result.statusDescription).toBe('Not Found');
    expect(result.headers?.['cache-control']).toEqual({ value: 'no-store' });
    expect(result.uri).toBeUndefined();
  });
});
