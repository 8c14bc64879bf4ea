import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createApiAuthorizerHandler } from '../../../shared/handlers/api-authorizer.ts';
import type { RefusalCounts } from '../../../shared/handlers/refusal-metrics.ts';
import { defaultFailedAuthLimits, sourceOf } from '../../../shared/http/failed-auth-guard.ts';
import type { TenantRepository } from '../../../shared/slices/tenancy/ports.ts';
import { createTenant, updateTenant } from '../../../shared/slices/tenancy/tenants.ts';
import { callApi } from '../../support/api-handler-call.ts';
import { createTestDependencies } from '../../support/test-dependencies.ts';

const bound = defaultFailedAuthLimits.maxFailuresPerSource;

/** A tenant with its first key, and an authorizer whose key reads are counted. */
const givenAuthorizer = async () => {
  const deps = await createTestDependencies();
  const { apiKey, tenantId } = await createTenant(deps, { name: 'Acme', actor: 'platform-admin' });
  const reads = { count: 0 };
  const counted: TenantRepository = {
    ...deps.tenants,
    get: (...args) => {
      reads.count++;
      return deps.tenants.get(...args);
    },
    getApiKey: (...args) => {
      reads.count++;
      return deps.tenants.getApiKey(...args);
    },
  };
  const published: RefusalCounts[] = [];
  const authorize = createApiAuthorizerHandler(
    { ...deps, tenants: counted },
    { publishRefusals: (counts) => published.push(counts) },
  );
  const request = (sourceIp: string, authorization?: string) =>
    authorize({
      type: 'REQUEST',
      headers: authorization ? { authorization } : {},
      requestContext: { http: { sourceIp } },
    } as unknown as APIGatewayRequestAuthorizerEventV2);
  return { deps, tenantId, apiKey, reads, published, request };
};

/** A well-formed key of the tenant that does not exist: each costs the two reads of a lookup. */
const unknownKey = (tenantId: string, n: number) =>
  `Bearer csms.${tenantId}.01J${String(n).padStart(23, '0')}.secret`;

