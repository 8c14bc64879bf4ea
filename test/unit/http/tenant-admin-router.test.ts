import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createApiHandler } from '../../../shared/handlers/api.ts';
import type { ApiAuthorizerContext } from '../../../shared/http/principal-context.ts';
import type { ApiKeyRole } from '../../../shared/slices/tenancy/model.ts';
import { createTestDependencies, type TestDependencies } from '../../support/test-dependencies.ts';
import { aSite } from '../domain/builders.ts';

type Deps = TestDependencies;

interface Caller {
  readonly kind?: 'tenant' | 'platform-admin';
  readonly role?: ApiKeyRole;
  readonly siteIds?: string[];
  readonly rateLimitPerSecond?: number;
}

/** Calls the API function in-process, as API Gateway does after the authorizer described the key. */
const call = async (
  deps: Deps,
  caller: Caller,
  request: {
    method: string;
    route: string;
    path?: Record<string, string>;
    body?: unknown;
    contentType?: string;
  },
) => {
  const lambda: ApiAuthorizerContext =
    caller.kind === 'platform-admin'
      ? {
          kind: 'platform-admin',
          tenantId: '',
          keyId: 'platform-admin',
          role: '',
          siteIds: '',
          rateLimitPerSecond: 0,
          authError: '',
        }
      : {
          kind: 'tenant',
          tenantId: 'tenant-a',
          keyId: `key-${caller.role ?? 'admin'}`,
          role: caller.role ?? 'admin',
          siteIds: caller.siteIds?.join(',') ?? '',
          rateLimitPerSecond: caller.rateLimitPerSecond ?? 100,
          authError: '',
        };
  const body =
    request.body === undefined
      ? undefined
      : typeof request.body === 'string'
        ? request.body
        : JSON.stringify(request.body);
  const handler = createApiHandler(deps);
  const result = (await handler({
    routeKey: `${request.method} ${request.route}`,
    rawPath: request.route,
    headers: body === undefined ? {} : { 'content-type': request.contentType ?? 'application/json' },
    ...(request.path && { pathParameters: request.path }),
    ...(body !== undefined && { body }),
    isBase64Encoded: false,
    requestContext: { http: { method: request.method }, authorizer: { lambda } },
  } as unknown as Parameters<typeof handler>[0])) as APIGatewayProxyStructuredResultV2;
  return {
    status: result.statusCode,
    headers: result.headers ?? {},
    body: result.body ? JSON.parse(result.body) : undefined,
  };
};

const withSites = async () => {
  const deps = await createTestDependencies();
  for (const siteId of ['north', 'south']) await deps.sites.create(aSite({ siteId }));
  return deps;
};

const listChargers = { method: 'GET', route: '/v1/chargers' };
const createCharger = (chargerId: string, siteId?: string) => ({
  method: 'POST',
  route: '/v1/chargers',
  body: { chargerId, ...(siteId && { siteId }) },
});

describe('rate limit in the router', () => {
  it('answers 429 rate_limited with Retry-After once the tenant used its second, and runs nothing', async () => {
    // Prepare
    const deps = await withSites();
    await call(deps, { rateLimitPerSecond: 2 }, listChargers);
    await call(deps, { rateLimitPerSecond: 2 }, listChargers);

    // Act
    const limited = await call(deps, { rateLimitPerSecond: 2 }, createCharger('cp-1'));

    // Assess
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('1');
    expect(limited.body).toEqual({ error: { code: 'rate_limited', message: expect.any(String) } });
    expect(await deps.chargers.getView('tenant-a', 'cp-1', deps.clock.now())).toBeUndefined();
  });

  it('lets requests through when the limiter fails', async () => {
    // Prepare
    const deps = await createTestDependencies({
      rateLimiter: { consume: () => Promise.reject(new Error('table unavailable')) },
    });

    // Act
    const response = await call(deps, {}, listChargers);

    // Assess
    expect(response.status).toBe(200);
  });

  it('does not count the platform admin', async () => {
    // Prepare
    const deps = await createTestDependencies({ settings: { apiRateLimitPerSecond: 1 } });

    // Act
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push(
        (await call(deps, { kind: 'platform-admin' }, { method: 'GET', route: '/v1/tenants' })).status,
      );

    // Assess
    expect(statuses).toEqual([200, 200, 200]);
  });
});

describe('audit log in the router', () => {
  const entries = async (deps: Deps, tenantId = 'tenant-a') =>
    (await deps.auditLog.list(tenantId, { month: '2024-05', limit: 100 })).items;

  it('records a successful change with key, route, path parameters and status', async () => {
    // Prepare
    const deps = await withSites();
    await call(deps, {}, createCharger('cp-1', 'north'));

    // Act
    await call(
      deps,
      {},
      {
        method: 'PATCH',
        route: '/v1/chargers/{chargerId}',
        path: { chargerId: 'cp-1' },
        body: { siteId: 'south' },
      },
    );

    // Assess
    expect(await entries(deps)).toEqual([
      {
        tenantId: 'tenant-a',
        entryId: expect.any(String),
        at: '2024-05-01T12:00:00.000Z',
        keyId: 'key-admin',
        method: 'PATCH',
        route: 'PATCH /v1/chargers/{chargerId}',
        pathParameters: { chargerId: 'cp-1' },
        status: 200,
      },
      expect.objectContaining({ route: 'POST /v1/chargers', status: 201, pathParameters: {} }),
    ]);
  });

  it('records no read and no failed change', async () => {
    // Prepare
    const deps = await withSites();

    // Act
    await call(deps, {}, listChargers);
    await call(deps, {}, createCharger('cp-1', 'nowhere'));
    await call(deps, { role: 'viewer' }, createCharger('cp-2'));

    // Assess
    expect(await entries(deps)).toEqual([]);
  });

  it('records platform-admin changes under the tenant they touch', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const created = await call(
      deps,
      { kind: 'platform-admin' },
      { method: 'POST', route: '/v1/tenants', body: { name: 'T' } },
    );
    const tenantId = created.body.tenantId as string;

    // Act
    await call(
      deps,
      { kind: 'platform-admin' },
      { method: 'PATCH', route: '/v1/tenants/{tenantId}', path: { tenantId }, body: { status: 'suspended' } },
    );

    // Assess
    expect((await entries(deps, tenantId)).map((entry) => [entry.route, entry.keyId])).toEqual([
      ['PATCH /v1/tenants/{tenantId}', 'platform-admin'],
      ['POST /v1/tenants', 'platform-admin'],
    ]);
  });
});

