import { describe, expect, it } from 'vitest';
import { createDynamoCommandRepository } from '../../shared/slices/commands/adapters/dynamodb-command-repository.ts';
import { createDynamoPendingCallStore } from '../../shared/slices/commands/adapters/dynamodb-pending-call-store.ts';
import type { Command, PendingCall, QueuedCall } from '../../shared/slices/commands/model.ts';
import type { Dependencies } from '../../shared/slices/dependencies.ts';
import { useDynaliteTable } from '../support/dynalite-table.ts';

/** The DynamoDB pending-call slot and command records, against dynalite. */
type Stores = Pick<Dependencies, 'pendingCalls' | 'commands'>;

const dynalite = useDynaliteTable('csms-command-contract');
const { tableName } = dynalite;

const create = (): Stores => ({
  pendingCalls: createDynamoPendingCallStore(dynalite.documentClient, tableName),
  commands: createDynamoCommandRepository(dynalite.documentClient, tableName),
});

/** The dynalite table is shared by the file: each test gets its own tenant. */
let counter = 0;
const freshTenant = () => {
  counter += 1;
  return `command-contract-${counter}`;
};

const now = new Date('2024-05-01T12:00:00.000Z');

const aCall = (tenantId: string, overrides: Partial<PendingCall> = {}): PendingCall => ({
  tenantId,
  chargerId: 'cp-1',
  commandId: 'cmd-1',
  messageId: 'msg-1',
  action: 'Reset',
  ocppVersion: 'ocpp2.0.1',
  connectionId: 'conn-1',
  expiresAt: '2024-05-01T12:01:00.000Z',
  ...overrides,
});

const aCommand = (tenantId: string, overrides: Partial<Command> = {}): Command => ({
  tenantId,
  commandId: 'cmd-1',
  chargerId: 'cp-1',
  siteId: 'site-1',
  ocppVersion: 'ocpp2.0.1',
  action: 'Reset',
  payload: { type: 'OnIdle' },
  messageId: 'msg-1',
  status: 'pending',
  requestedAt: '2024-05-01T12:00:00.000Z',
  requestedBy: 'key-1',
  expiresAt: '2024-05-01T12:01:00.000Z',
  ...overrides,
});

describe('pending-call store (dynamodb)', () => {
  it('takes a free slot and holds it against a second call on the same connection', async () => {
    // Prepare
    const { pendingCalls } = create();
    const tenantId = freshTenant();

    // Act
    const first = await pendingCalls.acquire(aCall(tenantId), now);
    const second = await pendingCalls.acquire(
      aCall(tenantId, { commandId: 'cmd-2', messageId: 'msg-2' }),
      now,
    );

    // Assess
    expect(first).toEqual({ acquired: true });
    expect(second).toEqual({ acquired: false, holder: aCall(tenantId) });
    expect(await pendingCalls.get(tenantId, 'cp-1')).toEqual(aCall(tenantId));
  });

  it('replaces a holder whose time is up', async () => {
    // Prepare
    const { pendingCalls } = create();
    const tenantId = freshTenant();
    await pendingCalls.acquire(aCall(tenantId), now);
    const next = aCall(tenantId, {
      commandId: 'cmd-2',
      messageId: 'msg-2',
      expiresAt: '2024-05-01T12:02:00.000Z',
    });

    // Act
    const result = await pendingCalls.acquire(next, new Date('2024-05-01T12:01:00.000Z'));

    // Assess
    expect(result).toEqual({ acquired: true, replaced: aCall(tenantId) });
    expect(await pendingCalls.get(tenantId, 'cp-1')).toEqual(next);
  });

  it('replaces a holder of another connection', async () => {
    // Prepare
    const { pendingCalls } = create();
    const tenantId = freshTenant();
    await pendingCalls.acquire(aCall(tenantId), now);

    // Act
    const result = await pendingCalls.acquire(
      aCall(tenantId, { commandId: 'cmd-2', messageId: 'msg-2', connectionId: 'conn-2' }),
      now,
    );

    // Assess
    expect(result).toEqual({ acquired: true, replaced: aCall(tenantId) });
  });

  it('keeps slots of chargers and tenants apart', async () => {
    // Prepare
    const { pendingCalls } = create();
    const tenantId = freshTenant();
    const otherTenant = freshTenant();
    await pendingCalls.acquire(aCall(tenantId), now);

    // Act
    const otherCharger = await pendingCalls.acquire(aCall(tenantId, { chargerId: 'cp-2' }), now);
    const sameChargerIdElsewhere = await pendingCalls.acquire(aCall(otherTenant), now);

    // Assess
    expect(otherCharger.acquired).toBe(true);
    expect(sameChargerIdElsewhere.acquired).toBe(true);
  });

  it('releases only with the holding message id', async () => {
    // Prepare
    const { pendingCalls } = create();
    const tenantId = freshTenant();
    await pendingCalls.acquire(aCall(tenantId), now);

    // Act
    const wrong = await pendingCalls.release(tenantId, 'cp-1', 'msg-other');
    const right = await pendingCalls.release(tenantId, 'cp-1', 'msg-1');
    const again = await pendingCalls.release(tenantId, 'cp-1', 'msg-1');

    // Assess
    expect([wrong, right, again]).toEqual([false, true, false]);
    expect(await pendingCalls.get(tenantId, 'cp-1')).toBeUndefined();
  });
});

