import { describe, expect, it } from 'vitest';
import { SettableClock } from '../../../local/clock.ts';
import type { OcppVersion } from '../../../shared/ocpp/versions.ts';
import { createDynamoChargerRepository } from '../../../shared/slices/chargers/adapters/dynamodb-charger-repository.ts';
import { createDynamoConnectionRegistry } from '../../../shared/slices/chargers/adapters/dynamodb-connection-registry.ts';
import { connectCharger } from '../../../shared/slices/chargers/charger-connection.ts';
import { createDynamoCommandRepository } from '../../../shared/slices/commands/adapters/dynamodb-command-repository.ts';
import { createDynamoPendingCallStore } from '../../../shared/slices/commands/adapters/dynamodb-pending-call-store.ts';
import { drainCallQueue, wakeCallQueue } from '../../../shared/slices/commands/call-queue.ts';
import { enqueueChargerCall } from '../../../shared/slices/commands/charger-calls.ts';
import {
  failCallOfClosedConnection,
  findCommandTarget,
  getCommand,
  recordCallError,
  recordCallResult,
  sendOcppCall,
} from '../../../shared/slices/commands/remote-commands.ts';
import { createDynamoChargerConfigurationRepository } from '../../../shared/slices/configuration/adapters/dynamodb-charger-configuration-repository.ts';
import { createDynamoCustomerInformationRepository } from '../../../shared/slices/customer-information/adapters/dynamodb-customer-information-repository.ts';
import { createDynamoDeviceModelRepository } from '../../../shared/slices/device-model/adapters/dynamodb-device-model-repository.ts';
import { createDynamoDisplayMessageRepository } from '../../../shared/slices/display-messages/adapters/dynamodb-display-message-repository.ts';
import { createDynamoMaintenanceRepository } from '../../../shared/slices/firmware/adapters/dynamodb-maintenance-repository.ts';
import { commandReactions } from '../../../shared/slices/index.ts';
import { createDynamoFailSafeRepository } from '../../../shared/slices/load-management/adapters/dynamodb-fail-safe-repository.ts';
import { createDynamoLocalListRepository } from '../../../shared/slices/local-list/adapters/dynamodb-local-list-repository.ts';
import { createDynamoReservationRepository } from '../../../shared/slices/reservations/adapters/dynamodb-reservation-repository.ts';
import { createDynamoTenantRepository } from '../../../shared/slices/tenancy/adapters/dynamodb-tenant-repository.ts';
import { useDynaliteTable } from '../../support/dynalite-table.ts';
import {
  recordingCallQueueTimer,
  recordingChannel,
  recordingEvents,
  ulidIds,
} from '../../support/recording-ports.ts';
import { givenCharger } from './builders.ts';

const tenantId = 'tenant-a';
const timeoutSeconds = 60;
const table = useDynaliteTable('call-queue');

/** The queue's ports over a real table (dynalite); the charger's socket, the bus and the timer record. */
const givenDeps = (settings: { maxQueuedCalls?: number } = {}) => {
  const db = table.documentClient;
  const channel = recordingChannel();
  const events = recordingEvents();
  const timer = recordingCallQueueTimer();
  const clock = new SettableClock();
  const deps = {
    tenants: createDynamoTenantRepository(db, table.tableName),
    chargers: createDynamoChargerRepository(db, table.tableName),
    connections: createDynamoConnectionRegistry(db, table.tableName),
    pendingCalls: createDynamoPendingCallStore(db, table.tableName),
    commands: createDynamoCommandRepository(db, table.tableName),
    // What an answer's reactions touch (stored configuration, reservations, local lists, firmware).
    chargerConfigs: createDynamoChargerConfigurationRepository(db, table.tableName),
    reservations: createDynamoReservationRepository(db, table.tableName),
    localLists: createDynamoLocalListRepository(db, table.tableName),
    maintenance: createDynamoMaintenanceRepository(db, table.tableName),
    deviceModels: createDynamoDeviceModelRepository(db, table.tableName),
    displayMessages: createDynamoDisplayMessageRepository(db, table.tableName),
    customerInformation: createDynamoCustomerInformationRepository(db, table.tableName),
    failSafes: createDynamoFailSafeRepository(db, table.tableName),
    channel: channel.channel,
    reactions: commandReactions,
    events: events.events,
    callQueueTimer: timer.callQueueTimer,
    clock,
    timer: { sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)) },
    ids: ulidIds(),
    settings: {
      heartbeatIntervalSeconds: 300,
      ocppBaseUrl: 'wss://ocpp.example.test/ocpp',
      adminKeySha256: '',
      apiRateLimitPerSecond: 50,
      commandWaitSeconds: 0,
      commandTimeoutSeconds: timeoutSeconds,
      maxQueuedCalls: settings.maxQueuedCalls ?? 20,
      maxChargerClockSkewSeconds: 300,
      selfHealingMinWaitSeconds: 30,
    },
  };
  return { deps, channel, events, timer, clock };
};
type Deps = ReturnType<typeof givenDeps>['deps'];

