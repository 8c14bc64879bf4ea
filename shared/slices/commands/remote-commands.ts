import type { Actor } from '../../kernel/model.ts';
import { csmsInitiatedActions, isCsmsInitiatedAction, versionLabel } from '../../ocpp/csms-actions.ts';
import type { OcppContext } from '../../ocpp/dispatcher.ts';
import { OcppError } from '../../ocpp/errors.ts';
import { validateRequest, validateResponse } from '../../ocpp/validation.ts';
import type { Charger, Connection } from '../chargers/model.ts';
import type { Dependencies } from '../dependencies.ts';
import {
  drainCallQueue,
  failQueuedCalls,
  type QueueDeps,
  queuedCallDeadline,
  settleReplacedCall,
  transmit,
} from './call-queue.ts';
import { type CommandOutcome, finishCommand, isExpired, isWaiting } from './command-outcome.ts';
import {
  type CommandReactions,
  type ReactionDependencies,
  reactToCompletedCommand,
} from './command-reactions.ts';
import type { Command, PendingCall } from './model.ts';
import { redactRequest, redactResponse } from './secret-redaction.ts';

/**
 * CSMS-initiated OCPP calls requested through the API. OCPP-J allows one outstanding CALL per direction, so
 * each charger has one slot (the pending-call record) and a queue behind it (`call-queue.ts`): a command takes
 * the slot if it is free and nothing waits, else it queues, and goes out when the calls ahead of it have been
 * answered or timed out. The outcome is stored in the command record, which the API polls; every outcome is
 * published as `commandCompleted`.
 */

/** First poll after 100 ms, then 1.5 times longer each time, at most every 500 ms. */
export const pollDelays = { firstMs: 100, factor: 1.5, maxMs: 500 } as const;

export type CommandTarget =
  | { readonly kind: 'notFound' }
  | { readonly kind: 'offline'; readonly charger: Charger }
  | { readonly kind: 'online'; readonly charger: Charger; readonly connection: Connection };

/** The charger and its live connection, if any; an expired connection record counts as offline. */
export const findCommandTarget = async (
  deps: Pick<Dependencies, 'chargers' | 'clock'>,
  input: { tenantId: string; chargerId: string },
): Promise<CommandTarget> => {
  const view = await deps.chargers.getView(input.tenantId, input.chargerId, deps.clock.now());
  if (!view) return { kind: 'notFound' };
  if (!view.connection) return { kind: 'offline', charger: view.charger };
  return { kind: 'online', charger: view.charger, connection: view.connection };
};

export type SendResult =
  /** Sent now: the slot was free and nothing waited. */
  | { readonly kind: 'sent'; readonly command: Command }
  /** Waits behind other calls; goes out in order (the command may have gone out already by now). */
  | { readonly kind: 'queued'; readonly command: Command }
  | { readonly kind: 'invalidAction'; readonly message: string }
  | { readonly kind: 'invalidPayload'; readonly message: string; readonly details: Record<string, unknown> }
  /** `maxQueuedCalls` already wait; a place frees at the latest when the call in the slot times out. */
  | { readonly kind: 'queueFull'; readonly queued: number; readonly retryAfterSeconds: number }
  | { readonly kind: 'offline'; readonly command: Command };

type SendDeps = QueueDeps & Pick<Dependencies, 'ids'>;

/** A wait may time out the call ahead and send the next: the queue's own dependencies. */
type WaitDeps = QueueDeps;

/**
 * Times out a command whose time is up: a queued one leaves the queue, a sent one frees the slot if it still
 * holds its call, and the queue moves on.
 */
const expire = async (deps: WaitDeps, command: Command): Promise<Command> => {
  if (command.status === 'queued') {
    await deps.pendingCalls.dequeue(command.tenantId, command.chargerId, command.commandId);
  } else {
    await deps.pendingCalls.release(command.tenantId, command.chargerId, command.messageId);
  }
  const expired = await finishCommand(deps, command, { status: 'timeout', completedAt: command.expiresAt });
  await drainCallQueue(deps, { tenantId: command.tenantId, chargerId: command.chargerId });
  return expired;
};

