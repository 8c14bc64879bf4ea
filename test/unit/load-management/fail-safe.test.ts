import { describe, expect, it } from 'vitest';
import type { OcppContext } from '../../../shared/ocpp/dispatcher.ts';
import { connectCharger } from '../../../shared/slices/chargers/charger-connection.ts';
import { deleteCharger, importChargers, provisionCharger } from '../../../shared/slices/chargers/chargers.ts';
import type { Charger } from '../../../shared/slices/chargers/model.ts';
import { createChargerHandlers16 } from '../../../shared/slices/chargers/ocpp-handlers.ts';
import { recordCallResult } from '../../../shared/slices/commands/remote-commands.ts';
import {
  failSafePlan,
  failSafeProfileId,
  installFailSafeAtBoot,
} from '../../../shared/slices/load-management/fail-safe.ts';
import type { LoadManagementSettings } from '../../../shared/slices/load-management/model.ts';
import { createTestDependencies, type TestDependencies } from '../../support/test-dependencies.ts';
import { aCharger, aConnectionInput, aMessageContext, aSite, at, givenCharger } from '../domain/builders.ts';

const settings = (overrides: Partial<LoadManagementSettings> = {}): LoadManagementSettings => ({
  tenantId: 'tenant-a',
  siteId: 'site-1',
  maxCurrentA: 20,
  phases: 3,
  voltageV: 230,
  minCurrentA: 6,
  circuits: [],
  createdAt: at,
  createdBy: 'key-1',
  updatedAt: at,
  updatedBy: 'key-1',
  ...overrides,
});

const charger = (chargerId: string, overrides: Partial<Charger> = {}) =>
  aCharger({ chargerId, ...overrides });

describe('failSafePlan', () => {
  it.each<[string, LoadManagementSettings | undefined, Charger[], ReturnType<typeof failSafePlan>]>([
    [
      'an unmanaged site whose chargers have no default: nothing',
      undefined,
      [charger('a'), charger('b')],
      { writes: [], sends: [] },
    ],
    [
      'a new managed site: each charger planned and sent its share',
      settings(),
      [charger('a'), charger('b')],
      {
        writes: [
          { chargerId: 'a', limitA: 6 },
          { chargerId: 'b', limitA: 6 },
        ],
        sends: [
          { chargerId: 'a', limitA: 6 },
          { chargerId: 'b', limitA: 6 },
        ],
      },
    ],
    [
      'defaults planned and accepted: nothing (a settings change that changes no default sends nothing)',
      settings(),
      [
        charger('a', { failSafeLimitA: 6, failSafeAcceptedA: 6 }),
        charger('b', { failSafeLimitA: 6, failSafeAcceptedA: 6 }),
      ],
      { writes: [], sends: [] },
    ],
    [
      'planned but not accepted yet (offline when planned): sent again, not written again',
      settings(),
      [charger('a', { failSafeLimitA: 6 })],
      { writes: [], sends: [{ chargerId: 'a', limitA: 6 }] },
    ],
    [
      'a smaller limit: reductions before increases',
      settings({ maxCurrentA: 12, circuits: [{ circuitId: 'fuse', maxCurrentA: 6 }] }),
      [
        charger('a', { failSafeLimitA: 0, failSafeAcceptedA: 0 }),
        charger('b', { circuitId: 'fuse', failSafeLimitA: 6, failSafeAcceptedA: 6 }),
        charger('c', { circuitId: 'fuse', failSafeLimitA: 6, failSafeAcceptedA: 6 }),
      ],
      {
        writes: [
          { chargerId: 'a', limitA: 6 },
          { chargerId: 'c', limitA: 0 },
        ],
        sends: [
          { chargerId: 'c', limitA: 0 },
          { chargerId: 'a', limitA: 6 },
        ],
      },
    ],
    [
      'management turned off: the chargers with a default clear it, the others are left alone',
      undefined,
      [charger('a', { failSafeLimitA: 6, failSafeAcceptedA: 6 }), charger('b')],
      { writes: [{ chargerId: 'a', limitA: null }], sends: [{ chargerId: 'a', limitA: null }] },
    ],
  ])('%s', (_name, site, chargers, expected) => {
    expect(failSafePlan(site, chargers)).toEqual(expected);
  });
});

