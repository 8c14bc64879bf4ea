import { serializeCall } from '../../ocpp/framing.ts';
import { disconnectCharger } from '../chargers/charger-connection.ts';
import type { Dependencies } from '../dependencies.ts';
import { type FinishDeps, finishCommand } from './command-outcome.ts';
import type { Command, PendingCall, QueuedCall } from './model.ts';
import { type CallQueueWake, ChargerGoneError } from './ports.ts';

/**
 * The charger's call queue. OCPP-J allows one outstanding CALL per direction, so each charger has one slot
 * (`PendingCallStore`); calls requested while it is taken wait in a FIFO in the charger's partition and go
 * out one by one, in order, when the slot frees: on the answer (`$default`), on the time-out (noticed by
 * whoever looks first: a waiting API request, a poll, or the queue timer), or when a new request finds it
 * free. A queued call goes out only on the connection it was requested for.
 */

export type QueueDeps = Pick<
  Dependencies,
  | 'pendingCalls'
  | 'commands'
  | 'channel'
  | 'connections'
  | 'chargers'
  | 'events'
  | 'clock'
  | 'settings'
  | 'callQueueTimer'
>;

/** Per call ahead in the queue, the time its timer may take beyond the call's own timeout. */
const wakeSlackSeconds = 10;

/** The latest a call with `ahead` calls before it (the one in the slot included) can still be waiting. */
export const queuedCallDeadline = (now: Date, ahead: number, timeoutSeconds: number): string =>
  new Date(now.getTime() + (ahead + 1) * (timeoutSeconds + wakeSlackSeconds) * 1000).toISOString();

const connectionLost = {
  kind: 'offline',
  code: 'ConnectionLost',
  description: 'The charger disconnected before it answered',
} as const;

/** The slot's call is over: freed, and its command timed out (time up) or failed (its connection is gone). */
export const settleStaleSlot = async (
  deps: Pick<Dependencies, 'pendingCalls'> & FinishDeps,
  slot: PendingCall,
  now: Date,
): Promise<void> => {
  await deps.pendingCalls.release(slot.tenantId, slot.chargerId, slot.messageId);
  await settleReplacedCall(deps, slot, now);
};

/** The command of a call that lost its slot: timed out, or lost with the connection it went out on. */
export const settleReplacedCall = async (
  deps: FinishDeps,
  replaced: PendingCall,
  now: Date,
): Promise<void> => {
  const command = await deps.commands.get(replaced.tenantId, replaced.commandId);
  if (command?.status !== 'pending') return;
  if (replaced.expiresAt <= now.toISOString()) {
    await finishCommand(deps, command, { status: 'timeout', completedAt: command.expiresAt });
    return;
  }
  await finishCommand(deps, command, {
    status: 'failed',
    error: {
      kind: 'offline',
      code: 'ConnectionLost',
      description: 'The charger reconnected before it answered; a new connection forgets earlier calls',
    },
  });
};

/**
 * Fails the queued calls of a connection that is gone (all of them without `connectionId`): taken out of the
 * queue first, so none goes out later, then failed as offline. Returns their command ids.
 */
export const failQueuedCalls = async (
  deps: Pick<Dependencies, 'pendingCalls'> & FinishDeps,
  input: { tenantId: string; chargerId: string; connectionId?: string; description: string },
): Promise<string[]> => {
  const failed: string[] = [];
  for (;;) {
    const queued = await deps.pendingCalls.queued(input.tenantId, input.chargerId, 100);
    const doomed = queued.filter((call) => !input.connectionId || call.connectionId === input.connectionId);
    for (const call of doomed) {
      if (!(await deps.pendingCalls.dequeue(call.tenantId, call.chargerId, call.commandId))) continue;
      const command = await deps.commands.get(call.tenantId, call.commandId);
      if (!command) continue;
      await finishCommand(deps, command, {
        status: 'failed',
        error: { ...connectionLost, description: input.description },
      });
      failed.push(call.commandId);
    }
    // A full page of which some stayed (calls of a newer connection) cannot shrink further.
    if (queued.length < 100 || doomed.length < queued.length) return failed;
  }
};

/**
 * Hands a call that holds the slot to API Gateway: `payload` is the real one (the command record's has its
 * secrets redacted). A 410 Gone is the disconnect `$disconnect` may never
 * deliver: the charger goes offline, the call and the connection's queue fail. Other errors free the slot,
 * fail the command and are thrown.
 */
export const transmit = async (
  deps: QueueDeps,
  command: Command,
  call: PendingCall,
  payload: Record<string, unknown>,
): Promise<Command> => {
  try {
    await deps.channel.send(call.connectionId, serializeCall(call.messageId, call.action, payload));
    return command;
  } catch (error) {
    await deps.pendingCalls.release(call.tenantId, call.chargerId, call.messageId);
    if (error instanceof ChargerGoneError) {
      await disconnectCharger(deps, {
        tenantId: call.tenantId,
        chargerId: call.chargerId,
        ...(command.siteId && { siteId: command.siteId }),
        connectionId: call.connectionId,
        correlationId: command.commandId,
      });
      const failed = await finishCommand(deps, command, {
        status: 'failed',
        error: { kind: 'offline', code: 'ChargerOffline', description: 'The charger connection is gone' },
      });
      await failQueuedCalls(deps, {
        tenantId: call.tenantId,
        chargerId: call.chargerId,
        connectionId: call.connectionId,
        description: 'The charger connection is gone',
      });
      return failed;
    }
    await finishCommand(deps, command, {
      status: 'failed',
      error: { kind: 'sendFailed', code: 'SendFailed', description: 'The CALL could not be sent' },
    });
    throw error;
  }
};

