import { describe, expect, it } from 'vitest';
import { canSeeSite, requireAllSites, siteScopeOf } from '../../../shared/http/site-access.ts';
import type { Principal } from '../../../shared/slices/tenancy/tenants.ts';

const tenantKey = (siteIds?: string[]): Principal => ({
  kind: 'tenant',
  tenantId: 't1',
  keyId: 'k1',
  role: 'viewer',
  ...(siteIds && { siteIds }),
});

describe('site access', () => {
  it.each([
    ['a tenant-wide key, a site', tenantKey(), 'site-1', true],
    ['a tenant-wide key, no site', tenantKey(), undefined, true],
    ['a site-limited key, its site', tenantKey(['site-1', 'site-2']), 'site-2', true],
    ['a site-limited key, another site', tenantKey(['site-1']), 'site-2', false],
    ['a site-limited key, no site', tenantKey(['site-1']), undefined, false],
    ['a site-limited key, a site it merely prefixes', tenantKey(['site-1']), 'site-10', false],
    ['the platform admin', { kind: 'platform-admin', keyId: 'platform-admin' } as Principal, 'x', true],
  ])('canSeeSite: %s → %s', (_name, principal, siteId, expected) => {
    // Act
    const visible = canSeeSite(principal, siteId);

    // Assess
    expect(visible).toBe(expected);
  });

  it('refuses tenant-wide administration to a site-limited key only', () => {
    // Act & Assess
    expect(() => requireAllSites(tenantKey(['site-1']))).toThrow(/not limited to sites/);
    expect(() => requireAllSites(tenantKey())).not.toThrow();
    expect(siteScopeOf(tenantKey(['a']))).toEqual(['a']);
    expect(siteScopeOf(tenantKey())).toBeUndefined();
  });
});
