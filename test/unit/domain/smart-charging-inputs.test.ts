import { describe, expect, it } from 'vitest';
import type {
  ChargingProfileType,
  NotifyEVChargingNeedsRequest,
  ReportChargingProfilesRequest,
} from '../../../shared/ocpp/generated/ocpp201.ts';
import {
  clearChargingLimit,
  recordChargingLimit,
  recordEvChargingNeeds,
  recordEvChargingSchedule,
} from '../../../shared/slices/smart-charging/charger-inputs.ts';
import { recordChargingProfilesPart } from '../../../shared/slices/smart-charging/charging-profile-reports.ts';
import { getSmartChargingView } from '../../../shared/slices/smart-charging/smart-charging-reads.ts';
import { createTestDependencies, type TestDependencies } from '../../support/test-dependencies.ts';
import { aMessageContext, at } from './builders.ts';

/** OCPP 2.0.1 smart-charging inputs against the real repositories (dynalite): what is stored, answered, published. */

const ctx = aMessageContext({ ocppVersion: 'ocpp2.0.1' });
const { tenantId, chargerId } = ctx;
const key = { tenantId, chargerId };

const someNeeds = (evseId: number, energyAmount = 30_000): NotifyEVChargingNeedsRequest => ({
  evseId,
  maxScheduleTuples: 3,
  chargingNeeds: {
    requestedEnergyTransfer: 'AC_three_phase',
    departureTime: '2024-05-01T18:00:00+02:00',
    acChargingParameters: { energyAmount, evMinCurrent: 6, evMaxCurrent: 32, evMaxVoltage: 400 },
  },
});

const aSchedule = (id: number, limit = 16) => ({
  id,
  chargingRateUnit: 'A' as const,
  chargingSchedulePeriod: [{ startPeriod: 0, limit }],
});

const aProfile = (id: number): ChargingProfileType => ({
  id,
  stackLevel: 0,
  chargingProfilePurpose: 'TxDefaultProfile',
  chargingProfileKind: 'Absolute',
  chargingSchedule: [{ ...aSchedule(id), startSchedule: at }],
});

const aReportPart = (
  requestId: number,
  evseId: number,
  profiles: number[],
  tbc: boolean,
): ReportChargingProfilesRequest => ({
  requestId,
  evseId,
  chargingLimitSource: 'CSO',
  chargingProfile: profiles.map(aProfile),
  tbc,
});

const eventsNamed = (deps: TestDependencies, name: string) =>
  deps.events.published.filter((event) => event.name === name).map((event) => event.detail);

describe('EV charging needs (NotifyEVChargingNeeds)', () => {
  it('stores the latest needs per EVSE, publishes them and answers Accepted', async () => {
    // Prepare
    const deps = await createTestDependencies();

    // Act
    const answers = [
      await recordEvChargingNeeds(deps, ctx, someNeeds(1, 10_000)),
      await recordEvChargingNeeds(deps, ctx, someNeeds(1, 30_000)),
      await recordEvChargingNeeds(deps, ctx, someNeeds(2, 5_000)),
    ];
    const view = await getSmartChargingView(deps, key);

    // Assess
    expect(answers).toEqual([{ status: 'Accepted' }, { status: 'Accepted' }, { status: 'Accepted' }]);
    expect(
      view.evses.map((evse) => [evse.evseId, evse.chargingNeeds?.chargingNeeds.acChargingParameters]),
    ).toEqual([
      [1, { energyAmount: 30_000, evMinCurrent: 6, evMaxCurrent: 32, evMaxVoltage: 400 }],
      [2, { energyAmount: 5_000, evMinCurrent: 6, evMaxCurrent: 32, evMaxVoltage: 400 }],
    ]);
    expect(view.evses[0]).toMatchObject({ chargingNeeds: { maxScheduleTuples: 3, receivedAt: at } });
    expect(eventsNamed(deps, 'evChargingNeedsNotified')[1]).toEqual({
      tenantId,
      chargerId,
      siteId: 'site-1',
      correlationId: 'corr-1',
      occurredAt: at,
      evseId: 1,
      requestedEnergyTransfer: 'AC_three_phase',
      departureTime: '2024-05-01T16:00:00.000Z',
      energyAmountWh: 30_000,
      evMinCurrentA: 6,
      evMaxCurrentA: 32,
      evMaxVoltageV: 400,
      maxScheduleTuples: 3,
    });
  });

  it('reads the latest needs of one EVSE with one read (what load balancing asks per session)', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await recordEvChargingNeeds(deps, ctx, someNeeds(1, 10_000));
    await recordEvChargingNeeds(deps, ctx, someNeeds(1, 30_000));

    // Act
    const latest = await deps.smartChargingInputs.getChargingNeeds(tenantId, chargerId, 1);
    const none = await deps.smartChargingInputs.getChargingNeeds(tenantId, chargerId, 2);
    const otherTenant = await deps.smartChargingInputs.getChargingNeeds('tenant-b', chargerId, 1);

    // Assess
    expect(latest).toMatchObject({
      tenantId,
      chargerId,
      evseId: 1,
      receivedAt: at,
      chargingNeeds: { acChargingParameters: { energyAmount: 30_000 } },
    });
    expect(latest).not.toHaveProperty('PK');
    expect(none).toBeUndefined();
    expect(otherTenant).toBeUndefined();
  });

  it('rejects needs for EVSE 0 (the spec: evseId > 0) and keeps nothing', async () => {
    // Prepare
    const deps = await createTestDependencies();

    // Act
    const answer = await recordEvChargingNeeds(deps, ctx, someNeeds(0));

    // Assess
    expect(answer).toMatchObject({ status: 'Rejected', statusInfo: { reasonCode: 'UnknownEvse' } });
    expect((await getSmartChargingView(deps, key)).evses).toEqual([]);
    expect(deps.events.published).toEqual([]);
  });

  it('carries DC figures in the event', async () => {
    // Prepare
    const deps = await createTestDependencies();

    // Act
    await recordEvChargingNeeds(deps, ctx, {
      evseId: 3,
      chargingNeeds: {
        requestedEnergyTransfer: 'DC',
        dcChargingParameters: {
          evMaxCurrent: 200,
          evMaxVoltage: 800,
          evMaxPower: 150_000,
          stateOfCharge: 40,
        },
      },
    });

    // Assess
    expect(eventsNamed(deps, 'evChargingNeedsNotified')).toEqual([
      expect.objectContaining({
        evseId: 3,
        requestedEnergyTransfer: 'DC',
        evMaxCurrentA: 200,
        evMaxVoltageV: 800,
        evMaxPowerW: 150_000,
        stateOfCharge: 40,
      }),
    ]);
  });
});

