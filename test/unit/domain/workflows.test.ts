import { describe, expect, it } from 'vitest';
import {
  connectCharger,
  connectionLifetimeSeconds,
} from '../../../shared/slices/chargers/charger-connection.ts';
import { recordConnectorStatus } from '../../../shared/slices/chargers/charger-messages.ts';
import { loadSiteChargers } from '../../../shared/slices/smart-charging/load-site-chargers.ts';
import { createTestDependencies, type TestDependencies } from '../../support/test-dependencies.ts';
import { aConnectionInput, aMessageContext, givenCharger } from './builders.ts';

const givenOnlineCharger = async (
  deps: TestDependencies,
  charger: { tenantId?: string; chargerId: string; siteId?: string },
) => {
  await givenCharger(deps, charger);
  const ids = { tenantId: charger.tenantId ?? 'tenant-a', chargerId: charger.chargerId };
  await connectCharger(deps, {
    ...aConnectionInput({ ...ids, connectionId: `conn-${charger.chargerId}` }),
    ocppVersion: 'ocpp2.0.1',
  });
};

/** Load-management settings for a site: what makes load balancing list its chargers. */
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

describe('loadSiteChargers', () => {
  it("returns only the site's online chargers, with their connectors", async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenManagedSite(deps, 'site-1');
    await givenOnlineCharger(deps, { chargerId: 'cp-online', siteId: 'site-1' });
    await givenCharger(deps, { chargerId: 'cp-offline', siteId: 'site-1' });
    await givenOnlineCharger(deps, { chargerId: 'cp-other-site', siteId: 'site-10' });
    await givenOnlineCharger(deps, { chargerId: 'cp-no-site', siteId: undefined });
    await givenOnlineCharger(deps, { tenantId: 'tenant-b', chargerId: 'cp-other-tenant', siteId: 'site-1' });
    await recordConnectorStatus(deps, aMessageContext({ chargerId: 'cp-online' }), {
      evseId: 1,
      connectorId: 1,
      status: 'Charging',
      errorCode: 'NoError',
    });

    // Act
    const result = await loadSiteChargers(deps, { tenantId: 'tenant-a', siteId: 'site-1' });

    // Assess
    expect(result).toEqual({
      tenantId: 'tenant-a',
      siteId: 'site-1',
      managed: true,
      chargers: [
        {
          chargerId: 'cp-online',
          ocppVersion: 'ocpp2.0.1',
          connectors: [{ evseId: 1, connectorId: 1, status: 'Charging' }],
        },
      ],
    });
  });

  it('leaves out a charger whose connection has expired', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenManagedSite(deps, 'site-1');
    await givenOnlineCharger(deps, { chargerId: 'cp-1', siteId: 'site-1' });
    deps.clock.advance(connectionLifetimeSeconds * 1000);

    // Act
    const result = await loadSiteChargers(deps, { tenantId: 'tenant-a', siteId: 'site-1' });

    // Assess
    expect(result.chargers).toEqual([]);
  });

  it('reads every page of a large site', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenManagedSite(deps, 'site-1');
    const chargerIds = Array.from({ length: 205 }, (_, i) => `cp-${String(i).padStart(3, '0')}`);
    for (const chargerId of chargerIds) await givenOnlineCharger(deps, { chargerId, siteId: 'site-1' });

    // Act
    const result = await loadSiteChargers(deps, { tenantId: 'tenant-a', siteId: 'site-1' });

    // Assess
    expect(result.chargers.map((charger) => charger.chargerId)).toEqual(chargerIds);
  });

  it('stops at once for a site without load management (another tenant’s settings do not count)', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenManagedSite(deps, 'site-1', 'tenant-b');
    await givenOnlineCharger(deps, { chargerId: 'cp-1', siteId: 'site-1' });

    // Act
    const result = await loadSiteChargers(deps, { tenantId: 'tenant-a', siteId: 'site-1' });

    // Assess
    expect(result).toEqual({ tenantId: 'tenant-a', siteId: 'site-1', managed: false, chargers: [] });
  });
});