/**
 * Validates and sends one CSMS-initiated call to an online charger, holding the charger's CALL slot until
 * the answer or the timeout. Nothing is sent when the action or payload is invalid or the slot is taken.
 */
export const sendOcppCall = async (
  deps: SendDeps,
  input: {
    tenantId: string;
    charger: Charger;
    connection: Connection;
    action: string;
    payload: Record<string, unknown>;
    requestedBy: Actor;
  },
): Promise<SendResult> => {
  const { tenantId, charger, connection, action, payload } = input;
  const version = connection.ocppVersion;
  if (!isCsmsInitiatedAction(version, action)) {
    return {
      kind: 'invalidAction',
      message:
        `${action} is not a CSMS-initiated ${versionLabel(version)} action; one of: ` +
        csmsInitiatedActions[version].join(', '),
    };
  }
  try {
    validateRequest(version, action, payload);
  } catch (error) {
    if (!(error instanceof OcppError)) throw error;
    return {
      kind: 'invalidPayload',
      message: `invalid ${action} request for ${versionLabel(version)}: ${error.description}`,
      details: error.details,
    };
  }

  const now = deps.clock.now();
  const chargerId = charger.chargerId;
  const waiting = await deps.pendingCalls.queued(tenantId, chargerId, deps.settings.maxQueuedCalls);
  if (waiting.length >= deps.settings.maxQueuedCalls) {
    const slot = await deps.pendingCalls.get(tenantId, chargerId);
    const untilFree = slot ? Math.ceil((Date.parse(slot.expiresAt) - now.getTime()) / 1000) : 1;
    return { kind: 'queueFull', queued: waiting.length, retryAfterSeconds: Math.max(1, untilFree) };
  }
  const commandId = deps.ids.next();
  const messageId = deps.ids.next();
  const base = {
    tenantId,
    commandId,
    chargerId,
    ...(charger.siteId && { siteId: charger.siteId }),
    ocppVersion: version,
    action,
    // The record keeps no secret; the charger gets the real payload (and a queued call holds it until then).
    payload: redactRequest(version, action, payload),
    messageId,
    requestedAt: now.toISOString(),
    requestedBy: input.requestedBy,
  };

  if (waiting.length === 0) {
    // Nothing waits: take the slot directly, as if there were no queue.
    const expiresAt = new Date(now.getTime() + deps.settings.commandTimeoutSeconds * 1000).toISOString();
    const call: PendingCall = {
      tenantId,
      chargerId,
      commandId,
      messageId,
      action,
      ocppVersion: version,
      connectionId: connection.connectionId,
      expiresAt,
    };
    const slot = await deps.pendingCalls.acquire(call, now);
    if (slot.acquired) {
      if (slot.replaced) await settleReplacedCall(deps, slot.replaced, now);
      const command: Command = { ...base, status: 'pending', sentAt: now.toISOString(), expiresAt };
      await deps.commands.create(command);
      const sent = await transmit(deps, command, call, payload);
      return sent.status === 'pending' ? { kind: 'sent', command: sent } : { kind: 'offline', command: sent };
    }
  }

  // The slot is taken, or others wait: behind them, the one in the slot included.
  const expiresAt = queuedCallDeadline(now, waiting.length + 1, deps.settings.commandTimeoutSeconds);
  const command: Command = { ...base, status: 'queued', expiresAt };
  await deps.commands.create(command);
  await deps.pendingCalls.enqueue({
    tenantId,
    chargerId,
    commandId,
    messageId,
    action,
    payload,
    ocppVersion: version,
    connectionId: connection.connectionId,
    queuedAt: now.toISOString(),
    expiresAt,
  });
  // The slot may have freed meanwhile, and its answer found the queue still empty: look again.
  await drainCallQueue(deps, { tenantId, chargerId, connectionId: connection.connectionId });
  const current = (await deps.commands.get(tenantId, commandId)) ?? command;
  if (current.error?.kind === 'offline') return { kind: 'offline', command: current };
  return { kind: current.status === 'queued' ? 'queued' : 'sent', command: current };
};