describe('API authorizer: failed authentications', () => {
  it('refuses a source with 429 after the bound, without lookups; another source still authenticates', async () => {
    // Prepare
    const { tenantId, apiKey, reads, request } = await givenAuthorizer();

    // Act
    const refused = [];
    for (let n = 0; n < bound; n++) refused.push(await request('203.0.113.7', unknownKey(tenantId, n)));
    const readsAtBound = reads.count;
    const throttled = [];
    for (let n = bound; n < bound + 100; n++)
      throttled.push(await request('203.0.113.7', unknownKey(tenantId, n)));
    const validFromThrottled = await request('203.0.113.7', `Bearer ${apiKey}`);
    const readsBefore = reads.count;
    const validElsewhere = await request('198.51.100.1', `Bearer ${apiKey}`);

    // Assess
    expect(refused.every((result) => result.context.authError === 'invalid')).toBe(true);
    expect(readsAtBound).toBe(2 * bound);
    expect(throttled.every((result) => result.context.authError === 'throttled')).toBe(true);
    expect(throttled[0]?.context.retryAfterSeconds).toBe(defaultFailedAuthLimits.windowSeconds);
    expect(readsBefore).toBe(2 * bound);
    expect(validFromThrottled.context.authError).toBe('throttled');
    expect(validElsewhere.context).toMatchObject({ kind: 'tenant', tenantId, role: 'admin', authError: '' });
    expect(reads.count).toBe(2 * bound + 2);
  });

  it('lets the source try again when its window is over', async () => {
    // Prepare
    const { deps, tenantId, apiKey, request } = await givenAuthorizer();
    for (let n = 0; n <= bound; n++) await request('203.0.113.7', unknownKey(tenantId, n));
    deps.clock.advance(30_000);
    const stillThrottled = await request('203.0.113.7', `Bearer ${apiKey}`);

    // Act
    deps.clock.advance(30_000);
    const after = await request('203.0.113.7', `Bearer ${apiKey}`);

    // Assess
    expect(stillThrottled.context).toMatchObject({ authError: 'throttled', retryAfterSeconds: 30 });
    expect(after.context).toMatchObject({ kind: 'tenant', authError: '' });
  });

  it('counts addresses of one IPv6 /64 as one source', async () => {
    // Prepare
    const { tenantId, request } = await givenAuthorizer();

    // Act
    for (let n = 0; n < bound; n++) await request(`2001:db8:1:2::${n.toString(16)}`, unknownKey(tenantId, n));
    const sameNetwork = await request('2001:db8:1:2:ffff::1', unknownKey(tenantId, 999));
    const otherNetwork = await request('2001:db8:1:3::1', unknownKey(tenantId, 999));

    // Assess
    expect(sameNetwork.context.authError).toBe('throttled');
    expect(otherNetwork.context.authError).toBe('invalid');
  });

  it('looks a refused key up once in a while, not on every request', async () => {
    // Prepare
    const { deps, tenantId, reads, request } = await givenAuthorizer();

    // Act: the same unknown key from five sources, then again after the cache time
    for (let n = 1; n <= 5; n++) await request(`192.0.2.${n}`, unknownKey(tenantId, 1));
    const readsCached = reads.count;
    deps.clock.advance(defaultFailedAuthLimits.negativeCacheSeconds * 1000);
    const again = await request('192.0.2.9', unknownKey(tenantId, 1));

    // Assess
    expect(readsCached).toBe(2);
    expect(again.context.authError).toBe('invalid');
    expect(reads.count).toBe(4);
  });

  it("does not remember a suspended tenant's key: it works again once the tenant is reactivated", async () => {
    // Prepare
    const { deps, tenantId, apiKey, request } = await givenAuthorizer();
    const change = (status: 'active' | 'suspended') =>
      updateTenant(deps, { tenantId, changes: { status }, actor: 'platform-admin' });
    await change('suspended');
    const whileSuspended = await request('192.0.2.1', `Bearer ${apiKey}`);

    // Act
    await change('active');
    const reactivated = await request('192.0.2.1', `Bearer ${apiKey}`);

    // Assess
    expect(whileSuspended.context.authError).toBe('invalid');
    expect(reactivated.context).toMatchObject({ kind: 'tenant', authError: '' });
  });

  it('publishes refusals as counts once a minute, not one line per request', async () => {
    // Prepare
    const { deps, tenantId, published, request } = await givenAuthorizer();

    // Act
    await request('192.0.2.1');
    for (let n = 0; n < bound + 5; n++) await request('192.0.2.2', unknownKey(tenantId, n));
    const beforeMinute = published.length;
    deps.clock.advance(60_000);
    await request('192.0.2.3');

    // Assess
    expect(beforeMinute).toBe(0);
    expect(published).toEqual([{ missing: 2, invalid: bound, throttled: 5 }]);
  });

  it('the API answers a throttled source 429 rate_limited with Retry-After', async () => {
    // Prepare
    const deps = await createTestDependencies();

    // Act
    const answer = await callApi(
      deps,
      { tenantId: '', role: 'viewer' },
      { method: 'GET', route: '/v1/chargers' },
      { kind: 'anonymous', authError: 'throttled', retryAfterSeconds: 42 },
    );

    // Assess
    expect(answer.status).toBe(429);
    expect(answer.headers['retry-after']).toBe('42');
    expect(answer.body).toEqual({ error: { code: 'rate_limited', message: expect.any(String) } });
  });
});

describe('sourceOf', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:1:2::1', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002:aaaa:bbbb:cccc:dddd', '2001:db8:1:2::/64'],
    ['::1', '0:0:0:0::/64'],
    [undefined, 'unknown'],
  ])('%s → %s', (ip, source) => {
    expect(sourceOf(ip)).toBe(source);
  });
});