describe('EV charging schedule (NotifyEVChargingSchedule)', () => {
  it('stores the latest schedule per EVSE and publishes it; EVSE 0 is rejected and changes nothing', async () => {
    // Prepare
    const deps = await createTestDependencies();

    // Act
    const accepted = await recordEvChargingSchedule(deps, ctx, {
      evseId: 1,
      timeBase: '2024-05-01T14:00:00+02:00',
      chargingSchedule: aSchedule(4, 20),
    });
    const rejected = await recordEvChargingSchedule(deps, ctx, {
      evseId: 0,
      timeBase: at,
      chargingSchedule: aSchedule(5),
    });
    const view = await getSmartChargingView(deps, key);

    // Assess
    expect(accepted).toEqual({ status: 'Accepted' });
    expect(rejected).toMatchObject({ status: 'Rejected', statusInfo: { reasonCode: 'UnknownEvse' } });
    expect(view.evses).toEqual([
      expect.objectContaining({
        evseId: 1,
        evChargingSchedule: expect.objectContaining({
          timeBase: '2024-05-01T12:00:00.000Z',
          chargingSchedule: aSchedule(4, 20),
        }),
      }),
    ]);
    expect(eventsNamed(deps, 'evChargingScheduleNotified')).toEqual([
      expect.objectContaining({ evseId: 1, scheduleId: 4, chargingRateUnit: 'A', periods: 1 }),
    ]);
  });
});

describe('external charging limits (NotifyChargingLimit, ClearedChargingLimit)', () => {
  it('keeps one limit per EVSE and source (no EVSE: the charger, 0) until that source clears it', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await recordChargingLimit(deps, ctx, {
      evseId: 1,
      chargingLimit: { chargingLimitSource: 'EMS', isGridCritical: true },
      chargingSchedule: [aSchedule(1, 10)],
    });
    await recordChargingLimit(deps, ctx, { evseId: 1, chargingLimit: { chargingLimitSource: 'SO' } });
    await recordChargingLimit(deps, ctx, { chargingLimit: { chargingLimitSource: 'EMS' } });

    // Act
    const cleared = await clearChargingLimit(deps, ctx, { evseId: 1, chargingLimitSource: 'EMS' });
    const unknown = await clearChargingLimit(deps, ctx, { evseId: 2, chargingLimitSource: 'CSO' });
    const view = await getSmartChargingView(deps, key);

    // Assess
    expect(cleared).toMatchObject({ evseId: 1, chargingLimitSource: 'EMS', isGridCritical: true });
    expect(unknown).toBeUndefined();
    expect(
      view.evses.map((evse) => [evse.evseId, evse.externalLimits.map((limit) => limit.chargingLimitSource)]),
    ).toEqual([
      [0, ['EMS']],
      [1, ['SO']],
    ]);
    expect(eventsNamed(deps, 'chargingLimitNotified')).toEqual([
      expect.objectContaining({ evseId: 1, chargingLimitSource: 'EMS', isGridCritical: true, schedules: 1 }),
      expect.objectContaining({ evseId: 1, chargingLimitSource: 'SO', schedules: 0 }),
      expect.objectContaining({ evseId: 0, chargingLimitSource: 'EMS', schedules: 0 }),
    ]);
    expect(eventsNamed(deps, 'chargingLimitCleared')).toEqual([
      expect.objectContaining({ evseId: 1, chargingLimitSource: 'EMS', known: true }),
      expect.objectContaining({ evseId: 2, chargingLimitSource: 'CSO', known: false }),
    ]);
  });

  it('keeps no limit for an explicit EVSE 0 (the spec: evseId > 0)', async () => {
    // Prepare
    const deps = await createTestDependencies();

    // Act
    const kept = await recordChargingLimit(deps, ctx, {
      evseId: 0,
      chargingLimit: { chargingLimitSource: 'SO' },
    });

    // Assess
    expect(kept).toBeUndefined();
    expect((await getSmartChargingView(deps, key)).evses).toEqual([]);
    expect(deps.events.published).toEqual([]);
  });
});

