import { describe, expect, it } from 'vitest';
import type { SetChargingProfileRequest as SetChargingProfile201 } from '../../../shared/ocpp/generated/ocpp201.ts';
import { connectCharger } from '../../../shared/slices/chargers/charger-connection.ts';
import {
  balanceOnce,
  balanceSite,
  runLeaseSeconds,
} from '../../../shared/slices/load-management/balance-site.ts';
import type { Session } from '../../../shared/slices/transactions/model.ts';
import { createTestDependencies, type TestDependencies } from '../../support/test-dependencies.ts';
import { aConnectionInput, givenCharger } from './builders.ts';

const tenantId = 'tenant-a';
const siteId = 'site-1';

const givenSite = async (deps: TestDependencies, chargerIds: string[]) => {
  await deps.loadManagement.put({
    tenantId,
    siteId,
    maxCurrentA: 32,
    phases: 3,
    voltageV: 230,
    minCurrentA: 6,
    circuits: [],
    leaseSeconds: 900,
    createdAt: '2024-05-01T00:00:00.000Z',
    createdBy: 'key-admin',
    updatedAt: '2024-05-01T00:00:00.000Z',
    updatedBy: 'key-admin',
  });
  for (const chargerId of chargerIds) {
    const n = chargerId.replace('cp-', '');
    await givenCharger(deps, { tenantId, chargerId, siteId, maxCurrentA: 32, phases: 3 });
    await connectCharger(deps, {
      ...aConnectionInput({ tenantId, chargerId, connectionId: `conn-${chargerId}` }),
      ocppVersion: 'ocpp2.0.1',
    });
    const session: Session = {
      tenantId,
      sessionId: `S-${n}`,
      chargerId,
      siteId,
      chargerTransactionId: `TX-${n}`,
      status: 'Active',
      startedAt: '2024-05-01T11:00:00.000Z',
      evseId: 1,
      connectorId: 1,
      energyWh: 0,
      version: 1,
      revision: 1,
      createdAt: '2024-05-01T11:00:00.000Z',
      createdBy: 'ocpp',
      updatedAt: '2024-05-01T11:00:00.000Z',
      updatedBy: 'ocpp',
    };
    await deps.sessions.save(session);
    // As recording the session's start does (sessions.ts): the charger's active-session marker.
    await deps.chargerSessions.add({
      tenantId,
      chargerId,
      sessionId: session.sessionId,
      evseId: 1,
      since: session.createdAt,
    });
  }
};

const limitsSent = (deps: TestDependencies) =>
  deps.channel.sent.map(({ connectionId, frame }) => {
    const [, , action, payload] = JSON.parse(frame) as [number, string, string, SetChargingProfile201];
    return [
      connectionId,
      action,
      payload.chargingProfile.chargingSchedule[0]!.chargingSchedulePeriod[0]!.limit,
    ];
  });

describe('balanceOnce: a run that fails mid-way, and the run after it', () => {
  it('a crash after sending leaves the limit Pending: the next run counts the higher limit and raises nothing', async () => {
    // Prepare: the first run's calls cannot be handed over (API Gateway failing).
    const deps = await createTestDependencies();
    await givenSite(deps, ['cp-1']);
    const failing = {
      ...deps,
      channel: { ...deps.channel, send: async () => Promise.reject(new Error('boom')) },
    };

    // Act
    const crashed = await balanceOnce(failing, { tenantId, siteId, correlationId: 'c-1' }).catch(
      (error: Error) => error.message,
    );
    const left = await deps.allocations.get(tenantId, siteId);
    await givenSite(deps, ['cp-2']);
    // The charger never answers now: its allocation stays unanswered.
    const next = await balanceOnce(deps, { tenantId, siteId, correlationId: 'c-2' });
    const after = await deps.allocations.get(tenantId, siteId);

    // Assess
    expect(crashed).toBe('boom');
    expect(left?.allocations).toEqual([
      expect.objectContaining({ sessionId: 'S-1', limitA: 32, status: 'Pending' }),
    ]);
    expect(next).toMatchObject({ outcome: 'balanced', sessions: 2 });
    const byId = Object.fromEntries((after?.allocations ?? []).map((a) => [a.sessionId, a]));
    // S-1 may draw the 32 A sent (unknown): its reduction goes first, and unanswered, S-2 is held at 0 A.
    expect(byId['S-1']).toMatchObject({ status: 'Unanswered', limitA: 16 });
    expect(byId['S-2']).toMatchObject({ status: 'Unanswered', limitA: 0 });
    expect(limitsSent(deps)).toEqual([
      ['conn-cp-1', 'SetChargingProfile', 16],
      ['conn-cp-2', 'SetChargingProfile', 0],
    ]);
  });
});

describe('balanceSite: triggers while a run holds the site', () => {
  it('a trigger a live run covers ends at once, without trying the lock; the holder runs again for it', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenSite(deps, ['cp-1']);
    const now = deps.clock.now();
    await deps.loadRuns.request(tenantId, siteId);
    const generation = await deps.loadRuns.acquire(tenantId, siteId, 'run-holder', now, runLeaseSeconds);
    const acquired: string[] = [];
    const counting = {
      ...deps,
      loadRuns: {
        ...deps.loadRuns,
        acquire: (...args: Parameters<typeof deps.loadRuns.acquire>) => {
          acquired.push(args[2]);
          return deps.loadRuns.acquire(...args);
        },
      },
    };

    // Act
    const outcome = await balanceSite(counting, {
      tenantId,
      siteId,
      runId: 'run-late',
      correlationId: 'c-2',
    });
    const holderRelease = await deps.loadRuns.release(
      tenantId,
      siteId,
      'run-holder',
      generation!,
      now,
      runLeaseSeconds,
    );

    // Assess
    expect(outcome).toEqual({ outcome: 'superseded' });
    expect(acquired).toEqual([]);
    expect(holderRelease).toEqual({ outcome: 'again', generation: 2 });
  });

  it('a trigger after the lease lapsed takes the site and balances it', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenSite(deps, ['cp-1']);
    await deps.loadRuns.request(tenantId, siteId);
    await deps.loadRuns.acquire(tenantId, siteId, 'run-dead', deps.clock.now(), runLeaseSeconds);
    deps.clock.advance((runLeaseSeconds + 1) * 1000);

    // Act
    const outcome = await balanceSite(deps, { tenantId, siteId, runId: 'run-next', correlationId: 'c-3' });

    // Assess
    expect(outcome).toMatchObject({ outcome: 'balanced', managed: true });
  });
});
