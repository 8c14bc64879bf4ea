import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../shared/adapters/dynamodb/keys.ts';
import { httpRoutes } from '../../shared/topology/http-routes.ts';
import { apiClient, provisionTenant } from '../support/api-client.ts';
import { startTestRuntime } from '../support/local-runtime.ts';

/** The contract's error body: `{ "error": { "code", "message" } }`. */
const contractError = (code: string) => ({ error: { code, message: expect.any(String) } });

describe('the tenant HTTP API answers every failure with the contract error format', () => {
  let env: Awaited<ReturnType<typeof startTestRuntime>>;
  let alpha: Awaited<ReturnType<typeof provisionTenant>>;
  let beta: Awaited<ReturnType<typeof provisionTenant>>;
  let apiUrl: string;

  beforeAll(async () => {
    env = await startTestRuntime();
    apiUrl = env.runtime.apiUrl;
    alpha = await provisionTenant(apiUrl, env.runtime.adminKey, ['CP-1', 'CP-2', 'CP-3']);
    beta = await provisionTenant(apiUrl, env.runtime.adminKey, ['CP-1', 'CP-BETA']);
  });
  afterAll(() => env?.stop());

  describe('authentication and roles', () => {
    it.each([
      ['no Authorization header', undefined],
      ['a Basic instead of a Bearer header', 'Basic Zm9vOmJhcg=='],
      ['a Bearer header without a token', 'Bearer '],
    ])('%s → 401', async (_name, authorization) => {
      // Act
      const response = await apiClient(apiUrl).call(
        'GET',
        '/v1/chargers',
        undefined,
        authorization ? { authorization } : {},
      );

      // Assess
      expect(response.status).toBe(401);
      expect(response.body).toEqual(contractError('unauthorized'));
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    });

    it.each([
      ['a malformed key', () => 'not-a-key'],
      [
        'a key of an unknown tenant',
        () => 'csms.01J00000000000000000000000.01J00000000000000000000001.secret',
      ],
      [
        'a key with an unknown key id',
        () => alpha.apiKey.replace(/^(csms\.[^.]+\.)[^.]+/, '$101J00000000000000000000001'),
      ],
      ['a key with the wrong secret', () => alpha.apiKey.replace(/[^.]+$/, 'wrong-secret')],
      [
        'another tenant id with a valid secret',
        () => alpha.apiKey.replace(/^csms\.[^.]+/, `csms.${beta.tenantId}`),
      ],
      ['the admin key with a typo', () => `${env.runtime.adminKey}x`],
    ])('%s → 401', async (_name, key) => {
      // Act
      const response = await apiClient(apiUrl, key()).get('/v1/chargers');

      // Assess
      expect(response.status).toBe(401);
      expect(response.body).toEqual(contractError('unauthorized'));
    });

    it('a tenant key on POST /v1/tenants → 403', async () => {
      // Act
      const response = await alpha.api.post('/v1/tenants', { name: 'sneaky' });

      // Assess
      expect(response.status).toBe(403);
      expect(response.body).toEqual(contractError('forbidden'));
    });

    it.each([
      ['GET', '/v1/chargers', undefined],
      ['POST', '/v1/chargers', { chargerId: 'CP-ADMIN' }],
      ['GET', '/v1/chargers/CP-1', undefined],
    ])('the admin key on %s %s → 403', async (method, path, body) => {
      // Act
      const response = await apiClient(apiUrl, env.runtime.adminKey).call(method, path, body);

      // Assess
      expect(response.status).toBe(403);
      expect(response.body).toEqual(contractError('forbidden'));
    });
  });

  describe('input validation', () => {
    it.each([
      ['invalid JSON', '{"chargerId": "CP-9",'],
      ['a JSON array', '[]'],
      ['an empty body', ''],
      ['an unknown field', { chargerId: 'CP-9', colour: 'red' }],
      ['a chargerId of the wrong type', { chargerId: 42 }],
      ['a siteId of the wrong type', { chargerId: 'CP-9', siteId: ['a'] }],
      ['a missing chargerId', { siteId: 'site-a' }],
      ['a chargerId with a space', { chargerId: 'CP 9' }],
      ['a chargerId with a colon (the Basic-auth username)', { chargerId: 'CP:9' }],
      ['a chargerId with a #', { chargerId: 'CP#9' }],
      ['a chargerId with a slash', { chargerId: 'CP/9' }],
      ['an empty chargerId', { chargerId: '' }],
      ['a chargerId over 48 characters', { chargerId: 'C'.repeat(49) }],
    ])('POST /v1/chargers with %s → 400', async (_name, body) => {
      // Act
      const response = await alpha.api.call('POST', '/v1/chargers', body, {
        'content-type': 'application/json',
      });

      // Assess
      expect(response.status).toBe(400);
      expect(response.body).toEqual(contractError('invalid_request'));
      expect((await alpha.api.get('/v1/chargers/CP-9')).status).toBe(404);
    });

    it('POST /v1/tenants with an unknown field → 400', async () => {
      // Act
      const response = await apiClient(apiUrl, env.runtime.adminKey).post('/v1/tenants', {
        name: 'x',
        plan: 'gold',
      });

      // Assess
      expect(response.status).toBe(400);
      expect(response.body).toEqual(contractError('invalid_request'));
    });

    it('a body that is not declared as JSON → 415', async () => {
      // Act
      const response = await alpha.api.call('POST', '/v1/chargers', JSON.stringify({ chargerId: 'CP-9' }), {
        'content-type': 'text/plain',
      });

      // Assess
      expect(response.status).toBe(415);
      expect(response.body).toEqual(contractError('unsupported_media_type'));
    });

    it('a body over 1 MB → 413', async () => {
      // Prepare
      const body = JSON.stringify({ chargerId: 'CP-9', siteId: 's'.repeat(1024 * 1024) });

      // Act
      const response = await alpha.api.call('POST', '/v1/chargers', body);

      // Assess
      expect(response.status).toBe(413);
      expect(response.body).toEqual(contractError('payload_too_large'));
    });

    it.each([
      ['GET', '/v1/chargers/CP%209'],
      ['GET', '/v1/chargers/CP%3A9'],
      ['GET', '/v1/chargers/CP%ZZ'],
      ['DELETE', '/v1/chargers/%E0%A4%A'],
      ['GET', '/v1/chargers?limit=0'],
      ['GET', '/v1/chargers?limit=101'],
      ['GET', '/v1/chargers?limit=ten'],
      ['GET', '/v1/chargers?colour=red'],
    ])('%s %s → 400', async (method, path) => {
      // Act
      const response = await alpha.api.call(method, path);

      // Assess
      expect(response.status).toBe(400);
      expect(response.body).toEqual(contractError('invalid_request'));
    });
  });

  describe('validation messages name the part of the request and the field, once', () => {
    it.each([
      ['GET', '/v1/chargers?limit=0', undefined, /^query\.limit: Too small/],
      ['GET', '/v1/chargers?limit=ten', undefined, /^query\.limit: /],
      ['GET', '/v1/chargers?colour=red', undefined, /^query: Unrecognized key: "colour"$/],
      [
        'GET',
        '/v1/chargers/CP%209',
        undefined,
        /^path\.chargerId: 1-48 characters of A-Z a-z 0-9 \. _ -, not only dots$/,
      ],
      ['POST', '/v1/chargers', { chargerId: 'CP 9' }, /^body\.chargerId: 1-48 characters/],
      ['POST', '/v1/chargers', { chargerId: 'CP-9', siteId: '..' }, /^body\.siteId: 1-64 characters/],
      ['POST', '/v1/sites', { siteId: 'north', name: 42 }, /^body\.name: /],
      ['POST', '/v1/chargers', [], /^body: /],
    ])('%s %s %j → 400 %s', async (method, path, body, message) => {
      // Act
      const response = await alpha.api.call(method, path, body);

      // Assess
      expect(response.status).toBe(400);
      expect(response.body).toEqual(contractError('invalid_request'));
      expect(response.body.error.message).toMatch(message);
      const field = /^\w+\.(\w+):/.exec(response.body.error.message)?.[1];
      if (field) expect(response.body.error.message.split(field)).toHaveLength(2);
    });

    it('a bulk import row names the field it refuses, once', async () => {
      // Act
      const response = await alpha.api.post('/v1/chargers/bulk', { chargers: [{ chargerId: 'CP 9' }] });

      // Assess
      expect(response.status).toBe(200);
      expect(response.body.failed).toEqual([
        {
          chargerId: 'CP 9',
          code: 'invalid_request',
          message: 'chargerId: 1-48 characters of A-Z a-z 0-9 . _ -, not only dots',
        },
      ]);
    });
  });

  describe('tenants never see each other', () => {
    it('a duplicate chargerId in the same tenant → 409', async () => {
      // Act
      const response = await alpha.api.post('/v1/chargers', { chargerId: 'CP-1' });

      // Assess
      expect(response.status).toBe(409);
      expect(response.body).toEqual(contractError('conflict'));
    });

    it("another tenant's charger → 404, like a charger that does not exist", async () => {
      // Act
      const foreign = await alpha.api.get('/v1/chargers/CP-BETA');
      const missing = await alpha.api.get('/v1/chargers/CP-NONE');

      // Assess
      expect(foreign.status).toBe(404);
      expect(foreign.body).toEqual(contractError('not_found'));
      expect(missing.status).toBe(404);
      expect(missing.body).toEqual({ error: { code: 'not_found', message: missing.body.error.message } });
    });

    it('the same chargerId in two tenants is two chargers; each tenant sees only its own', async () => {
      // Act
      const alphaList = await alpha.api.get('/v1/chargers');
      const betaList = await beta.api.get('/v1/chargers');
      const alphaOne = await alpha.api.get('/v1/chargers/CP-1');
      const betaOne = await beta.api.get('/v1/chargers/CP-1');

      // Assess
      const ids = (list: { body: { items: { chargerId: string }[] } }) =>
        list.body.items.map((item) => item.chargerId).sort();
      expect(ids(alphaList)).toEqual(['CP-1', 'CP-2', 'CP-3']);
      expect(ids(betaList)).toEqual(['CP-1', 'CP-BETA']);
      expect(alphaOne.status).toBe(200);
      expect(betaOne.status).toBe(200);
      expect(alphaOne.body.createdAt).not.toBe(betaOne.body.createdAt);
      expect(alpha.chargers['CP-1']!.password).not.toBe(beta.chargers['CP-1']!.password);
      expect(alpha.chargers['CP-1']!.ocppUrl).toContain(`/${alpha.tenantId}/CP-1`);
      expect(beta.chargers['CP-1']!.ocppUrl).toContain(`/${beta.tenantId}/CP-1`);
    });
  });

  describe('pagination', () => {
    it('limit=1 pages through all chargers with the cursor, each exactly once', async () => {
      // Prepare
      const seen: string[] = [];
      let cursor: string | undefined;

      // Act
      for (let page = 0; page < 5; page++) {
        const query = `limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const response = await alpha.api.get(`/v1/chargers?${query}`);
        expect(response.status).toBe(200);
        expect(response.body.items.length).toBeLessThanOrEqual(1);
        seen.push(...response.body.items.map((item: { chargerId: string }) => item.chargerId));
        cursor = response.body.cursor;
        if (!cursor) break;
      }

      // Assess
      expect(cursor).toBeUndefined();
      expect(seen.sort()).toEqual(['CP-1', 'CP-2', 'CP-3']);
    });

    it.each([
      ['garbage', () => Promise.resolve('!!!not-a-cursor!!!')],
      ['base64 of a non-object', () => Promise.resolve(Buffer.from('42').toString('base64url'))],
      [
        "another tenant's cursor",
        async () => (await beta.api.get('/v1/chargers?limit=1')).body.cursor as string,
      ],
    ])('an invalid cursor (%s) → 400', async (_name, cursor) => {
      // Prepare
      const value = await cursor();
      expect(value).toEqual(expect.any(String));

      // Act
      const response = await alpha.api.get(`/v1/chargers?limit=1&cursor=${encodeURIComponent(value)}`);

      // Assess
      expect(response.status).toBe(400);
      expect(response.body).toEqual(contractError('invalid_request'));
    });
  });

  describe('forged cursors', () => {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
    const decode = (cursor: string) =>
      JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, string>;
    const chargerCursor = async () => {
      const page = await alpha.api.get('/v1/chargers?limit=1');
      expect(page.body.cursor).toEqual(expect.any(String));
      return decode(page.body.cursor);
    };
    const sessionKey = () => ({
      ...keys.session(alpha.tenantId, '01J00000000000000000000000'),
      ...keys.sessionIndex(alpha.tenantId, '2026-01-01T00:00:00.000Z', '01J00000000000000000000000'),
    });

    it.each([
      ['chargers', 'missing a key', async () => encode({ ...(await chargerCursor()), GSI1SK: undefined })],
      ['chargers', 'with an extra key', async () => encode({ ...(await chargerCursor()), colour: 'red' })],
      ['chargers', 'with a non-string key', async () => encode({ ...(await chargerCursor()), SK: 42 })],
      ['chargers', 'with an empty key', async () => encode({ ...(await chargerCursor()), SK: '' })],
      [
        'chargers',
        'with a key of another partition',
        async () =>
          encode({ ...(await chargerCursor()), GSI1PK: keys.sessionIndexPartition(alpha.tenantId) }),
      ],
      ['chargers', 'of JSON null', async () => encode(null)],
      ['chargers', 'of a JSON array', async () => encode([])],
      [
        'chargers',
        'of base64 that is not JSON',
        async () => Buffer.from('{PK:', 'utf8').toString('base64url'),
      ],
      ['sessions', 'missing a key', async () => encode({ ...sessionKey(), PK: undefined })],
      ['sessions', 'with an extra key', async () => encode({ ...sessionKey(), colour: 'red' })],
      ['sessions', 'with a key of another partition', async () => encode(await chargerCursor())],
      [
        'sessions',
        'of base64 that is not JSON',
        async () => Buffer.from('nope', 'utf8').toString('base64url'),
      ],
    ])('GET /v1/%s with a cursor %s → 400', async (collection, _name, cursor) => {
      // Prepare
      const value = await cursor();
      expect(value).toEqual(expect.any(String));

      // Act
      const response = await alpha.api.get(`/v1/${collection}?limit=1&cursor=${encodeURIComponent(value)}`);

      // Assess
      expect(response.status).toBe(400);
      expect(response.body).toEqual(contractError('invalid_request'));
    });

    it('GET /v1/sessions with a cursor of the shape it produces → 200', async () => {
      // Act
      const response = await alpha.api.get(`/v1/sessions?limit=1&cursor=${encode(sessionKey())}`);

      // Assess: the checks above refuse the forgeries, not every cursor.
      expect(response.status).toBe(200);
    });

    it('GET /v1/chargers?siteId with a cursor outside that site → 400', async () => {
      // Prepare
      const cursor = await chargerCursor();
      expect(cursor.GSI1SK).not.toMatch(/^SITE/);

      // Act
      const response = await alpha.api.get(
        `/v1/chargers?limit=1&siteId=site-a&cursor=${encodeURIComponent(encode(cursor))}`,
      );

      // Assess
      expect(response.status).toBe(400);
      expect(response.body).toEqual(contractError('invalid_request'));
    });
  });

  describe('routes', () => {
    it.each([
      ['GET', '/v1/nothing-here'],
      ['GET', '/v2/chargers'],
      ['GET', '/'],
      ['GET', '/v1/nothing%ZZ'],
      ['POST', '/v1/chargers/CP-1/nothing'],
    ])('an unknown route (%s %s) → 404 in the contract error format', async (method, path) => {
      // Act
      const response = await alpha.api.call(method, path);

      // Assess: the $default route hands unmatched requests to the API function.
      expect(response.status).toBe(404);
      expect(response.body).toEqual(contractError('not_found'));
      expect(response.body.error.message).toContain(`${method} ${path}`);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    });

    it.each([
      ['DELETE', '/v1/chargers'],
      ['PUT', '/v1/chargers/CP-1'],
    ])('a known path with another method (%s %s) → 404, as API Gateway answers it', async (method, path) => {
      // Act
      const response = await alpha.api.call(method, path);

      // Assess
      expect(response.status).toBe(404);
      expect(response.body).toEqual(contractError('not_found'));
    });

    it('an unknown route without a key → 404, not 401: the catch-all has no authorizer', async () => {
      // Act
      const response = await apiClient(apiUrl).get('/v1/nothing-here');

      // Assess
      expect(response.status).toBe(404);
      expect(response.body).toEqual(contractError('not_found'));
    });

    it('GET /v1/openapi.json needs no key and documents every route as OpenAPI 3.1', async () => {
      // Act
      const response = await apiClient(apiUrl).get('/v1/openapi.json');

      // Assess
      expect(response.status).toBe(200);
      expect(response.body.openapi).toBe('3.1.0');
      for (const route of httpRoutes) {
        expect(
          response.body.paths[route.path]?.[route.method.toLowerCase()],
          `${route.method} ${route.path}`,
        ).toMatchObject({
          operationId: route.operationId,
        });
      }
      const documented = Object.values(response.body.paths as Record<string, object>).flatMap((item) =>
        Object.keys(item),
      );
      expect(documented).toHaveLength(httpRoutes.length);
    });
  });
});