const aQueuedCall = (
  tenantId: string,
  commandId: string,
  overrides: Partial<QueuedCall> = {},
): QueuedCall => ({
  tenantId,
  chargerId: 'cp-1',
  commandId,
  messageId: `msg-of-${commandId}`,
  action: 'ClearCache',
  payload: {},
  ocppVersion: 'ocpp2.0.1',
  connectionId: 'conn-1',
  queuedAt: '2024-05-01T12:00:00.000Z',
  expiresAt: '2024-05-01T12:03:00.000Z',
  ...overrides,
});

describe('call queue (dynamodb)', () => {
  it('lists queued calls oldest first (by command id), up to the limit, apart from the slot', async () => {
    // Prepare
    const { pendingCalls } = create();
    const tenantId = freshTenant();
    await pendingCalls.acquire(aCall(tenantId), now);
    for (const commandId of [
      '01J0000000000000000000000B',
      '01J0000000000000000000000A',
      '01J0000000000000000000000C',
    ]) {
      await pendingCalls.enqueue(aQueuedCall(tenantId, commandId));
    }

    // Act
    const two = await pendingCalls.queued(tenantId, 'cp-1', 2);
    const all = await pendingCalls.queued(tenantId, 'cp-1', 10);

    // Assess
    expect(two.map((call) => call.commandId)).toEqual([
      '01J0000000000000000000000A',
      '01J0000000000000000000000B',
    ]);
    expect(all).toHaveLength(3);
    expect(all[0]).toEqual(aQueuedCall(tenantId, '01J0000000000000000000000A'));
    expect(await pendingCalls.get(tenantId, 'cp-1')).toEqual(aCall(tenantId));
  });

  it('keeps the queues of chargers apart', async () => {
    // Prepare
    const { pendingCalls } = create();
    const tenantId = freshTenant();
    await pendingCalls.enqueue(aQueuedCall(tenantId, 'c1'));

    // Act
    const other = await pendingCalls.queued(tenantId, 'cp-2', 10);

    // Assess
    expect(other).toEqual([]);
  });

  it('dequeues a call once: the one who removes it owns it', async () => {
    // Prepare
    const { pendingCalls } = create();
    const tenantId = freshTenant();
    await pendingCalls.enqueue(aQueuedCall(tenantId, 'c1'));

    // Act
    const first = await pendingCalls.dequeue(tenantId, 'cp-1', 'c1');
    const second = await pendingCalls.dequeue(tenantId, 'cp-1', 'c1');

    // Assess
    expect([first, second]).toEqual([true, false]);
    expect(await pendingCalls.queued(tenantId, 'cp-1', 10)).toEqual([]);
  });
});

