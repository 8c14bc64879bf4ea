import type { Actor } from '../../kernel/model.ts';
import type { Charger, Connection } from '../chargers/model.ts';
import type { Dependencies } from '../dependencies.ts';
import type { Command } from './model.ts';
import { awaitCommand, findCommandTarget, sendOcppCall } from './remote-commands.ts';

/**
 * One CSMS→charger call of a use case (a reservation, a local list part, a firmware update…) through the
 * remote-command machinery: sent on the charger's one call slot, or queued behind the calls ahead of it, then
 * awaited for up to `waitSeconds`.
 */

export type ChargerCallResult =
  | { readonly kind: 'offline' }
  /** The charger's queue is full: a place frees within `retryAfterSeconds`. */
  | { readonly kind: 'queueFull'; readonly retryAfterSeconds: number }
  /** The call breaks its schema (a bug of the caller, or input the schema refuses, e.g. a long URL). */
  | { readonly kind: 'invalid'; readonly message: string }
  /** Accepted; the command as it was when the wait ended: completed, failed, timed out, pending or queued. */
  | { readonly kind: 'sent'; readonly command: Command };

export type ChargerCallDependencies = Pick<
  Dependencies,
  | 'pendingCalls'
  | 'commands'
  | 'channel'
  | 'connections'
  | 'chargers'
  | 'events'
  | 'clock'
  | 'ids'
  | 'settings'
  | 'timer'
  | 'callQueueTimer'
>;

export interface ChargerCallInput {
  tenantId: string;
  charger: Charger;
  /** Absent: the charger is offline. */
  connection: Connection | undefined;
  action: string;
  payload: Record<string, unknown>;
  requestedBy: Actor;
}

/** Sends or queues the call without waiting for it; its outcome comes as `commandCompleted` (by command id). */
export const requestChargerCall = async (
  deps: ChargerCallDependencies,
  input: ChargerCallInput,
): Promise<ChargerCallResult> => {
  if (!input.connection) return { kind: 'offline' };
  const sent = await sendOcppCall(deps, { ...input, connection: input.connection });
  switch (sent.kind) {
    case 'invalidAction':
    case 'invalidPayload':
      return { kind: 'invalid', message: sent.message };
    case 'queueFull':
      return { kind: 'queueFull', retryAfterSeconds: sent.retryAfterSeconds };
    case 'offline':
      return { kind: 'offline' };
    case 'sent':
    case 'queued':
      return { kind: 'sent', command: sent.command };
  }
};

/**
 * For a workflow task: sends or queues a call to a charger of the tenant and returns at once. The outcome is
 * published as `commandCompleted` with the returned command id as its `commandId` and `correlationId`, which a
 * workflow waits for (an event rule, or polling `GET /v1/commands/{id}`). Step Functions task tokens
 * (`.waitForTaskToken`) are not used: aws-local-stepfunctions does not run them, so the local runtime could
 * not run the same definition.
 */
export const enqueueChargerCall = async (
  deps: ChargerCallDependencies,
  input: Omit<ChargerCallInput, 'charger' | 'connection'> & { chargerId: string },
): Promise<ChargerCallResult | { readonly kind: 'notFound' }> => {
  const target = await findCommandTarget(deps, input);
  if (target.kind === 'notFound') return { kind: 'notFound' };
  const { chargerId: _chargerId, ...call } = input;
  return requestChargerCall(deps, {
    ...call,
    charger: target.charger,
    connection: target.kind === 'online' ? target.connection : undefined,
  });
};

export const callCharger = async (
  deps: ChargerCallDependencies,
  input: ChargerCallInput & {
    waitSeconds: number;
    /** Runs once the call is accepted (sent or queued), before waiting: records what the call is for. */
    onSent?: (command: Command) => Promise<void>;
  },
): Promise<ChargerCallResult> => {
  const { waitSeconds, onSent, ...call } = input;
  const requested = await requestChargerCall(deps, call);
  if (requested.kind !== 'sent') return requested;
  await onSent?.(requested.command);
  return {
    kind: 'sent',
    command: await awaitCommand(deps, {
      tenantId: input.tenantId,
      commandId: requested.command.commandId,
      waitSeconds: Math.max(0, waitSeconds),
    }),
  };
};

/** The CALLRESULT of a completed command; undefined otherwise. */
export const answerOf = <T>(command: Command): T | undefined =>
  command.status === 'completed' && command.response ? (command.response as T) : undefined;