describe('charging-profile reports (ReportChargingProfiles)', () => {
  it('stores the parts of a request id, shows its profiles per EVSE once the last arrives, publishes it once', async () => {
    // Prepare
    const deps = await createTestDependencies();

    // Act
    const first = await recordChargingProfilesPart(
      deps,
      { ...ctx, messageId: 'm-1' },
      aReportPart(9, 1, [1, 2], true),
    );
    const during = await getSmartChargingView(deps, key);
    // The charger sends the first part again (its answer was lost): counted once.
    const again = await recordChargingProfilesPart(
      deps,
      { ...ctx, messageId: 'm-1' },
      aReportPart(9, 1, [1, 2], true),
    );
    deps.clock.advance(1000);
    const last = await recordChargingProfilesPart(
      deps,
      { ...ctx, messageId: 'm-2' },
      aReportPart(9, 0, [3], false),
    );
    const view = await getSmartChargingView(deps, key);

    // Assess
    expect([first, again, last]).toEqual(['stored', 'stored', 'completed']);
    expect(during.evses).toEqual([]);
    expect(during.reportInProgress).toMatchObject({ requestId: 9, status: 'inProgress', profiles: 2 });
    expect(view.reportInProgress).toBeUndefined();
    expect(view.profileReport).toMatchObject({
      requestId: 9,
      status: 'complete',
      messageIds: ['m-1', 'm-2'],
      profiles: 3,
    });
    expect(
      view.evses.map((evse) => [
        evse.evseId,
        evse.reportedProfiles.map((profile) => profile.chargingProfile.id),
      ]),
    ).toEqual([
      [0, [3]],
      [1, [1, 2]],
    ]);
    expect(view.evses[1]?.reportedProfiles[0]).toEqual({
      chargingLimitSource: 'CSO',
      chargingProfile: aProfile(1),
    });
    expect(eventsNamed(deps, 'chargingProfilesReported')).toEqual([
      expect.objectContaining({ requestId: 9, parts: 2, profiles: 3, evseIds: [0, 1] }),
    ]);
  });

  it('does not store a part after its report completed', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await recordChargingProfilesPart(deps, { ...ctx, messageId: 'm-1' }, aReportPart(9, 1, [1], false));

    // Act
    const outcome = await recordChargingProfilesPart(
      deps,
      { ...ctx, messageId: 'm-2' },
      aReportPart(9, 2, [2], false),
    );

    // Assess
    expect(outcome).toBe('afterEnd');
    const view = await getSmartChargingView(deps, key);
    expect(view.evses.map((evse) => evse.evseId)).toEqual([1]);
    expect(eventsNamed(deps, 'chargingProfilesReported')).toHaveLength(1);
  });

  it('replaces the reported profiles with a later complete report, and drops reports abandoned meanwhile', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await recordChargingProfilesPart(deps, { ...ctx, messageId: 'm-1' }, aReportPart(1, 1, [1], false));
    await recordChargingProfilesPart(deps, { ...ctx, messageId: 'm-2' }, aReportPart(2, 1, [2], true));
    deps.clock.advance(2 * 3600 * 1000);

    // Act
    await recordChargingProfilesPart(deps, { ...ctx, messageId: 'm-3' }, aReportPart(3, 2, [3], false));
    const view = await getSmartChargingView(deps, key);
    const stored = await deps.smartChargingInputs.getInputs(tenantId, chargerId);

    // Assess
    expect(view.profileReport?.requestId).toBe(3);
    expect(view.evses.map((evse) => [evse.evseId, evse.reportedProfiles.length])).toEqual([[2, 1]]);
    expect(stored.reports.map((report) => report.requestId)).toEqual([3]);
    expect(stored.reportParts.map((part) => part.requestId)).toEqual([3]);
  });

  it('keeps nothing of a part for an EVSE there cannot be', async () => {
    // Prepare
    const deps = await createTestDependencies();

    // Act
    const outcome = await recordChargingProfilesPart(deps, ctx, aReportPart(1, -1, [1], false));

    // Assess
    expect(outcome).toBe('refused');
    expect(await deps.smartChargingInputs.getInputs(tenantId, chargerId)).toMatchObject({
      reports: [],
      reportParts: [],
    });
    expect(deps.events.published).toEqual([]);
  });
});