/**
 * Polls the command (strongly consistent reads, backing off) until it is no longer queued or pending or
 * `waitSeconds` have passed; a command whose time is up is timed out here. Returns the command as it is then.
 */
export const awaitCommand = async (
  deps: WaitDeps & Pick<Dependencies, 'timer'>,
  input: { tenantId: string; commandId: string; waitSeconds: number },
): Promise<Command> => {
  const deadline = deps.clock.now().getTime() + input.waitSeconds * 1000;
  let delay: number = pollDelays.firstMs;
  for (;;) {
    const command = await deps.commands.get(input.tenantId, input.commandId);
    if (!command) throw new Error(`command ${input.commandId} not found while waiting for it`);
    if (!isWaiting(command)) return command;
    const now = deps.clock.now();
    if (isExpired(command, now)) return expire(deps, command);
    const remaining = deadline - now.getTime();
    if (remaining <= 0) return command;
    // Wake up at the timeout too, to report it within this wait.
    const untilExpiry = Date.parse(command.expiresAt) - now.getTime();
    await deps.timer.sleep(Math.max(1, Math.min(delay, remaining, untilExpiry)));
    delay = Math.min(delay * pollDelays.factor, pollDelays.maxMs);
  }
};

/** A command of the tenant; a queued or pending one whose time is up is timed out on the way. */
export const getCommand = async (
  deps: WaitDeps,
  input: { tenantId: string; commandId: string },
): Promise<Command | undefined> => {
  const command = await deps.commands.get(input.tenantId, input.commandId);
  if (!command || !isExpired(command, deps.clock.now())) return command;
  return expire(deps, command);
};

/** The charger side of an answer: who sent it, on which connection, with which message id. */
export type AnswerContext = Pick<OcppContext, 'tenantId' | 'chargerId' | 'connectionId' | 'messageId'>;

export type AnswerResult =
  | { readonly matched: false; readonly pendingMessageId?: string }
  | { readonly matched: true; readonly command: Command };

/** The slot's call if this answer is for it; an answer to anything else is not ours to believe. */
const matchingCall = async (
  deps: Pick<Dependencies, 'pendingCalls'>,
  ctx: AnswerContext,
): Promise<{ call?: PendingCall; pendingMessageId?: string }> => {
  const call = await deps.pendingCalls.get(ctx.tenantId, ctx.chargerId);
  if (call?.messageId === ctx.messageId) return { call };
  return call ? { pendingMessageId: call.messageId } : {};
};

/**
 * Settles the command of the charger's pending call with its answer. `react` runs while the call still holds
 * the slot, and before the command completes: whoever sees it completed sees its effects, and a report part
 * the charger sends right after its answer finds either the call in the slot or what the reaction recorded
 * (`pending-request.ts`). If it fails, the command still completes (the charger did answer) and the failure
 * is thrown afterwards. The slot is freed before the command completes, then the next queued call goes out.
 */
const settle = async (
  deps: QueueDeps,
  ctx: AnswerContext,
  call: PendingCall,
  react: ((command: Command) => Promise<void>) | undefined,
  outcome: (call: PendingCall) => CommandOutcome,
): Promise<AnswerResult> => {
  const command = await deps.commands.get(call.tenantId, call.commandId);
  if (!command) {
    await deps.pendingCalls.release(call.tenantId, call.chargerId, call.messageId);
    throw new Error(`command ${call.commandId} of a pending call not found`);
  }
  const settled = outcome(call);
  let failure: { error: unknown } | undefined;
  if (react && settled.status === 'completed') {
    try {
      await react(command);
    } catch (error) {
      failure = { error };
    }
  }
  // Free the slot before completing: a client that gets its 200 may send the next command at once.
  await deps.pendingCalls.release(call.tenantId, call.chargerId, call.messageId);
  const finished = await finishCommand(deps, command, settled);
  // The answer came on the current connection: the next call may go out on it.
  await drainCallQueue(deps, {
    tenantId: ctx.tenantId,
    chargerId: ctx.chargerId,
    connectionId: ctx.connectionId,
  });
  if (failure) throw failure.error;
  return { matched: true, command: finished };
};