let chargerCount = 0;
/** A new charger of the tenant, online on `connectionId`. */
const givenOnline = async (deps: Deps, version: OcppVersion = 'ocpp1.6', connectionId = 'conn-1') => {
  chargerCount += 1;
  const chargerId = `cp-${chargerCount}`;
  await givenCharger(deps, { tenantId, chargerId });
  await reconnect(deps, chargerId, connectionId, version);
  return chargerId;
};

const reconnect = async (
  deps: Deps,
  chargerId: string,
  connectionId: string,
  version: OcppVersion = 'ocpp1.6',
) => {
  await connectCharger(deps, { tenantId, chargerId, connectionId, ocppVersion: version, correlationId: 'c' });
};

const request = async (
  deps: Deps,
  chargerId: string,
  action: string,
  payload: Record<string, unknown> = {},
) => {
  const target = await findCommandTarget(deps, { tenantId, chargerId });
  if (target.kind !== 'online') throw new Error(`${chargerId} should be online`);
  return sendOcppCall(deps, { tenantId, ...target, action, payload, requestedBy: 'key-1' });
};

/** The charger answers the frame it got `index`-th. */
const answer = (
  deps: Deps,
  channel: ReturnType<typeof recordingChannel>,
  chargerId: string,
  index: number,
  payload: Record<string, unknown> = { status: 'Accepted' },
) => {
  const { connectionId, frame } = channel.sent[index]!;
  return recordCallResult(
    deps,
    { tenantId, chargerId, connectionId, messageId: frame[1] as string },
    payload,
  );
};

const statusOf = async (deps: Deps, commandId: string) =>
  (await deps.commands.get(tenantId, commandId))?.status;

