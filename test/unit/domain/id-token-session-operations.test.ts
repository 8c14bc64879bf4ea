import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createApiHandler } from '../../../shared/handlers/api.ts';
import type { ApiAuthorizerContext } from '../../../shared/http/principal-context.ts';
import { recordSessionEvent } from '../../../shared/slices/transactions/sessions.ts';
import { createTestDependencies, type TestDependencies } from '../../support/test-dependencies.ts';
import { aMessageContext } from './builders.ts';
import { aSessionEvent } from './session-builders.ts';

type Role = 'viewer' | 'operator' | 'admin';

/** Calls the API function in-process, as API Gateway would after the authorizer described the key. */
const call = async (
  deps: TestDependencies,
  caller: { role: Role; siteIds?: string[] },
  request: {
    method: string;
    route: string;
    path?: Record<string, string>;
    query?: Record<string, string>;
    body?: unknown;
  },
) => {
  const lambda: Partial<ApiAuthorizerContext> = {
    kind: 'tenant',
    tenantId: 'tenant-a',
    keyId: `key-${caller.role}`,
    role: caller.role,
    siteIds: caller.siteIds?.join(',') ?? '',
    authError: '',
  };
  const handler = createApiHandler(deps);
  const result = (await handler({
    routeKey: `${request.method} ${request.route}`,
    rawPath: request.route,
    headers: request.body === undefined ? {} : { 'content-type': 'application/json' },
    ...(request.path && { pathParameters: request.path }),
    ...(request.query && { queryStringParameters: request.query }),
    ...(request.body !== undefined && { body: JSON.stringify(request.body) }),
    isBase64Encoded: false,
    requestContext: { http: { method: request.method }, authorizer: { lambda } },
  } as unknown as Parameters<typeof handler>[0])) as APIGatewayProxyStructuredResultV2;
  return { status: result.statusCode, body: result.body ? JSON.parse(result.body) : undefined };
};

const putTag = {
  method: 'PUT',
  route: '/v1/id-tokens/{idToken}',
  path: { idToken: 'TAG-1' },
  body: { status: 'Accepted' },
};
const deleteTag = { method: 'DELETE', route: '/v1/id-tokens/{idToken}', path: { idToken: 'TAG-1' } };
const getTag = { method: 'GET', route: '/v1/id-tokens/{idToken}', path: { idToken: 'TAG-1' } };
const listTags = { method: 'GET', route: '/v1/id-tokens' };
const listSessions = { method: 'GET', route: '/v1/sessions' };

describe('id token operations: roles', () => {
  it.each([
    ['viewer', 'PUT a token', putTag, 403],
    ['operator', 'PUT a token', putTag, 403],
    ['admin', 'PUT a token', putTag, 201],
    ['viewer', 'DELETE a token', deleteTag, 403],
    ['operator', 'DELETE a token', deleteTag, 403],
    ['admin', 'DELETE a token', deleteTag, 200],
    ['viewer', 'GET a token', getTag, 200],
    ['viewer', 'GET the tokens', listTags, 200],
  ] as const)('a %s key: %s → %i', async (role, _label, request, status) => {
    // Prepare
    const deps = await createTestDependencies();
    if (request !== putTag) await call(deps, { role: 'admin' }, putTag);

    // Act
    const response = await call(deps, { role }, request);

    // Assess
    expect(response.status).toBe(status);
  });
});

describe('id token operations: site-limited keys', () => {
  it.each([
    ['PUT a token', putTag],
    ['DELETE a token', deleteTag],
  ] as const)('refuse a site-limited admin key: %s → 403, the token unchanged', async (_label, request) => {
    // Prepare
    const deps = await createTestDependencies();
    expect((await call(deps, { role: 'admin' }, { ...putTag, body: { status: 'Blocked' } })).status).toBe(
      201,
    );

    // Act
    const response = await call(deps, { role: 'admin', siteIds: ['north'] }, request);

    // Assess
    expect(response.status).toBe(403);
    expect(response.body).toEqual({
      error: {
        code: 'forbidden',
        message:
          'this needs a key that is not limited to sites: id tokens are valid at every site of the tenant',
      },
    });
    expect((await call(deps, { role: 'viewer' }, getTag)).body).toMatchObject({ status: 'Blocked' });
  });

  it('let a site-limited key read the tokens', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await call(deps, { role: 'admin' }, putTag);
    const north = { role: 'viewer' as const, siteIds: ['north'] };

    // Act
    const read = await call(deps, north, getTag);
    const listed = await call(deps, north, listTags);

    // Assess
    expect(read.status).toBe(200);
    expect(listed.body.items.map((token: { idToken: string }) => token.idToken)).toEqual(['TAG-1']);
  });
});

describe('session operations', () => {
  const givenSessions = async (deps: TestDependencies) => {
    for (const [chargerId, siteId] of [
      ['cp-1', 'north'],
      ['cp-2', 'south'],
      ['cp-3', undefined],
    ] as const) {
      await recordSessionEvent(
        deps,
        aMessageContext({ chargerId, siteId }),
        aSessionEvent({ eventType: 'Started' }),
      );
    }
  };

  it('shows a viewer every session of its tenant', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenSessions(deps);

    // Act
    const response = await call(deps, { role: 'viewer' }, listSessions);

    // Assess
    expect(response.status).toBe(200);
    expect(response.body.items.map((session: { chargerId: string }) => session.chargerId)).toEqual([
      'cp-3',
      'cp-2',
      'cp-1',
    ]);
  });

  it('shows a site-limited key the sessions of its sites only, others are not found', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenSessions(deps);
    const caller = { role: 'viewer' as const, siteIds: ['north'] };

    // Act
    const listed = await call(deps, caller, listSessions);
    const reads = await Promise.all(
      ['ID000001', 'ID000002', 'ID000003'].map((sessionId) =>
        call(deps, caller, { method: 'GET', route: '/v1/sessions/{sessionId}', path: { sessionId } }),
      ),
    );

    // Assess
    expect(listed.body.items.map((session: { chargerId: string }) => session.chargerId)).toEqual(['cp-1']);
    expect(reads.map((read) => read.status)).toEqual([200, 404, 404]);
  });

  it.each([
    ['an unknown status', { status: 'Done' }],
    ['an unknown filter', { idToken: 'TAG-1' }],
    ['a limit over 100', { limit: '101' }],
    ['a foreign cursor', { cursor: 'bm90LWEtY3Vyc29y' }],
  ])('refuses %s → 400', async (_name, query) => {
    // Prepare
    const deps = await createTestDependencies();

    // Act
    const response = await call(deps, { role: 'viewer' }, { ...listSessions, query });

    // Assess
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalid_request');
  });
});
