import { describe, expect, it } from 'vitest';
import { keys } from '../../../shared/adapters/dynamodb/keys.ts';
import type { OcppVersion } from '../../../shared/ocpp/versions.ts';
import { connectCharger } from '../../../shared/slices/chargers/charger-connection.ts';
import type { Charger, Connection } from '../../../shared/slices/chargers/model.ts';
import {
  type AnswerContext,
  awaitCommand,
  findCommandTarget,
  getCommand,
  pollDelays,
  recordCallError,
  recordCallResult,
  sendOcppCall,
} from '../../../shared/slices/commands/remote-commands.ts';
import { createRecordingChargerChannel } from '../../support/fakes/charger-channel.ts';
import { createTestDependencies, type TestDependencies } from '../../support/test-dependencies.ts';
import { at, givenCharger } from './builders.ts';

const tenantId = 'tenant-a';
const chargerId = 'cp-1';

/** A provisioned charger connected on `connectionId`; returns what `sendOcppCall` needs. */
const givenOnline = async (
  deps: TestDependencies,
  { version = 'ocpp1.6', connectionId = 'conn-1' }: { version?: OcppVersion; connectionId?: string } = {},
): Promise<{ charger: Charger; connection: Connection }> => {
  if (!(await deps.chargers.getView(tenantId, chargerId, deps.clock.now()))) await givenCharger(deps);
  await connectCharger(deps, {
    tenantId,
    chargerId,
    connectionId,
    ocppVersion: version,
    correlationId: 'corr-connect',
  });
  const target = await findCommandTarget(deps, { tenantId, chargerId });
  if (target.kind !== 'online') throw new Error('charger should be online');
  return target;
};

const send = (
  deps: TestDependencies,
  target: { charger: Charger; connection: Connection },
  overrides: { action?: string; payload?: Record<string, unknown> } = {},
) =>
  sendOcppCall(deps, {
    tenantId,
    charger: target.charger,
    connection: target.connection,
    action: 'Reset',
    payload: { type: 'Soft' },
    requestedBy: 'key-1',
    ...overrides,
  });

/** Sends a command that must go out; returns its ids. */
const sent = async (...args: Parameters<typeof send>) => {
  const result = await send(...args);
  if (result.kind !== 'sent') throw new Error(`expected the command to be sent, got ${result.kind}`);
  return result.command;
};

const answerTo = (messageId: string, overrides: Partial<AnswerContext> = {}): AnswerContext => ({
  tenantId,
  chargerId,
  connectionId: 'conn-1',
  messageId,
  ...overrides,
});

const commandEvents = (deps: TestDependencies) =>
  deps.events.published.filter((event) => event.name === 'commandCompleted').map((event) => event.detail);

describe('findCommandTarget', () => {
  it('finds nothing for an unknown charger', async () => {
    // Prepare
    const deps = await createTestDependencies();

    // Act
    const target = await findCommandTarget(deps, { tenantId, chargerId: 'nope' });

    // Assess
    expect(target).toEqual({ kind: 'notFound' });
  });

  it('reports a charger without a live connection as offline', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenOnline(deps);
    deps.clock.advance(3 * 60 * 60 * 1000); // past the connection record's TTL

    // Act
    const target = await findCommandTarget(deps, { tenantId, chargerId });

    // Assess
    expect(target.kind).toBe('offline');
  });

  it('returns the charger and its connection when online', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenOnline(deps, { version: 'ocpp2.0.1', connectionId: 'conn-7' });

    // Act
    const target = await findCommandTarget(deps, { tenantId, chargerId });

    // Assess
    expect(target).toMatchObject({
      kind: 'online',
      charger: { chargerId },
      connection: { connectionId: 'conn-7', ocppVersion: 'ocpp2.0.1' },
    });
  });
});

