import { describe, expect, it } from 'vitest';
import { siteAvailability } from '../../../shared/slices/availability/availability.ts';
import { createTestDependencies, type TestDependencies } from '../../support/test-dependencies.ts';
import { aSite, at, givenCharger } from './builders.ts';

const tenantId = 'tenant-a';

const connect = (deps: TestDependencies, chargerId: string, lastSeenAt = at) =>
  deps.connections.register(
    {
      tenantId,
      chargerId,
      connectionId: `conn-${chargerId}`,
      ocppVersion: 'ocpp2.0.1',
      connectedAt: lastSeenAt,
      lastSeenAt,
    },
    new Date(Date.parse(at) + 3_600_000),
  );
const status = (deps: TestDependencies, chargerId: string, evseId: number, value: string) =>
  deps.chargers.recordConnectorStatus(tenantId, chargerId, {
    evseId,
    connectorId: 1,
    status: value,
    statusAt: at,
  });

/** Site 1: CP-1 free (32 A, 3 phases) and CP-2 charging; site 2: CP-3 offline; CP-4 without a site. */
const givenFleet = async () => {
  const deps = await createTestDependencies();
  for (const siteId of ['site-1', 'site-2']) await deps.sites.create(aSite({ tenantId, siteId }));
  await givenCharger(deps, { chargerId: 'CP-1', siteId: 'site-1', maxCurrentA: 32, phases: 3 });
  await givenCharger(deps, { chargerId: 'CP-2', siteId: 'site-1' });
  await givenCharger(deps, { chargerId: 'CP-3', siteId: 'site-2' });
  await givenCharger(deps, { chargerId: 'CP-4', siteId: undefined });
  for (const chargerId of ['CP-1', 'CP-2', 'CP-4']) await connect(deps, chargerId);
  await status(deps, 'CP-1', 1, 'Available');
  await status(deps, 'CP-2', 1, 'Occupied');
  await status(deps, 'CP-3', 1, 'Available');
  await status(deps, 'CP-4', 1, 'Faulted');
  return deps;
};

describe('siteAvailability', () => {
  it("one site: its chargers' rows and counts", async () => {
    // Prepare
    const deps = await givenFleet();
    // Act
    const result = await siteAvailability(deps, { tenantId, siteId: 'site-1' });
    // Assess
    if (!result.ok) throw new Error('expected availability');
    expect(result.chargers.map((row) => [row.chargerId, row.state, row.maxPowerW])).toEqual([
      ['CP-1', 'Available', 22_080],
      ['CP-2', 'Occupied', undefined],
    ]);
    expect(result.summary.chargers).toMatchObject({ total: 2, Available: 1, Occupied: 1, Offline: 0 });
    expect(result.summary.availablePowerW).toBe(22_080);
  });

  it('without a site: every charger of the tenant, the disconnected one Offline', async () => {
    // Prepare
    const deps = await givenFleet();
    // Act
    const result = await siteAvailability(deps, { tenantId });
    // Assess
    if (!result.ok) throw new Error('expected availability');
    expect(result.chargers.map((row) => [row.chargerId, row.state])).toEqual([
      ['CP-1', 'Available'],
      ['CP-2', 'Occupied'],
      ['CP-3', 'Offline'],
      ['CP-4', 'Faulted'],
    ]);
    expect(result.summary.connectors).toMatchObject({ total: 4, Offline: 1, Faulted: 1 });
  });

  it('a site-limited key: only chargers of its sites, never those without a site', async () => {
    // Prepare
    const deps = await givenFleet();
    // Act
    const result = await siteAvailability(deps, { tenantId, siteIds: ['site-2'] });
    // Assess
    if (!result.ok) throw new Error('expected availability');
    expect(result.chargers.map((row) => row.chargerId)).toEqual(['CP-3']);
  });

  it('a site outside the key’s sites, or none at all: unknown', async () => {
    // Prepare
    const deps = await givenFleet();
    // Act
    const outside = await siteAvailability(deps, { tenantId, siteId: 'site-1', siteIds: ['site-2'] });
    const missing = await siteAvailability(deps, { tenantId, siteId: 'site-9' });
    // Assess
    expect(outside).toEqual({ ok: false, reason: 'unknown-site' });
    expect(missing).toEqual({ ok: false, reason: 'unknown-site' });
  });

  it('a connection record left behind by a charger that went silent: Offline once its deadline passes', async () => {
    // Prepare
    const deps = await givenFleet();
    deps.clock.set(new Date(Date.parse(at) + 51 * 60_000));
    await connect(deps, 'CP-2', new Date(Date.parse(at) + 50 * 60_000).toISOString());
    // Act
    const result = await siteAvailability(deps, { tenantId, siteId: 'site-1' });
    // Assess
    if (!result.ok) throw new Error('expected availability');
    expect(result.chargers.map((row) => [row.chargerId, row.state, row.offlineReason])).toEqual([
      ['CP-1', 'Offline', 'silent'],
      ['CP-2', 'Occupied', undefined],
    ]);
  });
});
