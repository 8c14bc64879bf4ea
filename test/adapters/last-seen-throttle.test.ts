import { describe, expect, it } from 'vitest';
import { createDynamoConnectionRegistry } from '../../shared/slices/chargers/adapters/dynamodb-connection-registry.ts';
import { throttleLastSeenWrites } from '../../shared/slices/chargers/adapters/last-seen-throttle.ts';
import { connectCharger, disconnectCharger } from '../../shared/slices/chargers/charger-connection.ts';
import { recordHeartbeat } from '../../shared/slices/chargers/charger-messages.ts';
import type { ConnectionRegistry } from '../../shared/slices/chargers/ports.ts';
import { createTestDependencies } from '../support/test-dependencies.ts';
import { aConnectionInput, aMessageContext, givenCharger } from '../unit/domain/builders.ts';

/**
 * Test dependencies whose registry is throttled here (over an unthrottled DynamoDB registry, not the one the
 * composition root wraps); `writes` lists the `lastSeenAt` values that reached it.
 */
const setup = async (intervalSeconds?: number) => {
  const base = await createTestDependencies();
  await givenCharger(base);
  const inner = createDynamoConnectionRegistry(base.table.documentClient, base.table.name);
  const writes: string[] = [];
  const counting: ConnectionRegistry = {
    ...inner,
    touch: async (tenantId, chargerId, connectionId, at, connectedAt, silentAfter) => {
      writes.push(at);
      await inner.touch(tenantId, chargerId, connectionId, at, connectedAt, silentAfter);
    },
  };
  const deps = { ...base, connections: throttleLastSeenWrites(counting, intervalSeconds) };
  const heartbeatAt = async (time: string, connectionId = 'conn-1', connectedAt?: string) => {
    deps.clock.set(time);
    await recordHeartbeat(deps, aMessageContext({ connectionId, ...(connectedAt && { connectedAt }) }));
  };
  const lastSeenAt = async () =>
    (await deps.chargers.getView('tenant-a', 'cp-1', deps.clock.now()))?.connection?.lastSeenAt;
  return { base, deps, writes, heartbeatAt, lastSeenAt };
};