describe('sendOcppCall', () => {
  it('sends the CALL, takes the slot and stores a pending command', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const target = await givenOnline(deps);

    // Act
    const result = await send(deps, target);

    // Assess
    expect(result.kind).toBe('sent');
    expect(deps.channel.sent).toEqual([
      { connectionId: 'conn-1', frame: JSON.stringify([2, 'ID000002', 'Reset', { type: 'Soft' }]) },
    ]);
    expect(await deps.pendingCalls.get(tenantId, chargerId)).toEqual({
      tenantId,
      chargerId,
      commandId: 'ID000001',
      messageId: 'ID000002',
      action: 'Reset',
      ocppVersion: 'ocpp1.6',
      connectionId: 'conn-1',
      expiresAt: '2024-05-01T12:01:00.000Z',
    });
    expect((await deps.table.get(keys.pendingCall(tenantId, chargerId)))?.ttl).toBe(
      Date.parse('2024-05-01T12:01:00Z') / 1000,
    );
    expect(await deps.commands.get(tenantId, 'ID000001')).toEqual({
      tenantId,
      commandId: 'ID000001',
      chargerId,
      siteId: 'site-1',
      ocppVersion: 'ocpp1.6',
      action: 'Reset',
      payload: { type: 'Soft' },
      messageId: 'ID000002',
      status: 'pending',
      requestedAt: at,
      requestedBy: 'key-1',
      expiresAt: '2024-05-01T12:01:00.000Z',
      sentAt: at,
    });
  });

  it('times the slot out after commandTimeoutSeconds', async () => {
    // Prepare
    const deps = await createTestDependencies({ settings: { commandTimeoutSeconds: 5 } });
    const target = await givenOnline(deps);

    // Act
    const command = await sent(deps, target);

    // Assess
    expect(command.expiresAt).toBe('2024-05-01T12:00:05.000Z');
  });

  it.each([
    [
      'a charger-initiated action',
      'ocpp1.6',
      'BootNotification',
      'BootNotification is not a CSMS-initiated OCPP 1.6 action',
    ],
    [
      'an action of the other version',
      'ocpp1.6',
      'RequestStartTransaction',
      'RequestStartTransaction is not a CSMS-initiated OCPP 1.6 action',
    ],
    [
      'a 1.6 action on 2.0.1',
      'ocpp2.0.1',
      'RemoteStartTransaction',
      'RemoteStartTransaction is not a CSMS-initiated OCPP 2.0.1 action',
    ],
    ['an unknown action', 'ocpp2.0.1', 'Explode', 'Explode is not a CSMS-initiated OCPP 2.0.1 action'],
  ] as const)('refuses %s without sending anything', async (_, version, action, message) => {
    // Prepare
    const deps = await createTestDependencies();
    const target = await givenOnline(deps, { version });

    // Act
    const result = await send(deps, target, { action, payload: {} });

    // Assess
    expect(result.kind).toBe('invalidAction');
    expect(result.kind === 'invalidAction' && result.message).toContain(message);
    expect(deps.channel.sent).toEqual([]);
    expect(await deps.pendingCalls.get(tenantId, chargerId)).toBeUndefined();
  });

  it('refuses a payload that breaks the request schema, with the violation, without sending it', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const target = await givenOnline(deps, { version: 'ocpp2.0.1' });

    // Act
    const result = await send(deps, target, { payload: { type: 'Soft' } });

    // Assess
    expect(result).toEqual({
      kind: 'invalidPayload',
      message: 'invalid Reset request for OCPP 2.0.1: /type must be one of Immediate, OnIdle',
      details: { field: '/type', keyword: 'enum' },
    });
    expect(deps.channel.sent).toEqual([]);
    expect((await deps.table.scan()).filter((item) => item.type === 'Command')).toEqual([]);
  });

  it('queues a call while another is outstanding, and sends nothing yet', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const target = await givenOnline(deps);
    const first = await sent(deps, target);

    // Act
    const second = await send(deps, target, { action: 'ClearCache', payload: {} });

    // Assess
    expect(second).toMatchObject({ kind: 'queued', command: { status: 'queued', action: 'ClearCache' } });
    expect(second.kind === 'queued' && 'sentAt' in second.command).toBe(false);
    expect(deps.channel.sent).toHaveLength(1);
    expect((await deps.pendingCalls.get(tenantId, chargerId))?.commandId).toBe(first.commandId);
  });

  it('takes over an expired slot and times its command out', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const target = await givenOnline(deps);
    const first = await sent(deps, target);
    deps.clock.advance(75_000);

    // Act
    const second = await send(deps, target, { action: 'ClearCache', payload: {} });

    // Assess
    expect(second.kind).toBe('sent');
    expect(await deps.commands.get(tenantId, first.commandId)).toMatchObject({
      status: 'timeout',
      completedAt: '2024-05-01T12:01:00.000Z',
    });
    expect(commandEvents(deps)).toEqual([
      expect.objectContaining({ commandId: first.commandId, action: 'Reset', outcome: 'timeout' }),
    ]);
  });

  it('takes over the slot of an older connection: the charger forgot that call', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const first = await sent(deps, await givenOnline(deps, { connectionId: 'conn-1' }));
    const reconnected = await givenOnline(deps, { connectionId: 'conn-2' });

    // Act
    const second = await send(deps, reconnected);

    // Assess
    expect(second.kind).toBe('sent');
    expect(await deps.commands.get(tenantId, first.commandId)).toMatchObject({
      status: 'failed',
      error: { kind: 'offline', code: 'ConnectionLost' },
    });
    expect(commandEvents(deps)).toEqual([
      expect.objectContaining({
        commandId: first.commandId,
        outcome: 'offline',
        errorCode: 'ConnectionLost',
      }),
    ]);
  });

  it('treats a gone connection as a disconnect: record removed, event, slot freed, command failed', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const target = await givenOnline(deps);
    deps.channel.gone.add('conn-1');

    // Act
    const result = await send(deps, target);

    // Assess
    expect(result).toMatchObject({
      kind: 'offline',
      command: { status: 'failed', error: { kind: 'offline', code: 'ChargerOffline' } },
    });
    expect((await findCommandTarget(deps, { tenantId, chargerId })).kind).toBe('offline');
    expect(await deps.pendingCalls.get(tenantId, chargerId)).toBeUndefined();
    expect(deps.events.published.map((event) => event.name)).toEqual([
      'chargerConnected',
      'chargerDisconnected',
      'commandCompleted',
    ]);
    expect(commandEvents(deps)).toEqual([
      {
        tenantId,
        chargerId,
        siteId: 'site-1',
        commandId: 'ID000001',
        action: 'Reset',
        outcome: 'offline',
        errorCode: 'ChargerOffline',
        occurredAt: at,
        correlationId: 'ID000001',
      },
    ]);
  });

  it('frees the slot and fails the command when sending fails otherwise, and passes the error on', async () => {
    // Prepare
    const failure = new Error('socket hang up');
    const deps = await createTestDependencies({
      channel: Object.assign(createRecordingChargerChannel(), {
        send: async () => {
          throw failure;
        },
      }),
    });
    const target = await givenOnline(deps);

    // Act
    const sending = send(deps, target);

    // Assess
    await expect(sending).rejects.toBe(failure);
    expect(await deps.pendingCalls.get(tenantId, chargerId)).toBeUndefined();
    expect(await deps.commands.get(tenantId, 'ID000001')).toMatchObject({
      status: 'failed',
      error: { kind: 'sendFailed' },
    });
  });
});