describe('the call queue of a charger', () => {
  it('queues calls behind the outstanding one and sends each after the answer to the one before', async () => {
    // Prepare
    const { deps, channel } = givenDeps();
    const chargerId = await givenOnline(deps);
    const first = await request(deps, chargerId, 'Reset', { type: 'Soft' });
    const second = await request(deps, chargerId, 'ClearCache');
    const third = await request(deps, chargerId, 'TriggerMessage', { requestedMessage: 'Heartbeat' });
    expect([first.kind, second.kind, third.kind]).toEqual(['sent', 'queued', 'queued']);
    expect(channel.actions()).toEqual(['Reset']);

    // Act
    await answer(deps, channel, chargerId, 0);
    const afterFirst = channel.actions();
    await answer(deps, channel, chargerId, 1);

    // Assess
    expect(afterFirst).toEqual(['Reset', 'ClearCache']);
    expect(channel.actions()).toEqual(['Reset', 'ClearCache', 'TriggerMessage']);
    if (second.kind !== 'queued' || third.kind !== 'queued') throw new Error('queued expected');
    expect(await statusOf(deps, second.command.commandId)).toBe('completed');
    expect(await deps.commands.get(tenantId, third.command.commandId)).toMatchObject({
      status: 'pending',
      sentAt: expect.any(String),
    });
    expect(await deps.pendingCalls.queued(tenantId, chargerId, 10)).toEqual([]);
  });

  it('sends the next call after a CALLERROR too, with the message id it was queued with', async () => {
    // Prepare
    const { deps, channel } = givenDeps();
    const chargerId = await givenOnline(deps, 'ocpp2.0.1');
    await request(deps, chargerId, 'Reset', { type: 'OnIdle' });
    const queued = await request(deps, chargerId, 'ClearCache');
    const { connectionId, frame } = channel.sent[0]!;

    // Act
    await recordCallError(
      deps,
      { tenantId, chargerId, connectionId, messageId: frame[1] as string },
      { code: 'NotSupported', description: '', details: {} },
    );

    // Assess
    if (queued.kind !== 'queued') throw new Error('queued expected');
    expect(channel.sent[1]!.frame).toEqual([2, queued.command.messageId, 'ClearCache', {}]);
  });

  it('refuses a call beyond maxQueuedCalls, saying when the head call times out', async () => {
    // Prepare
    const { deps, channel, clock } = givenDeps({ maxQueuedCalls: 2 });
    const chargerId = await givenOnline(deps);
    await request(deps, chargerId, 'Reset', { type: 'Soft' });
    await request(deps, chargerId, 'ClearCache');
    await request(deps, chargerId, 'ClearCache');
    clock.advance(15_000);

    // Act
    const refused = await request(deps, chargerId, 'ClearCache');

    // Assess
    expect(refused).toEqual({ kind: 'queueFull', queued: 2, retryAfterSeconds: timeoutSeconds - 15 });
    expect(channel.actions()).toEqual(['Reset']);
    expect((await deps.pendingCalls.queued(tenantId, chargerId, 10)).length).toBe(2);
  });

  it('sets a wake for the outstanding call when a call queues behind it', async () => {
    // Prepare
    const { deps, timer } = givenDeps();
    const chargerId = await givenOnline(deps);
    const head = await request(deps, chargerId, 'Reset', { type: 'Soft' });
    expect(timer.wakes).toEqual([]);

    // Act
    await request(deps, chargerId, 'ClearCache');

    // Assess
    if (head.kind !== 'sent') throw new Error('sent expected');
    expect(timer.wakes).toEqual([
      { tenantId, chargerId, messageId: head.command.messageId, at: head.command.expiresAt },
    ]);
  });

  it('times the head out when its wake comes due and sends the next; a wake that comes early is set again', async () => {
    // Prepare
    const { deps, channel, timer, clock } = givenDeps();
    const chargerId = await givenOnline(deps);
    const head = await request(deps, chargerId, 'Reset', { type: 'Soft' });
    await request(deps, chargerId, 'ClearCache');
    const wake = timer.wakes[0]!;
    if (head.kind !== 'sent') throw new Error('sent expected');
    expect(await statusOf(deps, head.command.commandId)).toBe('pending');

    // Act
    await wakeCallQueue(deps, wake);
    const early = { sent: channel.actions(), wakes: timer.wakes.length };
    clock.advance((timeoutSeconds + 1) * 1000);
    await wakeCallQueue(deps, wake);

    // Assess
    expect(early).toEqual({ sent: ['Reset'], wakes: 2 });
    expect(await deps.commands.get(tenantId, head.command.commandId)).toMatchObject({
      status: 'timeout',
      completedAt: head.command.expiresAt,
    });
    expect(channel.actions()).toEqual(['Reset', 'ClearCache']);
  });

  it('lets a poll time the head out and send the next (the enqueuer or reader notices first)', async () => {
    // Prepare
    const { deps, channel, clock } = givenDeps();
    const chargerId = await givenOnline(deps);
    const head = await request(deps, chargerId, 'Reset', { type: 'Soft' });
    await request(deps, chargerId, 'ClearCache');
    if (head.kind !== 'sent') throw new Error('sent expected');
    clock.advance((timeoutSeconds + 1) * 1000);

    // Act
    const polled = await getCommand(deps, { tenantId, commandId: head.command.commandId });

    // Assess
    expect(polled?.status).toBe('timeout');
    expect(channel.actions()).toEqual(['Reset', 'ClearCache']);
  });

  it('sends the head once when two drains race', async () => {
    // Prepare: the slot frees with no drain, as when an answer's drain was lost
    const { deps, channel } = givenDeps();
    const chargerId = await givenOnline(deps);
    const head = await request(deps, chargerId, 'Reset', { type: 'Soft' });
    await request(deps, chargerId, 'ClearCache');
    await request(deps, chargerId, 'TriggerMessage', { requestedMessage: 'Heartbeat' });
    if (head.kind !== 'sent') throw new Error('sent expected');
    await deps.pendingCalls.release(tenantId, chargerId, head.command.messageId);

    // Act
    await Promise.all([
      drainCallQueue(deps, { tenantId, chargerId, connectionId: 'conn-1' }),
      drainCallQueue(deps, { tenantId, chargerId, connectionId: 'conn-1' }),
      drainCallQueue(deps, { tenantId, chargerId }),
    ]);

    // Assess
    expect(channel.actions()).toEqual(['Reset', 'ClearCache']);
    expect((await deps.pendingCalls.queued(tenantId, chargerId, 10)).map((call) => call.action)).toEqual([
      'TriggerMessage',
    ]);
  });

  it('fails the call in flight and every queued call of a closed connection, publishing each as offline', async () => {
    // Prepare
    const { deps, channel, events } = givenDeps();
    const chargerId = await givenOnline(deps);
    const calls = [
      await request(deps, chargerId, 'Reset', { type: 'Soft' }),
      await request(deps, chargerId, 'ClearCache'),
      await request(deps, chargerId, 'ClearCache'),
    ];
    const ids = calls.map((call) =>
      call.kind === 'sent' || call.kind === 'queued' ? call.command.commandId : '',
    );

    // Act
    const result = await failCallOfClosedConnection(deps, { tenantId, chargerId, connectionId: 'conn-1' });
    await reconnect(deps, chargerId, 'conn-2');
    await drainCallQueue(deps, { tenantId, chargerId, connectionId: 'conn-2' });

    // Assess
    expect(result).toEqual({ failedCommandId: ids[0], failedQueuedCommandIds: [ids[1], ids[2]] });
    for (const id of ids) {
      expect(await deps.commands.get(tenantId, id)).toMatchObject({
        status: 'failed',
        error: { kind: 'offline', code: 'ConnectionLost' },
      });
    }
    const completed = events.published.filter((event) => event.name === 'commandCompleted');
    expect(completed.map((event) => [event.detail.commandId, event.detail.outcome])).toEqual(
      ids.map((id) => [id, 'offline']),
    );
    expect(channel.actions()).toEqual(['Reset']);
  });

  it('never sends a queued call on a later connection, even when $disconnect never came', async () => {
    // Prepare
    const { deps, channel } = givenDeps();
    const chargerId = await givenOnline(deps);
    await request(deps, chargerId, 'Reset', { type: 'Soft' });
    const queued = await request(deps, chargerId, 'ClearCache');
    await reconnect(deps, chargerId, 'conn-2');

    // Act: the first call to the new connection finds the old one's slot and queue
    const fresh = await request(deps, chargerId, 'ClearCache');
    await drainCallQueue(deps, { tenantId, chargerId, connectionId: 'conn-2' });

    // Assess
    if (queued.kind !== 'queued') throw new Error('queued expected');
    expect(await deps.commands.get(tenantId, queued.command.commandId)).toMatchObject({
      status: 'failed',
      error: { kind: 'offline' },
    });
    expect(fresh.kind).toBe('sent');
    expect(channel.sent.map(({ connectionId, frame }) => [connectionId, frame[2]])).toEqual([
      ['conn-1', 'Reset'],
      ['conn-2', 'ClearCache'],
    ]);
  });

  it('takes the charger offline and fails the rest when API Gateway says Gone for a queued call', async () => {
    // Prepare
    const { deps, channel } = givenDeps();
    const chargerId = await givenOnline(deps);
    await request(deps, chargerId, 'Reset', { type: 'Soft' });
    const second = await request(deps, chargerId, 'ClearCache');
    const third = await request(deps, chargerId, 'ClearCache');
    channel.goneFor('conn-1');

    // Act
    await answer(deps, channel, chargerId, 0);

    // Assess
    if (second.kind !== 'queued' || third.kind !== 'queued') throw new Error('queued expected');
    expect(await deps.commands.get(tenantId, second.command.commandId)).toMatchObject({
      status: 'failed',
      error: { code: 'ChargerOffline' },
    });
    expect(await statusOf(deps, third.command.commandId)).toBe('failed');
    expect((await findCommandTarget(deps, { tenantId, chargerId })).kind).toBe('offline');
  });

  it('lets a workflow enqueue a call and hear of its outcome through commandCompleted', async () => {
    // Prepare
    const { deps, channel, events } = givenDeps();
    const chargerId = await givenOnline(deps);
    await request(deps, chargerId, 'Reset', { type: 'Soft' });

    // Act
    const enqueued = await enqueueChargerCall(deps, {
      tenantId,
      chargerId,
      action: 'ClearCache',
      payload: {},
      requestedBy: 'workflow',
    });
    const beforeAnswer = events.published.filter((event) => event.name === 'commandCompleted').length;
    await answer(deps, channel, chargerId, 0);
    await answer(deps, channel, chargerId, 1);

    // Assess
    expect(enqueued).toMatchObject({ kind: 'sent', command: { status: 'queued' } });
    expect(beforeAnswer).toBe(0);
    const commandId = enqueued.kind === 'sent' ? enqueued.command.commandId : '';
    expect(
      events.published.find(
        (event) => event.name === 'commandCompleted' && event.detail.commandId === commandId,
      )?.detail,
    ).toMatchObject({ outcome: 'completed', correlationId: commandId, action: 'ClearCache' });
  });
});
