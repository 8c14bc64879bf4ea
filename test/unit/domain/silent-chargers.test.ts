import { describe, expect, it } from 'vitest';
import {
  connectCharger,
  disconnectCharger,
  sweepSilentConnections,
} from '../../../shared/slices/chargers/charger-connection.ts';
import { recordChargerActivity, recordHeartbeat } from '../../../shared/slices/chargers/charger-messages.ts';
import { createSweepSilentChargersHandler } from '../../../shared/slices/chargers/sweep-silent-chargers-handler.ts';
import { createTestDependencies, type TestDependencies } from '../../support/test-dependencies.ts';
import { aConnectionInput, aMessageContext, at, givenCharger } from './builders.ts';

const tenantId = 'tenant-a';
const minutes = (n: number) => n * 60_000;
const minutesLater = (n: number) => new Date(Date.parse(at) + minutes(n)).toISOString();
/** 30 min write interval + 2 × 540 s heartbeats + 120 s margin. */
const deadlineMinutes = 50;

const givenConnected = async (): Promise<TestDependencies> => {
  const deps = await createTestDependencies({ settings: { heartbeatIntervalSeconds: 540 } });
  await givenCharger(deps, { chargerId: 'cp-1' });
  await connectCharger(deps, { ...aConnectionInput(), ocppVersion: 'ocpp1.6' });
  return deps;
};
const sweep = (deps: TestDependencies) =>
  sweepSilentConnections(deps, { tenantId, correlationId: 'sweep-1' });

describe('liveness of connections', () => {
  it('a connection is in the liveness index from its connect, due write interval + 2 heartbeats + margin later', async () => {
    // Prepare
    const deps = await givenConnected();
    // Act
    const before = await deps.connections.listSilent(tenantId, minutesLater(deadlineMinutes - 1), 10);
    const past = await deps.connections.listSilent(tenantId, minutesLater(deadlineMinutes + 1), 10);
    // Assess
    expect(before).toEqual([]);
    expect(past).toEqual([
      {
        chargerId: 'cp-1',
        connectionId: 'conn-1',
        lastSeenAt: at,
        silentAfter: minutesLater(deadlineMinutes),
      },
    ]);
  });

  it('the sweep ends a silent connection: offline, its last-seen time kept, an event, its socket closed', async () => {
    // Prepare
    const deps = await givenConnected();
    deps.clock.set(minutesLater(deadlineMinutes + 1));
    const eventsBefore = deps.events.published.length;
    // Act
    const result = await sweep(deps);
    // Assess
    expect(result.expired).toEqual(['cp-1']);
    const view = await deps.chargers.getView(tenantId, 'cp-1', deps.clock.now());
    expect(view?.connection).toBeUndefined();
    expect(view?.charger.lastSeenAt).toBe(at);
    expect(deps.events.published.slice(eventsBefore)).toEqual([
      {
        name: 'chargerDisconnected',
        detail: {
          tenantId,
          chargerId: 'cp-1',
          connectionId: 'conn-1',
          correlationId: 'sweep-1',
          reason: 'silent',
          lastSeenAt: at,
          occurredAt: minutesLater(deadlineMinutes + 1),
        },
      },
    ]);
    expect(deps.channel.closed).toEqual(['conn-1']);
    expect(await deps.connections.listSilent(tenantId, minutesLater(600), 10)).toEqual([]);
  });

  it('a second sweep, and the late $disconnect of the closed socket, change nothing more', async () => {
    // Prepare
    const deps = await givenConnected();
    deps.clock.set(minutesLater(deadlineMinutes + 1));
    await sweep(deps);
    const eventsBefore = deps.events.published.length;
    // Act
    const again = await sweep(deps);
    const disconnected = await disconnectCharger(deps, aConnectionInput());
    // Assess
    expect(again.expired).toEqual([]);
    expect(disconnected.removed).toBe(false);
    expect(deps.events.published.length).toBe(eventsBefore);
  });

  it('before the deadline the sweep leaves the connection alone', async () => {
    // Prepare
    const deps = await givenConnected();
    deps.clock.set(minutesLater(deadlineMinutes - 1));
    // Act
    const result = await sweep(deps);
    // Assess
    expect(result.expired).toEqual([]);
    expect((await deps.chargers.getView(tenantId, 'cp-1', deps.clock.now()))?.connection).toBeDefined();
    expect(deps.channel.closed).toEqual([]);
  });

  it('a Heartbeat past the write interval moves the deadline in the same write', async () => {
    // Prepare
    const deps = await givenConnected();
    deps.clock.set(minutesLater(31));
    // Act
    await recordHeartbeat(deps, aMessageContext({ connectedAt: at }));
    deps.clock.set(minutesLater(deadlineMinutes + 1));
    const result = await sweep(deps);
    // Assess
    expect(result.expired).toEqual([]);
    expect(await deps.connections.listSilent(tenantId, minutesLater(31 + deadlineMinutes + 1), 10)).toEqual([
      expect.objectContaining({
        lastSeenAt: minutesLater(31),
        silentAfter: minutesLater(31 + deadlineMinutes),
      }),
    ]);
  });

  it('any other frame counts as a sign of life too (a busy charger may skip Heartbeats)', async () => {
    // Prepare
    const deps = await givenConnected();
    // Act
    await recordChargerActivity(deps, aMessageContext({ connectedAt: at, receivedAt: minutesLater(40) }));
    deps.clock.set(minutesLater(deadlineMinutes + 1));
    const result = await sweep(deps);
    // Assess
    expect(result.expired).toEqual([]);
  });

  it('a frame within the write interval writes nothing: the deadline stays (throttled)', async () => {
    // Prepare
    const deps = await givenConnected();
    // Act
    await recordChargerActivity(deps, aMessageContext({ connectedAt: at, receivedAt: minutesLater(10) }));
    // Assess
    expect(await deps.connections.listSilent(tenantId, minutesLater(deadlineMinutes + 1), 10)).toEqual([
      expect.objectContaining({ silentAfter: minutesLater(deadlineMinutes) }),
    ]);
  });

  it('a reconnect after the listing wins: the sweep removes nothing of the new connection', async () => {
    // Prepare
    const deps = await givenConnected();
    const [silent] = await deps.connections.listSilent(tenantId, minutesLater(deadlineMinutes + 1), 10);
    deps.clock.set(minutesLater(deadlineMinutes + 1));
    await connectCharger(deps, { ...aConnectionInput({ connectionId: 'conn-2' }), ocppVersion: 'ocpp1.6' });
    // Act
    const expired = await deps.connections.expireSilent(tenantId, silent!);
    // Assess
    expect(expired).toBe(false);
    expect((await deps.chargers.getView(tenantId, 'cp-1', deps.clock.now()))?.connection?.connectionId).toBe(
      'conn-2',
    );
  });

  it('a closed connection leaves the liveness index with it', async () => {
    // Prepare
    const deps = await givenConnected();
    // Act
    await disconnectCharger(deps, aConnectionInput());
    // Assess
    expect(await deps.connections.listSilent(tenantId, minutesLater(600), 10)).toEqual([]);
  });

  it('another tenant’s silent connections are not this tenant’s sweep', async () => {
    // Prepare
    const deps = await givenConnected();
    await givenCharger(deps, { tenantId: 'tenant-b', chargerId: 'cp-1' });
    await connectCharger(deps, { ...aConnectionInput({ tenantId: 'tenant-b' }), ocppVersion: 'ocpp1.6' });
    deps.clock.set(minutesLater(deadlineMinutes + 1));
    // Act
    const result = await sweep(deps);
    // Assess
    expect(result.expired).toEqual(['cp-1']);
    expect((await deps.chargers.getView('tenant-b', 'cp-1', deps.clock.now()))?.connection).toBeDefined();
  });
});