describe('recordCallResult', () => {
  it('completes the command with the answer, frees the slot and publishes the outcome', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const command = await sent(deps, await givenOnline(deps));
    deps.clock.advance(250);

    // Act
    const result = await recordCallResult(deps, answerTo(command.messageId), { status: 'Accepted' });

    // Assess
    expect(result).toMatchObject({ matched: true, command: { status: 'completed' } });
    expect(await deps.commands.get(tenantId, command.commandId)).toMatchObject({
      status: 'completed',
      response: { status: 'Accepted' },
      completedAt: '2024-05-01T12:00:00.250Z',
    });
    expect(await deps.pendingCalls.get(tenantId, chargerId)).toBeUndefined();
    expect(commandEvents(deps)).toEqual([
      {
        tenantId,
        chargerId,
        siteId: 'site-1',
        commandId: command.commandId,
        action: 'Reset',
        outcome: 'completed',
        occurredAt: '2024-05-01T12:00:00.250Z',
        correlationId: command.commandId,
      },
    ]);
  });

  it('ignores an answer with another message id: the call stays pending', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const command = await sent(deps, await givenOnline(deps));

    // Act
    const result = await recordCallResult(deps, answerTo('someone-else'), { status: 'Accepted' });

    // Assess
    expect(result).toEqual({ matched: false, pendingMessageId: command.messageId });
    expect((await deps.commands.get(tenantId, command.commandId))?.status).toBe('pending');
    expect((await deps.pendingCalls.get(tenantId, chargerId))?.messageId).toBe(command.messageId);
    expect(commandEvents(deps)).toEqual([]);
  });

  it('ignores an answer when no call is pending', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenOnline(deps);

    // Act
    const result = await recordCallResult(deps, answerTo('msg-1'), { status: 'Accepted' });

    // Assess
    expect(result).toEqual({ matched: false });
  });

  it('ignores a late answer to a call whose slot was taken over after its timeout', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const target = await givenOnline(deps);
    const first = await sent(deps, target);
    deps.clock.advance(61_000);
    const second = await sent(deps, target, { action: 'ClearCache', payload: {} });

    // Act
    const result = await recordCallResult(deps, answerTo(first.messageId), { status: 'Accepted' });

    // Assess
    expect(result.matched).toBe(false);
    expect((await deps.commands.get(tenantId, first.commandId))?.status).toBe('timeout');
    expect((await deps.pendingCalls.get(tenantId, chargerId))?.messageId).toBe(second.messageId);
  });

  it.each([
    // A missing field is an occurrence fault; each version spells its code its own way.
    ['ocpp1.6', 'OccurenceConstraintViolation'],
    ['ocpp2.0.1', 'OccurrenceConstraintViolation'],
  ] as const)('fails the command when a %s answer breaks the .conf schema', async (version, code) => {
    // Prepare
    const deps = await createTestDependencies();
    const payload = version === 'ocpp1.6' ? { type: 'Soft' } : { type: 'OnIdle' };
    const command = await sent(deps, await givenOnline(deps, { version }), { payload });

    // Act
    const result = await recordCallResult(deps, answerTo(command.messageId), { state: 'Accepted' });

    // Assess
    expect(result).toMatchObject({
      matched: true,
      command: {
        status: 'failed',
        response: { state: 'Accepted' },
        error: { kind: 'invalidResponse', code, description: 'invalid Reset answer: /status is required' },
      },
    });
    expect(commandEvents(deps)).toEqual([expect.objectContaining({ outcome: 'failed', errorCode: code })]);
    expect(await deps.pendingCalls.get(tenantId, chargerId)).toBeUndefined();
  });

  it('reports the code of the fault an answer has: a value outside its enum', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const command = await sent(deps, await givenOnline(deps, { version: 'ocpp2.0.1' }), {
      payload: { type: 'OnIdle' },
    });

    // Act
    const result = await recordCallResult(deps, answerTo(command.messageId), { status: 'Maybe' });

    // Assess
    expect(result.matched && result.command.error).toMatchObject({
      kind: 'invalidResponse',
      code: 'PropertyConstraintViolation',
      description: 'invalid Reset answer: /status must be one of Accepted, Rejected, Scheduled',
    });
    expect(commandEvents(deps)).toEqual([
      expect.objectContaining({ outcome: 'failed', errorCode: 'PropertyConstraintViolation' }),
    ]);
  });
});

