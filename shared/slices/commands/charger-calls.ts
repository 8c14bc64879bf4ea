import type { Actor } from '../../kernel/model.ts';
import type { Charger, Connection } from '../chargers/model.ts';
import type { Dependencies } from '../dependencies.ts';
import type { Command, PendingCall } from './model.ts';
import { awaitCommand, sendOcppCall } from './remote-commands.ts';

/**
 * One CSMS→charger call of a use case (a reservation, a local list part, a firmware update…) through the
 * remote-command machinery: sent on the charger's one call slot, then awaited for up to `waitSeconds`.
 */

export type ChargerCallResult =
  | { readonly kind: 'offline' }
  | { readonly kind: 'busy'; readonly holder?: PendingCall }
  /** The call breaks its schema (a bug of the caller, or input the schema refuses, e.g. a long URL). */
  | { readonly kind: 'invalid'; readonly message: string }
  /** Sent; the command as it was when the wait ended: completed, failed, timed out, or still pending. */
  | { readonly kind: 'sent'; readonly command: Command };

export type ChargerCallDependencies = Pick<
  Dependencies,
  'pendingCalls' | 'commands' | 'channel' | 'connections' | 'events' | 'clock' | 'ids' | 'settings' | 'timer'
>;

export const callCharger = async (
  deps: ChargerCallDependencies,
  input: {
    tenantId: string;
    charger: Charger;
    /** Absent: the charger is offline. */
    connection: Connection | undefined;
    action: string;
    payload: Record<string, unknown>;
    requestedBy: Actor;
    waitSeconds: number;
    /** Runs once the call is out, before waiting: records what the call is for. */
    onSent?: (command: Command) => Promise<void>;
  },
): Promise<ChargerCallResult> => {
  if (!input.connection) return { kind: 'offline' };
  const sent = await sendOcppCall(deps, {
    tenantId: input.tenantId,
    charger: input.charger,
    connection: input.connection,
    action: input.action,
    payload: input.payload,
    requestedBy: input.requestedBy,
  });
  switch (sent.kind) {
    case 'invalidAction':
    case 'invalidPayload':
      return { kind: 'invalid', message: sent.message };
    case 'busy':
      return { kind: 'busy', ...(sent.holder && { holder: sent.holder }) };
    case 'offline':
      return { kind: 'offline' };
    case 'sent':
      await input.onSent?.(sent.command);
      return {
        kind: 'sent',
        command: await awaitCommand(deps, {
          tenantId: input.tenantId,
          commandId: sent.command.commandId,
          waitSeconds: Math.max(0, input.waitSeconds),
        }),
      };
  }
};

/** The CALLRESULT of a completed command; undefined otherwise. */
export const answerOf = <T>(command: Command): T | undefined =>
  command.status === 'completed' && command.response ? (command.response as T) : undefined;
