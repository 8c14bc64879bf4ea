import { describe, expect, it } from 'vitest';
import { checkSiteManaged } from '../../../shared/slices/smart-charging/check-site-managed.ts';
import { createTestDependencies, type TestDependencies } from '../../support/test-dependencies.ts';

/** Load-management settings for a site: what makes load balancing run for it. */
const givenManagedSite = (deps: TestDependencies, siteId: string, tenantId = 'tenant-a') =>
  deps.loadManagement.put({
    tenantId,
    siteId,
    maxCurrentA: 63,
    phases: 3,
    voltageV: 230,
    minCurrentA: 6,
    circuits: [],
    createdAt: '2024-05-01T00:00:00.000Z',
    createdBy: 'key-admin',
    updatedAt: '2024-05-01T00:00:00.000Z',
    updatedBy: 'key-admin',
  });

describe('checkSiteManaged', () => {
  it('says a site with load-management settings is managed', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenManagedSite(deps, 'site-1');

    // Act
    const result = await checkSiteManaged(deps, { tenantId: 'tenant-a', siteId: 'site-1' });

    // Assess
    expect(result).toEqual({ tenantId: 'tenant-a', siteId: 'site-1', managed: true });
  });

  it('stops at once for a site without load management (another tenant’s settings do not count)', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenManagedSite(deps, 'site-1', 'tenant-b');

    // Act
    const result = await checkSiteManaged(deps, { tenantId: 'tenant-a', siteId: 'site-1' });

    // Assess
    expect(result).toEqual({ tenantId: 'tenant-a', siteId: 'site-1', managed: false });
  });
});
