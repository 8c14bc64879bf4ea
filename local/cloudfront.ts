import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import vm from 'node:vm';

type CloudFrontValue = { value: string };
export interface CloudFrontRequest {
  uri: string;
  querystring: Record<string, CloudFrontValue>;
  headers: Record<string, CloudFrontValue>;
}
export type CloudFrontResult = CloudFrontRequest | { statusCode: number; statusDescription?: string };

const functionFile = new URL('../lib/cloudfront/ocpp-path-rewrite.js', import.meta.url);

/** Runs the very file the stack deploys as a CloudFront Function, in a fresh vm context. */
export const loadViewerRequestFunction = (): ((request: IncomingMessage) => CloudFrontResult) => {
  const context = vm.createContext({});
  vm.runInContext(readFileSync(functionFile, 'utf8'), context, { filename: functionFile.pathname });
  const handler = context.handler as (event: unknown) => CloudFrontResult;
  return (request) => {
    const url = new URL(request.url ?? '/', 'http://local');
    const querystring: Record<string, CloudFrontValue> = {};
    for (const [key, value] of url.searchParams) querystring[key] = { value };
    const headers: Record<string, CloudFrontValue> = {};
    for (const [key, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers[key] = { value: Array.isArray(value) ? value.join(',') : value };
    }
    return handler({
      version: '1.0',
      context: { eventType: 'viewer-request' },
      viewer: { ip: request.socket.remoteAddress ?? '127.0.0.1' },
      request: { method: request.method, uri: url.pathname, querystring, headers, cookies: {} },
    });
  };
};

export const isResponse = (
  result: CloudFrontResult,
): result is { statusCode: number; statusDescription?: string } => 'statusCode' in result;
