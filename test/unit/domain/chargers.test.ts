import { describe, expect, it } from 'vitest';
import { hashSecret, secretMatches } from '../../../shared/kernel/credentials.ts';
import { chargerUrl, provisionCharger } from '../../../shared/slices/chargers/chargers.ts';
import { createTestDependencies, type TestOverrides } from '../../support/test-dependencies.ts';
import { aSite, at } from './builders.ts';

/** Memory dependencies with the sites the provisioning examples use, in both example tenants. */
const withSites = async (overrides: TestOverrides = {}) => {
  const deps = await createTestDependencies(overrides);
  for (const tenantId of ['tenant-a', 'tenant-b'])
    for (const siteId of ['site-1', 'site-2']) await deps.sites.create(aSite({ tenantId, siteId }));
  return deps;
};

const aProvisioning = (overrides: Partial<Parameters<typeof provisionCharger>[1]> = {}) => ({
  tenantId: 'tenant-a',
  chargerId: 'cp-1',
  siteId: 'site-1',
  actor: 'key-1',
  ...overrides,
});

describe('provisionCharger', () => {
  it("returns the charger's password and its URL", async () => {
    // Prepare
    const deps = await withSites({ settings: { ocppBaseUrl: 'wss://ocpp.example.com/v1' } });

    // Act
    const result = await provisionCharger(deps, aProvisioning());

    // Assess
    expect(result).toEqual({
      ok: true,
      chargerId: 'cp-1',
      password: expect.stringMatching(/^[0-9a-f]{40}$/),
      ocppUrl: 'wss://ocpp.example.com/v1/tenant-a/cp-1',
    });
  });

  it('stores the charger with only a hash of the password', async () => {
    // Prepare
    const deps = await withSites();

    // Act
    const result = await provisionCharger(deps, aProvisioning());

    // Assess
    if (!result.ok) throw new Error('expected the charger to be provisioned');
    const view = await deps.chargers.getView('tenant-a', 'cp-1', deps.clock.now());
    expect(view?.charger).toEqual({
      tenantId: 'tenant-a',
      chargerId: 'cp-1',
      siteId: 'site-1',
      passwordHash: hashSecret(result.password),
      createdAt: at,
      createdBy: 'key-1',
      updatedAt: at,
      updatedBy: 'key-1',
    });
    expect(JSON.stringify(await deps.table.scan())).not.toContain(result.password);
  });

  it('gives every charger its own password', async () => {
    // Prepare
    const deps = await withSites();

    // Act
    const first = await provisionCharger(deps, aProvisioning({ chargerId: 'cp-1' }));
    const second = await provisionCharger(deps, aProvisioning({ chargerId: 'cp-2' }));

    // Assess
    expect(first.ok && second.ok && first.password !== second.password).toBe(true);
  });

  it('refuses a charger id taken in the tenant and keeps the first password', async () => {
    // Prepare
    const deps = await withSites();
    const first = await provisionCharger(deps, aProvisioning());

    // Act
    const second = await provisionCharger(deps, aProvisioning({ siteId: 'site-2' }));

    // Assess
    expect(second).toEqual({ ok: false, reason: 'exists' });
    const { charger } = await deps.chargers.getWithTenant('tenant-a', 'cp-1');
    expect(first.ok && charger !== undefined && secretMatches(first.password, charger.passwordHash)).toBe(
      true,
    );
    expect(charger?.siteId).toBe('site-1');
  });

  it('allows the same charger id in another tenant', async () => {
    // Prepare
    const deps = await withSites();
    await provisionCharger(deps, aProvisioning({ tenantId: 'tenant-a' }));

    // Act
    const result = await provisionCharger(deps, aProvisioning({ tenantId: 'tenant-b' }));

    // Assess
    expect(result).toMatchObject({ ok: true, ocppUrl: 'wss://ocpp.example.test/ocpp/tenant-b/cp-1' });
  });

  it('refuses a site that does not exist in the tenant, and stores nothing', async () => {
    // Prepare
    const deps = await withSites();

    // Act
    const result = await provisionCharger(deps, aProvisioning({ siteId: 'site-9' }));

    // Assess
    expect(result).toEqual({ ok: false, reason: 'unknown-site' });
    expect(await deps.chargers.getView('tenant-a', 'cp-1', deps.clock.now())).toBeUndefined();
  });

  it('stores a charger without a site without one', async () => {
    // Prepare
    const deps = await withSites();

    // Act
    await provisionCharger(deps, aProvisioning({ siteId: undefined }));

    // Assess
    const view = await deps.chargers.getView('tenant-a', 'cp-1', deps.clock.now());
    expect(view?.charger).not.toHaveProperty('siteId');
  });
});

describe('chargerUrl', () => {
  it('escapes the ids as path segments', () => {
    // Act
    const url = chargerUrl('wss://ocpp.example.com', 'tenant a', 'cp/1?x');

    // Assess
    expect(url).toBe('wss://ocpp.example.com/tenant%20a/cp%2F1%3Fx');
  });
});