/**
 * A CALLRESULT: checked against the action's `.conf` schema, then stored as the command's response; a valid
 * one first gets the action's reactions (`command-reactions.ts`: stored configuration, reservations, …).
 */
export const recordCallResult = async (
  deps: QueueDeps & ReactionDependencies & { readonly reactions: CommandReactions },
  ctx: AnswerContext,
  payload: Record<string, unknown>,
): Promise<AnswerResult> => {
  const { call, pendingMessageId } = await matchingCall(deps, ctx);
  if (!call) return { matched: false, ...(pendingMessageId && { pendingMessageId }) };
  // Stored, and seen by the reactions, without the secrets a charger may report (validated as it came).
  const stored = redactResponse(call.ocppVersion, call.action, payload);
  const react = (command: Command) => reactToCompletedCommand(deps, { command, response: stored });
  return settle(deps, ctx, call, react, ({ ocppVersion, action }) => {
    try {
      validateResponse(ocppVersion, action, payload);
      return { status: 'completed', response: stored };
    } catch (error) {
      if (!(error instanceof OcppError)) throw error;
      return {
        status: 'failed',
        response: stored,
        error: {
          kind: 'invalidResponse',
          code: error.codeFor(ocppVersion),
          description: `invalid ${action} answer: ${error.description}`,
          details: error.details,
        },
      };
    }
  });
};

/** A CALLERROR (or 2.0.1 CALLRESULTERROR): the command failed with the charger's error. */
export const recordCallError = async (
  deps: QueueDeps,
  ctx: AnswerContext,
  error: { code: string; description: string; details: unknown },
): Promise<AnswerResult> => {
  const { call, pendingMessageId } = await matchingCall(deps, ctx);
  if (!call) return { matched: false, ...(pendingMessageId && { pendingMessageId }) };
  return settle(deps, ctx, call, undefined, () => ({
    status: 'failed',
    error: {
      kind: 'callError',
      code: error.code,
      description: error.description,
      ...(error.details !== undefined && { details: error.details }),
    },
  }));
};

/**
 * A closed connection forgets the call it carried: its command fails as offline at once, instead of waiting
 * out its timeout, and so does every call queued for that connection (none goes out on a later one).
 */
export const failCallOfClosedConnection = async (
  deps: Pick<Dependencies, 'pendingCalls' | 'commands' | 'events' | 'clock'>,
  input: { tenantId: string; chargerId: string; connectionId: string },
): Promise<{ failedCommandId?: string; failedQueuedCommandIds: string[] }> => {
  const failedCommandId = await failCallInFlight(deps, input);
  const failedQueuedCommandIds = await failQueuedCalls(deps, {
    ...input,
    description: 'The charger disconnected before the call could go out',
  });
  return { ...(failedCommandId && { failedCommandId }), failedQueuedCommandIds };
};

const failCallInFlight = async (
  deps: Pick<Dependencies, 'pendingCalls' | 'commands' | 'events' | 'clock'>,
  input: { tenantId: string; chargerId: string; connectionId: string },
): Promise<string | undefined> => {
  const call = await deps.pendingCalls.get(input.tenantId, input.chargerId);
  if (!call || call.connectionId !== input.connectionId) return undefined;
  if (!(await deps.pendingCalls.release(input.tenantId, input.chargerId, call.messageId))) return undefined;
  const command = await deps.commands.get(input.tenantId, call.commandId);
  if (command?.status !== 'pending') return undefined;
  await finishCommand(deps, command, {
    status: 'failed',
    error: {
      kind: 'offline',
      code: 'ConnectionLost',
      description: 'The charger disconnected before it answered',
    },
  });
  return command.commandId;
};