describe('the scheduled sweep over tenants', () => {
  it('sweeps each active tenant, skips suspended ones, and goes on past a tenant that fails', async () => {
    // Prepare: tenant-a and tenant-c have a silent connection, tenant-b is suspended, tenant-d fails.
    const deps = await createTestDependencies({ settings: { heartbeatIntervalSeconds: 540 } });
    for (const [tenantId, status] of [
      ['tenant-a', 'active'],
      ['tenant-b', 'suspended'],
      ['tenant-c', 'active'],
      ['tenant-d', 'active'],
    ] as const) {
      await givenCharger(deps, { tenantId, chargerId: 'cp-1' }, { status });
      await connectCharger(deps, { ...aConnectionInput({ tenantId }), ocppVersion: 'ocpp1.6' });
    }
    deps.clock.set(minutesLater(deadlineMinutes + 1));
    const failing = {
      ...deps,
      forTenant: (tenantId: string) =>
        tenantId === 'tenant-d'
          ? {
              ...deps,
              connections: {
                ...deps.connections,
                listSilent: () => Promise.reject(new Error('throttled')),
              },
            }
          : deps,
    };

    // Act
    const result = await createSweepSilentChargersHandler(failing)({});

    // Assess
    expect(result).toEqual({ tenants: 3, expired: 2 });
    const online = async (tenantId: string) =>
      (await deps.chargers.getView(tenantId, 'cp-1', deps.clock.now()))?.connection !== undefined;
    expect(await Promise.all(['tenant-a', 'tenant-b', 'tenant-c', 'tenant-d'].map(online))).toEqual([
      false,
      true,
      false,
      true,
    ]);
  });
});
