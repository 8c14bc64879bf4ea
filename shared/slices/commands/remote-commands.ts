import type { Actor } from '../../kernel/model.ts';
import { csmsInitiatedActions, isCsmsInitiatedAction, versionLabel } from '../../ocpp/csms-actions.ts';
import type { OcppContext } from '../../ocpp/dispatcher.ts';
import { OcppError } from '../../ocpp/errors.ts';
import { serializeCall } from '../../ocpp/framing.ts';
import { validateRequest, validateResponse } from '../../ocpp/validation.ts';
import { disconnectCharger } from '../chargers/charger-connection.ts';
import type { Charger, Connection } from '../chargers/model.ts';
import type { Dependencies } from '../dependencies.ts';
import { type ReactionDependencies, reactToCompletedCommand } from './command-reactions.ts';
import type { Command, CommandError, PendingCall } from './model.ts';
import { ChargerGoneError } from './ports.ts';

/**
 * CSMS-initiated OCPP calls requested through the API. OCPP-J allows one outstanding CALL per direction, so
 * each charger has one slot (the pending-call record): a command takes it, sends its CALL, and the charger's
 * answer (matched by message id in `$default`) or the slot's timeout frees it. The outcome is stored in the
 * command record, which the API polls; every outcome is published as `commandCompleted`.
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
  | { readonly kind: 'sent'; readonly command: Command }
  | { readonly kind: 'invalidAction'; readonly message: string }
  | { readonly kind: 'invalidPayload'; readonly message: string; readonly details: Record<string, unknown> }
  | { readonly kind: 'busy'; readonly holder?: PendingCall }
  | { readonly kind: 'offline'; readonly command: Command };

type SendDeps = Pick<
  Dependencies,
  'pendingCalls' | 'commands' | 'channel' | 'connections' | 'events' | 'clock' | 'ids' | 'settings'
>;

type FinishDeps = Pick<Dependencies, 'commands' | 'events' | 'clock'>;

/** The event's outcome: a failure because the charger was offline is told apart from other failures. */
const eventOutcome = ({ status, error }: Command) =>
  error?.kind === 'offline' ? 'offline' : status === 'pending' ? 'failed' : status;

/**
 * Stores the outcome if the command is still pending and publishes it; returns the command as it now is
 * (someone else may have completed it first: an answer racing a timeout).
 */
const finish = async (
  deps: FinishDeps,
  command: Command,
  outcome: {
    status: 'completed' | 'failed' | 'timeout';
    response?: Record<string, unknown>;
    error?: CommandError;
    /** When it happened, if not now: a timeout happened when the time was up, whenever it is noticed. */
    completedAt?: string;
  },
): Promise<Command> => {
  const at = outcome.completedAt ?? deps.clock.now().toISOString();
  const completed = await deps.commands.complete(command.tenantId, command.commandId, {
    ...outcome,
    completedAt: at,
  });
  if (!completed) return (await deps.commands.get(command.tenantId, command.commandId)) ?? command;
  await deps.events.publish([
    {
      name: 'commandCompleted',
      detail: {
        tenantId: completed.tenantId,
        chargerId: completed.chargerId,
        ...(completed.siteId && { siteId: completed.siteId }),
        commandId: completed.commandId,
        action: completed.action,
        outcome: eventOutcome(completed),
        ...(completed.error && { errorCode: completed.error.code }),
        occurredAt: at,
        // The command id ties the API request, the CALL and this event together.
        correlationId: completed.commandId,
      },
    },
  ]);
  return completed;
};

/** Times out a pending command whose slot expired, and frees the slot if it still holds its call. */
const expire = async (
  deps: Pick<Dependencies, 'pendingCalls' | 'commands' | 'events' | 'clock'>,
  command: Command,
): Promise<Command> => {
  await deps.pendingCalls.release(command.tenantId, command.chargerId, command.messageId);
  return finish(deps, command, { status: 'timeout', completedAt: command.expiresAt });
};

const isExpired = (command: Command, now: Date): boolean =>
  command.status === 'pending' && command.expiresAt <= now.toISOString();

/** The call a new command replaced: timed out, or lost with the connection it went out on. */
const settleReplaced = async (deps: FinishDeps, replaced: PendingCall, now: Date): Promise<void> => {
  const command = await deps.commands.get(replaced.tenantId, replaced.commandId);
  if (command?.status !== 'pending') return;
  if (replaced.expiresAt <= now.toISOString()) {
    await finish(deps, command, { status: 'timeout', completedAt: command.expiresAt });
    return;
  }
  await finish(deps, command, {
    status: 'failed',
    error: {
      kind: 'offline',
      code: 'ConnectionLost',
      description: 'The charger reconnected before it answered; a new connection forgets earlier calls',
    },
  });
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
  const expiresAt = new Date(now.getTime() + deps.settings.commandTimeoutSeconds * 1000).toISOString();
  const commandId = deps.ids.next();
  const messageId = deps.ids.next();
  const call: PendingCall = {
    tenantId,
    chargerId: charger.chargerId,
    commandId,
    messageId,
    action,
    ocppVersion: version,
    connectionId: connection.connectionId,
    expiresAt,
  };
  const slot = await deps.pendingCalls.acquire(call, now);
  if (!slot.acquired) return { kind: 'busy', ...(slot.holder && { holder: slot.holder }) };
  if (slot.replaced) await settleReplaced(deps, slot.replaced, now);

  const command: Command = {
    tenantId,
    commandId,
    chargerId: charger.chargerId,
    ...(charger.siteId && { siteId: charger.siteId }),
    ocppVersion: version,
    action,
    payload,
    messageId,
    status: 'pending',
    requestedAt: now.toISOString(),
    requestedBy: input.requestedBy,
    expiresAt,
  };
  await deps.commands.create(command);

  try {
    await deps.channel.send(connection.connectionId, serializeCall(messageId, action, payload));
  } catch (error) {
    // Whatever happened, the slot must not stay taken by a call that never left.
    await deps.pendingCalls.release(tenantId, charger.chargerId, messageId);
    if (error instanceof ChargerGoneError) {
      // API Gateway's 410: `$disconnect` may never come, so this is the disconnect.
      await disconnectCharger(deps, {
        tenantId,
        chargerId: charger.chargerId,
        ...(charger.siteId && { siteId: charger.siteId }),
        connectionId: connection.connectionId,
        correlationId: commandId,
      });
      const failed = await finish(deps, command, {
        status: 'failed',
        error: { kind: 'offline', code: 'ChargerOffline', description: 'The charger connection is gone' },
      });
      return { kind: 'offline', command: failed };
    }
    await finish(deps, command, {
      status: 'failed',
      error: { kind: 'sendFailed', code: 'SendFailed', description: 'The CALL could not be sent' },
    });
    throw error;
  }
  return { kind: 'sent', command };
};

