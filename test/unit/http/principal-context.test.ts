import { describe, expect, it } from 'vitest';
import { fromAuthorizerContext, toAuthorizerContext } from '../../../shared/http/principal-context.ts';
import type { Principal } from '../../../shared/slices/tenancy/tenants.ts';

/*
 * The authorizer's context carries the principal to the API function as flat values: what a key is limited to
 * (sites, a fleet) must come through, and a context without it (an older authorizer's) means no limit.
 */

const tenantKey = (overrides: Partial<Principal & { kind: 'tenant' }> = {}): Principal => ({
  kind: 'tenant',
  tenantId: 'T1',
  keyId: 'K1',
  role: 'viewer',
  rateLimitPerSecond: 50,
  ...overrides,
});

describe('principal context', () => {
  it.each<[string, Principal]>([
    ['a tenant-wide key', tenantKey()],
    ['a site-limited key', tenantKey({ siteIds: ['S-1', 'S-2'] })],
    ['a fleet-scoped key', tenantKey({ role: 'operator', fleetId: '01JFLEET' })],
    ['the platform admin', { kind: 'platform-admin', keyId: 'platform-admin' }],
  ])('carries %s through the context unchanged', (_case, principal) => {
    // Act
    const context = toAuthorizerContext({ ok: true, principal });
    const back = fromAuthorizerContext(context);

    // Assess
    expect(back).toEqual({ principal });
  });

  it('reads a context without fleetId (an older authorizer) as a key of no fleet', () => {
    // Prepare
    const { fleetId: _none, ...older } = toAuthorizerContext({ ok: true, principal: tenantKey() });

    // Act
    const back = fromAuthorizerContext(older);

    // Assess
    expect(back.principal).toEqual(tenantKey());
    expect(back.principal).not.toHaveProperty('fleetId');
  });
});