describe('recordCallError', () => {
  it("fails the command with the charger's error and frees the slot", async () => {
    // Prepare
    const deps = await createTestDependencies();
    const command = await sent(deps, await givenOnline(deps));

    // Act
    const result = await recordCallError(deps, answerTo(command.messageId), {
      code: 'NotSupported',
      description: 'no resets here',
      details: { why: 'firmware' },
    });

    // Assess
    expect(result).toMatchObject({
      matched: true,
      command: {
        status: 'failed',
        error: {
          kind: 'callError',
          code: 'NotSupported',
          description: 'no resets here',
          details: { why: 'firmware' },
        },
      },
    });
    expect(await deps.pendingCalls.get(tenantId, chargerId)).toBeUndefined();
    expect(commandEvents(deps)).toEqual([
      expect.objectContaining({ outcome: 'failed', errorCode: 'NotSupported' }),
    ]);
  });

  it('ignores an error with another message id', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const command = await sent(deps, await givenOnline(deps));

    // Act
    const result = await recordCallError(deps, answerTo('other'), {
      code: 'GenericError',
      description: '',
      details: {},
    });

    // Assess
    expect(result.matched).toBe(false);
    expect((await deps.commands.get(tenantId, command.commandId))?.status).toBe('pending');
  });
});

describe('awaitCommand', () => {
  it('returns the completed command as soon as the answer is stored', async () => {
    // Prepare
    const sleeps: number[] = [];
    let answer: (() => Promise<unknown>) | undefined;
    const deps: TestDependencies = await createTestDependencies({
      timer: {
        async sleep(milliseconds) {
          sleeps.push(milliseconds);
          deps.clock.advance(milliseconds);
          if (sleeps.length === 3) await answer?.();
        },
      },
    });
    const command = await sent(deps, await givenOnline(deps));
    answer = () => recordCallResult(deps, answerTo(command.messageId), { status: 'Accepted' });

    // Act
    const result = await awaitCommand(deps, { tenantId, commandId: command.commandId, waitSeconds: 25 });

    // Assess
    expect(result).toMatchObject({ status: 'completed', response: { status: 'Accepted' } });
    expect(sleeps).toEqual([100, 150, 225]);
  });

  it('gives up after waitSeconds with the command still pending, backing off up to 500 ms', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const command = await sent(deps, await givenOnline(deps));
    const started = deps.clock.now().getTime();

    // Act
    const result = await awaitCommand(deps, { tenantId, commandId: command.commandId, waitSeconds: 3 });

    // Assess
    expect(result.status).toBe('pending');
    expect(deps.clock.now().getTime() - started).toBe(3000);
    expect(pollDelays).toEqual({ firstMs: 100, factor: 1.5, maxMs: 500 });
    expect(commandEvents(deps)).toEqual([]);
  });

  it('reads once and returns at once for waitSeconds 0', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const command = await sent(deps, await givenOnline(deps));

    // Act
    const result = await awaitCommand(deps, { tenantId, commandId: command.commandId, waitSeconds: 0 });

    // Assess
    expect(result.status).toBe('pending');
    expect(deps.clock.now().toISOString()).toBe(at);
  });

  it('times the command out when its timeout comes within the wait', async () => {
    // Prepare
    const deps = await createTestDependencies({ settings: { commandTimeoutSeconds: 2 } });
    const command = await sent(deps, await givenOnline(deps));

    // Act
    const result = await awaitCommand(deps, { tenantId, commandId: command.commandId, waitSeconds: 10 });

    // Assess
    expect(result).toMatchObject({ status: 'timeout', completedAt: '2024-05-01T12:00:02.000Z' });
    expect(await deps.pendingCalls.get(tenantId, chargerId)).toBeUndefined();
    expect(commandEvents(deps)).toEqual([expect.objectContaining({ outcome: 'timeout' })]);
  });
});