describe('bodies of the bulk import', () => {
  const bulk = (body: unknown, contentType?: string) => ({
    method: 'POST',
    route: '/v1/chargers/bulk',
    body,
    ...(contentType && { contentType }),
  });

  it('takes text/csv with quoted fields, as the JSON form', async () => {
    // Prepare
    const deps = await withSites();
    const csv = 'chargerId,siteId\r\nCP-1,north\r\n"CP-2",""\r\n"CP 3",south\r\n';

    // Act
    const response = await call(deps, {}, bulk(csv, 'text/csv; charset=utf-8'));

    // Assess
    expect(response.status).toBe(200);
    expect(response.body.created.map((row: { chargerId: string }) => row.chargerId)).toEqual([
      'CP-1',
      'CP-2',
    ]);
    expect(response.body.failed).toEqual([
      { chargerId: 'CP 3', code: 'invalid_request', message: expect.any(String) },
    ]);
    expect(
      (await deps.chargers.getView('tenant-a', 'CP-2', deps.clock.now()))?.charger.siteId,
    ).toBeUndefined();
  });

  it.each([
    ['broken CSV', 'chargerId\n"CP-1', 'text/csv'],
    ['an unknown CSV column', 'chargerId,colour\nCP-1,red', 'text/csv'],
    ['CSV without the chargerId column', 'siteId\nnorth', 'text/csv'],
    ['an empty JSON list', { chargers: [] }, undefined],
    [
      'more than 1000 rows',
      { chargers: Array.from({ length: 1001 }, (_, i) => ({ chargerId: `c${i}` })) },
      undefined,
    ],
  ])('refuses %s as a whole with 400', async (_name, body, contentType) => {
    // Prepare
    const deps = await withSites();

    // Act
    const response = await call(deps, {}, bulk(body, contentType));

    // Assess
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalid_request');
    expect((await deps.table.scan()).filter((item) => item.type === 'Charger')).toEqual([]);
  });

  it('still refuses CSV where an operation takes only JSON', async () => {
    // Prepare
    const deps = await withSites();

    // Act
    const response = await call(
      deps,
      {},
      { method: 'POST', route: '/v1/chargers', body: 'chargerId\nCP-1', contentType: 'text/csv' },
    );

    // Assess
    expect(response.status).toBe(415);
  });
});

describe('site-limited keys', () => {
  it('see, change and delete only chargers of their sites, and add chargers only there', async () => {
    // Prepare
    const deps = await withSites();
    await call(deps, {}, createCharger('cp-n', 'north'));
    await call(deps, {}, createCharger('cp-s', 'south'));
    await call(deps, {}, createCharger('cp-0'));
    const north = { siteIds: ['north'] };

    // Act
    const list = await call(deps, north, listChargers);
    const foreign = await call(deps, north, {
      method: 'GET',
      route: '/v1/chargers/{chargerId}',
      path: { chargerId: 'cp-s' },
    });
    const siteless = await call(deps, north, {
      method: 'GET',
      route: '/v1/chargers/{chargerId}',
      path: { chargerId: 'cp-0' },
    });
    const deleteForeign = await call(deps, north, {
      method: 'DELETE',
      route: '/v1/chargers/{chargerId}',
      path: { chargerId: 'cp-s' },
    });
    const moveAway = await call(deps, north, {
      method: 'PATCH',
      route: '/v1/chargers/{chargerId}',
      path: { chargerId: 'cp-n' },
      body: { siteId: 'south' },
    });
    const createElsewhere = await call(deps, north, createCharger('cp-x', 'south'));
    const createNowhere = await call(deps, north, createCharger('cp-y'));
    const createOwn = await call(deps, north, createCharger('cp-z', 'north'));
    const sites = await call(deps, north, { method: 'GET', route: '/v1/sites' });
    const newKey = await call(deps, north, {
      method: 'POST',
      route: '/v1/api-keys',
      body: { role: 'viewer' },
    });

    // Assess
    expect(list.body.items.map((item: { chargerId: string }) => item.chargerId)).toEqual(['cp-n']);
    expect([foreign.status, siteless.status, deleteForeign.status]).toEqual([404, 404, 404]);
    expect([moveAway.status, createElsewhere.status, createNowhere.status]).toEqual([403, 403, 403]);
    expect(createOwn.status).toBe(201);
    expect(sites.body.items.map((site: { siteId: string }) => site.siteId)).toEqual(['north']);
    expect(newKey.status).toBe(403);
    expect(await deps.chargers.getView('tenant-a', 'cp-s', deps.clock.now())).toBeDefined();
  });
});
