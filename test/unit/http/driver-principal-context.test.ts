import { describe, expect, it } from 'vitest';
import { fromAuthorizerContext, toAuthorizerContext } from '../../../shared/http/principal-context.ts';
import type { Principal } from '../../../shared/slices/tenancy/tenants.ts';

describe('the authorizer context', () => {
  it.each<[string, Principal]>([
    ['a driver key', { kind: 'driver', tenantId: 't1', keyId: 'k1', driverId: 'D1', rateLimitPerSecond: 50 }],
    [
      'a tenant key',
      { kind: 'tenant', tenantId: 't1', keyId: 'k2', role: 'operator', rateLimitPerSecond: 50 },
    ],
    [
      'a site-limited key',
      { kind: 'tenant', tenantId: 't1', keyId: 'k3', role: 'viewer', siteIds: ['S-1', 'S-2'] },
    ],
  ])('carries %s to the API unchanged', (_name, principal) => {
    // Act
    const context = toAuthorizerContext({ ok: true, principal });
    const { principal: received } = fromAuthorizerContext(context);

    // Assess
    expect(received).toEqual(principal);
  });

  it('a driver context without its driver is no principal: the API answers 401, never a tenant-wide key', () => {
    // Prepare
    const context = toAuthorizerContext({
      ok: true,
      principal: { kind: 'driver', tenantId: 't1', keyId: 'k1', driverId: 'D1' },
    });

    // Act
    const result = fromAuthorizerContext({ ...context, driverId: '' });

    // Assess
    expect(result).toEqual({ authError: 'missing' });
  });
});