const currentConnectionId = async (
  deps: Pick<Dependencies, 'chargers'>,
  input: { tenantId: string; chargerId: string },
  now: Date,
): Promise<string | undefined> =>
  (await deps.chargers.getView(input.tenantId, input.chargerId, now))?.connection?.connectionId;

/**
 * Sends the queue's next call if the slot is free (or its call is over); otherwise makes sure the queue is
 * woken when the slot's call times out. `connectionId`, when the caller knows it is the charger's current
 * connection (it just heard from it, or found it online), saves reading it. Safe to run anywhere, any time,
 * concurrently: a call goes out only from the holder of the slot that also removed it from the queue.
 */
export const drainCallQueue = async (
  deps: QueueDeps,
  input: { tenantId: string; chargerId: string; connectionId?: string },
): Promise<void> => {
  const { tenantId, chargerId } = input;
  let connectionId = input.connectionId;
  // Each round settles or sends one call, or stops; the bound only guards against a livelock.
  for (let round = 0; round <= deps.settings.maxQueuedCalls + 2; round++) {
    const [head, next] = await deps.pendingCalls.queued(tenantId, chargerId, 2);
    if (!head) return;
    const now = deps.clock.now();
    const slot = await deps.pendingCalls.get(tenantId, chargerId);
    if (slot) {
      const live =
        slot.expiresAt > now.toISOString() &&
        (connectionId === undefined || slot.connectionId === connectionId);
      if (live) {
        // Someone waits behind a call whose caller may have stopped waiting: its time-out must wake the queue.
        await deps.callQueueTimer.schedule({
          tenantId,
          chargerId,
          messageId: slot.messageId,
          at: slot.expiresAt,
        });
        return;
      }
      await settleStaleSlot(deps, slot, now);
    }
    connectionId ??= await currentConnectionId(deps, input, now);
    if (head.connectionId !== connectionId || head.expiresAt <= now.toISOString()) {
      await dropQueued(deps, head, connectionId === undefined || head.connectionId !== connectionId);
      continue;
    }
    const call: PendingCall = {
      tenantId,
      chargerId,
      commandId: head.commandId,
      messageId: head.messageId,
      action: head.action,
      ocppVersion: head.ocppVersion,
      connectionId: head.connectionId,
      expiresAt: new Date(now.getTime() + deps.settings.commandTimeoutSeconds * 1000).toISOString(),
    };
    // The slot first, then the queue item: whoever removes the item owns the call, and holds the slot while
    // it sends it, so nothing behind it can overtake it.
    const slotTaken = await deps.pendingCalls.acquire(call, now);
    if (!slotTaken.acquired) continue;
    if (slotTaken.replaced) await settleReplacedCall(deps, slotTaken.replaced, now);
    if (!(await deps.pendingCalls.dequeue(tenantId, chargerId, head.commandId))) {
      // Sent or failed by someone else meanwhile: give the slot back and look again.
      await deps.pendingCalls.release(tenantId, chargerId, call.messageId);
      continue;
    }
    const command = await deps.commands.markSent(tenantId, head.commandId, {
      sentAt: now.toISOString(),
      expiresAt: call.expiresAt,
    });
    if (!command) {
      // Completed meanwhile (timed out by a poll): nothing to send, the slot is free again.
      await deps.pendingCalls.release(tenantId, chargerId, call.messageId);
      continue;
    }
    const sent = await transmit(deps, command, call, head.payload);
    if (sent.status === 'pending' && next) {
      await deps.callQueueTimer.schedule({
        tenantId,
        chargerId,
        messageId: call.messageId,
        at: call.expiresAt,
      });
    }
    return;
  }
};

/** A queued call that must not go out: its connection is gone (failed), or it waited too long (timed out). */
const dropQueued = async (
  deps: Pick<Dependencies, 'pendingCalls'> & FinishDeps,
  call: QueuedCall,
  offline: boolean,
): Promise<void> => {
  if (!(await deps.pendingCalls.dequeue(call.tenantId, call.chargerId, call.commandId))) return;
  const command = await deps.commands.get(call.tenantId, call.commandId);
  if (!command) return;
  await finishCommand(
    deps,
    command,
    offline
      ? {
          status: 'failed',
          error: { ...connectionLost, description: 'The charger disconnected before the call could go out' },
        }
      : { status: 'timeout', completedAt: command.expiresAt },
  );
};

/**
 * The queue timer went off: the call it was set for times out if it is still in the slot, and the queue
 * moves on. A wake that comes early (delays are capped, e.g. SQS at 15 minutes) is set again.
 */
export const wakeCallQueue = async (deps: QueueDeps, wake: CallQueueWake): Promise<void> => {
  const now = deps.clock.now();
  if (wake.at > now.toISOString()) {
    await deps.callQueueTimer.schedule(wake);
    return;
  }
  const slot = await deps.pendingCalls.get(wake.tenantId, wake.chargerId);
  if (slot?.messageId === wake.messageId && slot.expiresAt <= now.toISOString()) {
    await settleStaleSlot(deps, slot, now);
  }
  await drainCallQueue(deps, { tenantId: wake.tenantId, chargerId: wake.chargerId });
};
