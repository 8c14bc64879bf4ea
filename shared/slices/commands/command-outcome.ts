import type { Dependencies } from '../dependencies.ts';
import type { Command, CommandError } from './model.ts';

export type FinishDeps = Pick<Dependencies, 'commands' | 'events' | 'clock'>;

export interface CommandOutcome {
  readonly status: 'completed' | 'failed' | 'timeout';
  readonly response?: Record<string, unknown>;
  readonly error?: CommandError;
  /** When it happened, if not now: a timeout happened when the time was up, whenever it is noticed. */
  readonly completedAt?: string;
}

/** The event's outcome: a failure because the charger was offline is told apart from other failures. */
const eventOutcome = ({ status, error }: Command) =>
  error?.kind === 'offline' ? 'offline' : status === 'pending' || status === 'queued' ? 'failed' : status;

/**
 * Stores the outcome if the command is still queued or pending and publishes it as `commandCompleted`;
 * returns the command as it now is (someone else may have completed it first: an answer racing a timeout).
 */
export const finishCommand = async (
  deps: FinishDeps,
  command: Command,
  outcome: CommandOutcome,
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

/** Still waiting (queued or sent) and its time is up. */
export const isExpired = (command: Command, now: Date): boolean =>
  (command.status === 'pending' || command.status === 'queued') && command.expiresAt <= now.toISOString();

export const isWaiting = (command: Command): boolean =>
  command.status === 'pending' || command.status === 'queued';