describe('throttleLastSeenWrites', () => {
  it('writes nothing for Heartbeats within the interval after the connect, then once per interval', async () => {
    // Prepare
    const { deps, writes, heartbeatAt, lastSeenAt } = await setup(30 * 60);
    deps.clock.set('2024-05-01T12:00:00.000Z');
    await connectCharger(deps, { ...aConnectionInput(), ocppVersion: 'ocpp2.0.1' });

    // Act
    for (const minute of ['05', '10', '15', '20', '25']) await heartbeatAt(`2024-05-01T12:${minute}:00.000Z`);
    const beforeInterval = [...writes];
    await heartbeatAt('2024-05-01T12:30:00.000Z');
    await heartbeatAt('2024-05-01T12:35:00.000Z');

    // Assess
    expect(beforeInterval).toEqual([]);
    expect(writes).toEqual(['2024-05-01T12:30:00.000Z']);
    expect(await lastSeenAt()).toBe('2024-05-01T12:30:00.000Z');
  });

  it('writes on the first Heartbeat of a connection registered elsewhere (another Lambda container)', async () => {
    // Prepare
    const { base, writes, heartbeatAt } = await setup(30 * 60);
    base.clock.set('2024-05-01T12:00:00.000Z');
    await connectCharger(base, { ...aConnectionInput(), ocppVersion: 'ocpp2.0.1' });

    // Act
    await heartbeatAt('2024-05-01T12:05:00.000Z');
    await heartbeatAt('2024-05-01T12:10:00.000Z');
    await heartbeatAt('2024-05-01T12:35:00.000Z');

    // Assess
    expect(writes).toEqual(['2024-05-01T12:05:00.000Z', '2024-05-01T12:35:00.000Z']);
  });

  it('counts the connect time the message carries as a write, in a container that did not register it (Lambda)', async () => {
    // Prepare: `$connect` ran elsewhere (another function on Lambda, root dependencies locally).
    const { base, writes, heartbeatAt, lastSeenAt } = await setup(30 * 60);
    base.clock.set('2024-05-01T12:00:00.000Z');
    await connectCharger(base, { ...aConnectionInput(), ocppVersion: 'ocpp2.0.1' });
    const connectedAt = '2024-05-01T12:00:00.000Z';

    // Act
    for (const minute of ['09', '18', '27'])
      await heartbeatAt(`2024-05-01T12:${minute}:00.000Z`, 'conn-1', connectedAt);
    const withinInterval = [...writes];
    await heartbeatAt('2024-05-01T12:36:00.000Z', 'conn-1', connectedAt);
    await heartbeatAt('2024-05-01T12:45:00.000Z', 'conn-1', connectedAt);

    // Assess
    expect(withinInterval).toEqual([]);
    expect(writes).toEqual(['2024-05-01T12:36:00.000Z']);
    expect(await lastSeenAt()).toBe('2024-05-01T12:36:00.000Z');
  });

  it('writes on the first Heartbeat when the connection opened more than an interval ago', async () => {
    // Prepare
    const { writes, heartbeatAt } = await setup(30 * 60);

    // Act
    await heartbeatAt('2024-05-01T12:40:00.000Z', 'conn-1', '2024-05-01T12:00:00.000Z');
    await heartbeatAt('2024-05-01T12:49:00.000Z', 'conn-1', '2024-05-01T12:00:00.000Z');

    // Assess
    expect(writes).toEqual(['2024-05-01T12:40:00.000Z']);
  });

  it('writes when the connect time cannot be read', async () => {
    // Prepare
    const { writes, heartbeatAt } = await setup(30 * 60);

    // Act
    await heartbeatAt('2024-05-01T12:05:00.000Z', 'conn-1', 'not a time');

    // Assess
    expect(writes).toEqual(['2024-05-01T12:05:00.000Z']);
  });

  it('keeps connections apart', async () => {
    // Prepare
    const { writes, heartbeatAt } = await setup(30 * 60);

    // Act
    await heartbeatAt('2024-05-01T12:05:00.000Z', 'conn-a');
    await heartbeatAt('2024-05-01T12:06:00.000Z', 'conn-b');
    await heartbeatAt('2024-05-01T12:10:00.000Z', 'conn-a');

    // Assess
    expect(writes).toEqual(['2024-05-01T12:05:00.000Z', '2024-05-01T12:06:00.000Z']);
  });

  it('still records the time of the disconnect on the charger', async () => {
    // Prepare
    const { deps, heartbeatAt } = await setup(30 * 60);
    deps.clock.set('2024-05-01T12:00:00.000Z');
    await connectCharger(deps, { ...aConnectionInput(), ocppVersion: 'ocpp2.0.1' });
    await heartbeatAt('2024-05-01T12:05:00.000Z');

    // Act
    deps.clock.set('2024-05-01T12:07:00.000Z');
    await disconnectCharger(deps, aConnectionInput());

    // Assess
    const view = await deps.chargers.getView('tenant-a', 'cp-1', deps.clock.now());
    expect(view?.connection).toBeUndefined();
    expect(view?.charger.lastSeenAt).toBe('2024-05-01T12:07:00.000Z');
  });

  it('by default writes 3 of the 23 Heartbeats of a 2-hour connection at a 300 s interval', async () => {
    // Prepare
    const { deps, writes, heartbeatAt } = await setup();
    const start = Date.parse('2024-05-01T12:00:00.000Z');
    deps.clock.set(new Date(start).toISOString());
    await connectCharger(deps, { ...aConnectionInput(), ocppVersion: 'ocpp2.0.1' });

    // Act
    for (let beat = 1; beat <= 23; beat += 1)
      await heartbeatAt(new Date(start + beat * 300_000).toISOString());

    // Assess
    expect(writes).toHaveLength(3);
  });
});

describe('throttleLastSeenWrites and the liveness deadline', () => {
  it('moves the deadline only with the writes it lets through', async () => {
    // Prepare
    const { deps, heartbeatAt } = await setup(30 * 60);
    deps.clock.set('2024-05-01T12:00:00.000Z');
    await connectCharger(deps, { ...aConnectionInput(), ocppVersion: 'ocpp2.0.1' });
    const deadline = async () =>
      (await deps.connections.listSilent('tenant-a', '2024-05-02T00:00:00.000Z', 10))[0]?.silentAfter;
    const atConnect = await deadline();

    // Act
    await heartbeatAt('2024-05-01T12:10:00.000Z');
    const withinInterval = await deadline();
    await heartbeatAt('2024-05-01T12:31:00.000Z');
    const pastInterval = await deadline();

    // Assess: 30 min + 2 × 540 s + 120 s after each write.
    expect([atConnect, withinInterval, pastInterval]).toEqual([
      '2024-05-01T12:50:00.000Z',
      '2024-05-01T12:50:00.000Z',
      '2024-05-01T13:21:00.000Z',
    ]);
  });
});
