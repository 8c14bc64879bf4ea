import type { Actor } from '../../kernel/model.ts';
import type { Charger, Connection } from '../chargers/model.ts';
import { answerOf, type ChargerCallDependencies, callCharger } from '../commands/charger-calls.ts';
import { findCommandTarget } from '../commands/remote-commands.ts';
import type { ProfileOutcome } from './apply-plan.ts';
import type { SetChargingProfilePayload } from './charging-profiles.ts';

/** Who load management's calls are requested by, in the command log. */
export const loadManagementActor: Actor = 'load-management';

export interface SentProfile {
  readonly outcome: ProfileOutcome;
  /** When the call was handed to the charger's queue. */
  readonly sentAt: string;
  readonly commandId?: string;
}

/**
 * Sends SetChargingProfile calls to one charger, in order, through its call queue (one outstanding CALL per
 * charger), and waits up to `waitSeconds` for each answer. `Accepted` / `Rejected` are the charger's answer;
 * `Unanswered` covers no answer in time, an offline charger, a CALLERROR and a full queue: the caller assumes the
 * charger still draws what it drew before. A charger already looked up may be passed (`target`) to save a read.
 *
 * For every sender of profiles (the load-balancing run; the fail-safe defaults at boot).
 */
export const sendProfiles = async (
  deps: ChargerCallDependencies,
  input: {
    readonly tenantId: string;
    readonly chargerId: string;
    readonly profiles: readonly SetChargingProfilePayload[];
    readonly waitSeconds: number;
    readonly target?: { readonly charger: Charger; readonly connection: Connection | undefined };
  },
): Promise<SentProfile[]> => {
  const found =
    input.target ??
    (await findCommandTarget(deps, input).then((target) =>
      target.kind === 'notFound'
        ? undefined
        : { charger: target.charger, connection: target.kind === 'online' ? target.connection : undefined },
    ));
  const results: SentProfile[] = [];
  for (const payload of input.profiles) {
    const sentAt = deps.clock.now().toISOString();
    if (!found?.connection) {
      results.push({ outcome: 'Unanswered', sentAt });
      continue;
    }
    const result = await callCharger(deps, {
      tenantId: input.tenantId,
      charger: found.charger,
      connection: found.connection,
      action: 'SetChargingProfile',
      payload: payload as unknown as Record<string, unknown>,
      requestedBy: loadManagementActor,
      waitSeconds: input.waitSeconds,
    });
    if (result.kind !== 'sent') {
      results.push({ outcome: 'Unanswered', sentAt });
      continue;
    }
    const status = answerOf<{ status?: string }>(result.command)?.status;
    // A CALLERROR (NotSupported, …) is a refusal too; no answer at all leaves what the charger does unknown.
    const refused = status !== undefined || result.command.error?.kind === 'callError';
    results.push({
      outcome: status === 'Accepted' ? 'Accepted' : refused ? 'Rejected' : 'Unanswered',
      sentAt,
      commandId: result.command.commandId,
    });
  }
  return results;
};
