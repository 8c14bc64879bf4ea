import { describe, expect, it } from 'vitest';
import {
  createSite,
  deleteSite,
  getSite,
  listSites,
  updateSite,
} from '../../../shared/slices/tenancy/sites.ts';
import { createTestDependencies } from '../../support/test-dependencies.ts';
import { aCharger, at } from './builders.ts';

const aSiteInput = (overrides: Partial<Parameters<typeof createSite>[1]> = {}) => ({
  tenantId: 'tenant-a',
  siteId: 'site-1',
  name: 'Depot North',
  actor: 'key-1',
  ...overrides,
});

describe('createSite', () => {
  it('stores the site with its audit fields', async () => {
    // Prepare
    const deps = await createTestDependencies();

    // Act
    const site = await createSite(deps, aSiteInput({ maxPowerKw: 150 }));

    // Assess
    const expected = {
      tenantId: 'tenant-a',
      siteId: 'site-1',
      name: 'Depot North',
      maxPowerKw: 150,
      createdAt: at,
      createdBy: 'key-1',
      updatedAt: at,
      updatedBy: 'key-1',
    };
    expect(site).toEqual(expected);
    expect(await getSite(deps, { tenantId: 'tenant-a', siteId: 'site-1' })).toEqual(expected);
  });

  it('refuses a site id taken in the tenant, not one of another tenant', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await createSite(deps, aSiteInput());

    // Act
    const again = await createSite(deps, aSiteInput({ name: 'Other name' }));
    const otherTenant = await createSite(deps, aSiteInput({ tenantId: 'tenant-b' }));

    // Assess
    expect(again).toBeUndefined();
    expect(otherTenant).toBeDefined();
    expect((await getSite(deps, { tenantId: 'tenant-a', siteId: 'site-1' }))?.name).toBe('Depot North');
  });
});

describe('listSites', () => {
  it("lists the tenant's sites in id order, a site-limited key only its own", async () => {
    // Prepare
    const deps = await createTestDependencies();
    for (const siteId of ['site-c', 'site-a', 'site-b']) await createSite(deps, aSiteInput({ siteId }));
    await createSite(deps, aSiteInput({ tenantId: 'tenant-b', siteId: 'site-z' }));

    // Act
    const all = await listSites(deps, { tenantId: 'tenant-a', limit: 10 });
    const limited = await listSites(deps, {
      tenantId: 'tenant-a',
      siteIds: ['site-c', 'site-a', 'site-gone'],
      limit: 10,
    });

    // Assess
    expect(all.items.map((site) => site.siteId)).toEqual(['site-a', 'site-b', 'site-c']);
    expect(limited.items.map((site) => site.siteId)).toEqual(['site-a', 'site-c']);
  });
});

describe('updateSite', () => {
  it('renames a site and removes its power limit with null', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await createSite(deps, aSiteInput({ maxPowerKw: 100 }));
    deps.clock.advance(1000);

    // Act
    const site = await updateSite(deps, {
      tenantId: 'tenant-a',
      siteId: 'site-1',
      changes: { name: 'Depot South', maxPowerKw: null },
      actor: 'key-2',
    });

    // Assess
    expect(site).toEqual({
      tenantId: 'tenant-a',
      siteId: 'site-1',
      name: 'Depot South',
      createdAt: at,
      createdBy: 'key-1',
      updatedAt: '2024-05-01T12:00:01.000Z',
      updatedBy: 'key-2',
    });
  });

  it('updates no site that does not exist', async () => {
    // Prepare
    const deps = await createTestDependencies();

    // Act
    const site = await updateSite(deps, {
      tenantId: 'tenant-a',
      siteId: 'site-1',
      changes: { name: 'x' },
      actor: 'key-1',
    });

    // Assess
    expect(site).toBeUndefined();
    expect(await deps.table.scan()).toEqual([]);
  });
});

describe('deleteSite', () => {
  it('deletes a site without chargers', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await createSite(deps, aSiteInput());

    // Act
    const outcome = await deleteSite(deps, { tenantId: 'tenant-a', siteId: 'site-1' });

    // Assess
    expect(outcome).toBe('deleted');
    expect(await getSite(deps, { tenantId: 'tenant-a', siteId: 'site-1' })).toBeUndefined();
  });

  it('keeps a site that chargers still belong to', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await createSite(deps, aSiteInput());
    await deps.chargers.create(aCharger({ siteId: 'site-1' }));

    // Act
    const outcome = await deleteSite(deps, { tenantId: 'tenant-a', siteId: 'site-1' });

    // Assess
    expect(outcome).toBe('has-chargers');
    expect(await getSite(deps, { tenantId: 'tenant-a', siteId: 'site-1' })).toBeDefined();
  });

  it('does not count chargers of a site whose id merely starts the same', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await createSite(deps, aSiteInput());
    await deps.chargers.create(aCharger({ siteId: 'site-10' }));

    // Act
    const outcome = await deleteSite(deps, { tenantId: 'tenant-a', siteId: 'site-1' });

    // Assess
    expect(outcome).toBe('deleted');
  });

  it('answers a site that does not exist as not found', async () => {
    // Prepare
    const deps = await createTestDependencies();

    // Act
    const outcome = await deleteSite(deps, { tenantId: 'tenant-a', siteId: 'site-1' });

    // Assess
    expect(outcome).toBe('not-found');
  });
});