/**
 * Polls the command (strongly consistent reads, backing off) until it is no longer pending or `waitSeconds`
 * have passed; a command whose slot timed out meanwhile is timed out here. Returns the command as it is then.
 */
export const awaitCommand = async (
  deps: Pick<Dependencies, 'pendingCalls' | 'commands' | 'events' | 'clock' | 'timer'>,
  input: { tenantId: string; commandId: string; waitSeconds: number },
): Promise<Command> => {
  const deadline = deps.clock.now().getTime() + input.waitSeconds * 1000;
  let delay: number = pollDelays.firstMs;
  for (;;) {
    const command = await deps.commands.get(input.tenantId, input.commandId);
    if (!command) throw new Error(`command ${input.commandId} not found while waiting for it`);
    if (command.status !== 'pending') return command;
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

/** A command of the tenant; a pending one whose time is up is timed out on the way. */
export const getCommand = async (
  deps: Pick<Dependencies, 'pendingCalls' | 'commands' | 'events' | 'clock'>,
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
 * Settles the command of the charger's pending call with its answer, freeing the slot first. `react` runs
 * before the command completes, so whoever sees it completed sees its effects; if it fails, the command still
 * completes (the charger did answer) and the failure is thrown afterwards.
 */
const settle = async (
  deps: Pick<Dependencies, 'pendingCalls' | 'commands' | 'events' | 'clock'>,
  call: PendingCall,
  react: ((command: Command) => Promise<void>) | undefined,
  outcome: (call: PendingCall) => Parameters<typeof finish>[2],
): Promise<AnswerResult> => {
  // Free the slot first: a client that gets its 200 may send the next command at once.
  await deps.pendingCalls.release(call.tenantId, call.chargerId, call.messageId);
  const command = await deps.commands.get(call.tenantId, call.commandId);
  if (!command) throw new Error(`command ${call.commandId} of a pending call not found`);
  const settled = outcome(call);
  let failure: { error: unknown } | undefined;
  if (react && settled.status === 'completed') {
    try {
      await react(command);
    } catch (error) {
      failure = { error };
    }
  }
  const finished = await finish(deps, command, settled);
  if (failure) throw failure.error;
  return { matched: true, command: finished };
};

/**
 * A CALLRESULT: checked against the action's `.conf` schema, then stored as the command's response; a valid
 * one first gets the action's reactions (`command-reactions.ts`: stored configuration, reservations, …).
 */
export const recordCallResult = async (
  deps: Pick<Dependencies, 'pendingCalls' | 'commands' | 'events' | 'clock' | 'reactions'> &
    ReactionDependencies,
  ctx: AnswerContext,
  payload: Record<string, unknown>,
): Promise<AnswerResult> => {
  const { call, pendingMessageId } = await matchingCall(deps, ctx);
  if (!call) return { matched: false, ...(pendingMessageId && { pendingMessageId }) };
  const react = (command: Command) => reactToCompletedCommand(deps, { command, response: payload });
  return settle(deps, call, react, ({ ocppVersion, action }) => {
    try {
      validateResponse(ocppVersion, action, payload);
      return { status: 'completed', response: payload };
    } catch (error) {
      if (!(error instanceof OcppError)) throw error;
      return {
        status: 'failed',
        response: payload,
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
  deps: Pick<Dependencies, 'pendingCalls' | 'commands' | 'events' | 'clock'>,
  ctx: AnswerContext,
  error: { code: string; description: string; details: unknown },
): Promise<AnswerResult> => {
  const { call, pendingMessageId } = await matchingCall(deps, ctx);
  if (!call) return { matched: false, ...(pendingMessageId && { pendingMessageId }) };
  return settle(deps, call, undefined, () => ({
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
 * out its timeout, and the charger's slot is free for the next command.
 */
export const failCallOfClosedConnection = async (
  deps: Pick<Dependencies, 'pendingCalls' | 'commands' | 'events' | 'clock'>,
  input: { tenantId: string; chargerId: string; connectionId: string },
): Promise<{ failedCommandId?: string }> => {
  const call = await deps.pendingCalls.get(input.tenantId, input.chargerId);
  if (!call || call.connectionId !== input.connectionId) return {};
  if (!(await deps.pendingCalls.release(input.tenantId, input.chargerId, call.messageId))) return {};
  const command = await deps.commands.get(input.tenantId, call.commandId);
  if (command?.status !== 'pending') return {};
  await finish(deps, command, {
    status: 'failed',
    error: {
      kind: 'offline',
      code: 'ConnectionLost',
      description: 'The charger disconnected before it answered',
    },
  });
  return { failedCommandId: command.commandId };
};