const setChargingProfiles = (deps: TestDependencies) =>
  deps.channel.sent
    .map(({ frame }) => JSON.parse(frame) as [number, string, string, Record<string, unknown>])
    .filter((frame) => frame[2] === 'SetChargingProfile');

const bootContext = (tasks: (() => Promise<void>)[]): OcppContext =>
  aMessageContext({ afterReply: (task) => tasks.push(task) });

const givenOnline = async (deps: TestDependencies, overrides: Partial<Charger>) => {
  await givenCharger(deps, overrides);
  await connectCharger(deps, { ...aConnectionInput(), ocppVersion: 'ocpp1.6' });
};

describe('fail-safe default at boot', () => {
  it('a charger of an unmanaged site: no work after the answer, no read beyond the boot’s own write', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenOnline(deps, {});
    const tasks: (() => Promise<void>)[] = [];

    // Act
    const answer = await createChargerHandlers16(deps).BootNotification(bootContext(tasks), {
      chargePointVendor: 'Acme',
      chargePointModel: 'X',
    });

    // Assess
    expect(answer.status).toBe('Accepted');
    expect(tasks).toEqual([]);
  });

  it('a managed charger gets its default after the answer; the accepted default is recorded on it', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenOnline(deps, { failSafeLimitA: 6, phases: 1 });
    const tasks: (() => Promise<void>)[] = [];

    // Act
    await createChargerHandlers16(deps).BootNotification(bootContext(tasks), {
      chargePointVendor: 'Acme',
      chargePointModel: 'X',
    });
    const sentBeforeReply = setChargingProfiles(deps).length;
    for (const task of tasks) await task();
    const [frame] = setChargingProfiles(deps);
    await recordCallResult(
      deps,
      { tenantId: 'tenant-a', chargerId: 'cp-1', connectionId: 'conn-1', messageId: frame![1] },
      { status: 'Accepted' },
    );
    const view = await deps.chargers.getView('tenant-a', 'cp-1', deps.clock.now());

    // Assess
    expect(sentBeforeReply).toBe(0);
    expect(frame![3]).toEqual({
      connectorId: 0,
      csChargingProfiles: {
        chargingProfileId: failSafeProfileId,
        stackLevel: 0,
        chargingProfilePurpose: 'TxDefaultProfile',
        chargingProfileKind: 'Relative',
        chargingSchedule: {
          chargingRateUnit: 'A',
          chargingSchedulePeriod: [{ startPeriod: 0, limit: 6, numberPhases: 1 }],
        },
      },
    });
    expect(view?.charger).toMatchObject({ failSafeLimitA: 6, failSafeAcceptedA: 6, failSafeAcceptedAt: at });
  });

  it('a rejected default is not recorded as accepted', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenOnline(deps, { failSafeLimitA: 6 });
    installFailSafeAtBoot(deps, aMessageContext(), { failSafeLimitA: 6 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const [frame] = setChargingProfiles(deps);

    // Act
    await recordCallResult(
      deps,
      { tenantId: 'tenant-a', chargerId: 'cp-1', connectionId: 'conn-1', messageId: frame![1] },
      { status: 'Rejected' },
    );

    // Assess
    const view = await deps.chargers.getView('tenant-a', 'cp-1', deps.clock.now());
    expect(view?.charger.failSafeLimitA).toBe(6);
    expect(view?.charger).not.toHaveProperty('failSafeAcceptedA');
  });

  it('refuses to send a default the charger reported it cannot take (Power schedules only)', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenOnline(deps, { failSafeLimitA: 6 });
    await deps.chargerConfigs.save({
      tenantId: 'tenant-a',
      chargerId: 'cp-1',
      keys: { ChargingScheduleAllowedChargingRateUnit: { value: 'Power', readonly: true, reportedAt: at } },
      unknownKeys: [],
      updatedAt: at,
      revision: 1,
    });
    const tasks: (() => Promise<void>)[] = [];

    // Act
    installFailSafeAtBoot(deps, bootContext(tasks), { failSafeLimitA: 6 });
    for (const task of tasks) await task();

    // Assess
    expect(tasks).toHaveLength(1);
    expect(setChargingProfiles(deps)).toEqual([]);
  });
});