describe('command repository (dynamodb)', () => {
  it('marks a queued command sent once, and completes a queued one too', async () => {
    // Prepare
    const { commands } = create();
    const tenantId = freshTenant();
    await commands.create(aCommand(tenantId, { status: 'queued', expiresAt: '2024-05-01T12:03:00.000Z' }));
    await commands.create(aCommand(tenantId, { commandId: 'cmd-2', status: 'queued' }));
    const sent = { sentAt: '2024-05-01T12:00:30.000Z', expiresAt: '2024-05-01T12:01:30.000Z' };

    // Act
    const first = await commands.markSent(tenantId, 'cmd-1', sent);
    const again = await commands.markSent(tenantId, 'cmd-1', sent);
    const failed = await commands.complete(tenantId, 'cmd-2', {
      status: 'failed',
      error: { kind: 'offline', code: 'ConnectionLost', description: 'gone' },
      completedAt: '2024-05-01T12:00:02.000Z',
    });

    // Assess
    expect(first).toEqual(aCommand(tenantId, { status: 'pending', ...sent }));
    expect(again).toBeUndefined();
    expect(failed).toMatchObject({ commandId: 'cmd-2', status: 'failed' });
    expect(await commands.markSent(tenantId, 'cmd-2', sent)).toBeUndefined();
  });

  it('stores and reads a command', async () => {
    // Prepare
    const { commands } = create();
    const tenantId = freshTenant();

    // Act
    await commands.create(aCommand(tenantId));

    // Assess
    expect(await commands.get(tenantId, 'cmd-1')).toEqual(aCommand(tenantId));
    expect(await commands.get(freshTenant(), 'cmd-1')).toBeUndefined();
  });

  it('refuses to create the same command twice', async () => {
    // Prepare
    const { commands } = create();
    const tenantId = freshTenant();
    await commands.create(aCommand(tenantId));

    // Act
    const again = commands.create(aCommand(tenantId, { action: 'ClearCache' }));

    // Assess
    await expect(again).rejects.toThrow();
    expect((await commands.get(tenantId, 'cmd-1'))?.action).toBe('Reset');
  });

  it('completes a pending command once; the first outcome stands', async () => {
    // Prepare
    const { commands } = create();
    const tenantId = freshTenant();
    await commands.create(aCommand(tenantId));

    // Act
    const first = await commands.complete(tenantId, 'cmd-1', {
      status: 'completed',
      response: { status: 'Accepted', statusInfo: { reasonCode: 'ok' } },
      completedAt: '2024-05-01T12:00:01.000Z',
    });
    const second = await commands.complete(tenantId, 'cmd-1', {
      status: 'timeout',
      completedAt: '2024-05-01T12:01:00.000Z',
    });

    // Assess
    const completed = aCommand(tenantId, {
      status: 'completed',
      response: { status: 'Accepted', statusInfo: { reasonCode: 'ok' } },
      completedAt: '2024-05-01T12:00:01.000Z',
    });
    expect(first).toEqual(completed);
    expect(second).toBeUndefined();
    expect(await commands.get(tenantId, 'cmd-1')).toEqual(completed);
  });

  it('stores the error of a failed command', async () => {
    // Prepare
    const { commands } = create();
    const tenantId = freshTenant();
    await commands.create(aCommand(tenantId));
    const error = {
      kind: 'callError' as const,
      code: 'NotSupported',
      description: 'nope',
      details: { a: 1 },
    };

    // Act
    await commands.complete(tenantId, 'cmd-1', {
      status: 'failed',
      error,
      completedAt: '2024-05-01T12:00:01.000Z',
    });

    // Assess
    expect(await commands.get(tenantId, 'cmd-1')).toMatchObject({ status: 'failed', error });
  });

  it('does not complete an unknown command', async () => {
    // Prepare
    const { commands } = create();

    // Act
    const result = await commands.complete(freshTenant(), 'cmd-404', {
      status: 'timeout',
      completedAt: '2024-05-01T12:01:00.000Z',
    });

    // Assess
    expect(result).toBeUndefined();
  });
});