describe('getCommand', () => {
  it('returns a pending command as pending before its timeout', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const command = await sent(deps, await givenOnline(deps));
    deps.clock.advance(59_999);

    // Act
    const read = await getCommand(deps, { tenantId, commandId: command.commandId });

    // Assess
    expect(read?.status).toBe('pending');
    expect(await deps.pendingCalls.get(tenantId, chargerId)).toBeDefined();
  });

  it('times out a pending command once its slot expired, freeing the slot, once', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const command = await sent(deps, await givenOnline(deps));
    deps.clock.advance(90_000);

    // Act
    const read = await getCommand(deps, { tenantId, commandId: command.commandId });
    const again = await getCommand(deps, { tenantId, commandId: command.commandId });

    // Assess
    expect(read).toMatchObject({ status: 'timeout', completedAt: '2024-05-01T12:01:00.000Z' });
    expect(again?.status).toBe('timeout');
    expect(await deps.pendingCalls.get(tenantId, chargerId)).toBeUndefined();
    // It timed out when its time was up, not when someone looked.
    expect(commandEvents(deps)).toEqual([
      expect.objectContaining({ outcome: 'timeout', occurredAt: '2024-05-01T12:01:00.000Z' }),
    ]);
  });

  it("does not see another tenant's command", async () => {
    // Prepare
    const deps = await createTestDependencies();
    const command = await sent(deps, await givenOnline(deps));

    // Act
    const read = await getCommand(deps, { tenantId: 'tenant-b', commandId: command.commandId });

    // Assess
    expect(read).toBeUndefined();
  });

  it('keeps the first outcome: a timeout after the answer changes nothing', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const command = await sent(deps, await givenOnline(deps));
    await recordCallResult(deps, answerTo(command.messageId), { status: 'Rejected' });
    deps.clock.advance(120_000);

    // Act
    const read = await getCommand(deps, { tenantId, commandId: command.commandId });

    // Assess
    expect(read).toMatchObject({ status: 'completed', response: { status: 'Rejected' } });
    expect(commandEvents(deps)).toHaveLength(1);
  });
});