describe('fail-safe defaults when chargers join or leave a managed site', () => {
  const managedSite = async () => {
    const deps = await createTestDependencies();
    await deps.sites.create(aSite({ tenantId: 'tenant-a', siteId: 'site-1' }));
    await deps.loadManagement.put(settings({ maxCurrentA: 18, minCurrentA: 6 }));
    return deps;
  };
  const defaults = async (deps: TestDependencies, ids: string[]) =>
    Promise.all(
      ids.map(
        async (id) => (await deps.chargers.getView('tenant-a', id, deps.clock.now()))?.charger.failSafeLimitA,
      ),
    );
  const wiringChanges = (deps: TestDependencies) =>
    deps.events.published.filter((event) => event.name === 'loadManagementChanged');

  it('a charger provisioned into a managed site is planned its share, and the site re-balanced', async () => {
    // Prepare
    const deps = await managedSite();

    // Act
    await provisionCharger(deps, { tenantId: 'tenant-a', chargerId: 'a', siteId: 'site-1', actor: 'key-1' });
    await provisionCharger(deps, { tenantId: 'tenant-a', chargerId: 'b', siteId: 'site-1', actor: 'key-1' });

    // Assess: the default a charger finds at its first boot; the two together within the site's 18 A.
    expect(await defaults(deps, ['a', 'b'])).toEqual([6, 6]);
    expect(wiringChanges(deps)).toHaveLength(2);
  });

  it('an import plans the defaults once per site so that they sum within the limit', async () => {
    // Prepare
    const deps = await managedSite();
    const rows = ['a', 'b', 'c', 'd'].map((chargerId) => ({ chargerId, siteId: 'site-1' }));

    // Act
    const result = await importChargers(deps, { tenantId: 'tenant-a', rows, actor: 'key-1' });

    // Assess: 18 A holds three chargers at the 6 A minimum; the fourth waits at 0 A.
    expect(result.failed).toEqual([]);
    const planned = await defaults(deps, ['a', 'b', 'c', 'd']);
    expect(planned.reduce((sum, limitA) => sum! + (limitA ?? Number.NaN), 0)).toBeLessThanOrEqual(18);
    expect(planned.every((limitA) => limitA !== undefined)).toBe(true);
    expect(wiringChanges(deps)).toHaveLength(1);
  });

  it('a charger deleted from a managed site frees its share for the others; an unmanaged site is left alone', async () => {
    // Prepare
    const deps = await managedSite();
    await deps.sites.create(aSite({ tenantId: 'tenant-a', siteId: 'site-2' }));
    const rows = ['a', 'b', 'c', 'd'].map((chargerId) => ({ chargerId, siteId: 'site-1' }));
    await importChargers(deps, { tenantId: 'tenant-a', rows, actor: 'key-1' });
    await provisionCharger(deps, { tenantId: 'tenant-a', chargerId: 'x', siteId: 'site-2', actor: 'key-1' });
    const before = wiringChanges(deps).length;

    // Act
    await deleteCharger(deps, { tenantId: 'tenant-a', chargerId: 'd' });
    await deleteCharger(deps, { tenantId: 'tenant-a', chargerId: 'x' });

    // Assess
    expect(await defaults(deps, ['a', 'b', 'c'])).toEqual([6, 6, 6]);
    expect(wiringChanges(deps).length - before).toBe(1);
  });
});
