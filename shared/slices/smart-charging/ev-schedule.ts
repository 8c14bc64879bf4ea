import { logger } from '../../handlers/logger.ts';
import type { ChargingNeedsType } from '../../ocpp/generated/ocpp201.ts';
import type { ChargerMessageContext } from '../chargers/charger-messages.ts';
import type { ChargerCallDependencies } from '../commands/charger-calls.ts';
import { findCommandTarget } from '../commands/remote-commands.ts';
import type { Dependencies } from '../dependencies.ts';
import { txProfileIdOf } from '../load-management/balance-site.ts';
import { txProfile, UnsendableProfile } from '../load-management/charging-profiles.ts';
import type { ChargerWiring, PhaseCount } from '../load-management/model.ts';
import { sendProfiles } from '../load-management/send-profiles.ts';
import { activeSessionsOfCharger } from '../transactions/sessions.ts';

/**
 * K15: a CSMS that accepts an EV's charging needs (ISO 15118) owes it a charging schedule, as a TxProfile of the
 * transaction (K15.FR.03 "able to provide a charging schedule": Accepted). On a load-managed site the
 * load-balancing run the needs start sends it; elsewhere nothing limits the EVSE but the EV and the charger, so
 * the schedule is the EV's maximum current, capped by the charger's rated current.
 */

/**
 * Pure: the one-period limit for AC needs: the lower of the EV's maximum and the charger's rating, either alone
 * when the other is unknown; undefined for DC (a schedule in amperes says nothing there) or when neither is known.
 */
export const evScheduleLimit = (
  needs: ChargingNeedsType,
  charger: Pick<ChargerWiring, 'maxCurrentA' | 'phases'>,
): { readonly limitA: number; readonly numberPhases: PhaseCount } | undefined => {
  if (needs.requestedEnergyTransfer === 'DC') return undefined;
  const bounds = [needs.acChargingParameters?.evMaxCurrent, charger.maxCurrentA].filter(
    (bound): bound is number => bound !== undefined,
  );
  if (bounds.length === 0) return undefined;
  // One decimal at most (the schemas' multipleOf 0.1), never above what either side takes.
  const limitA = Math.floor(Math.min(...bounds) * 10) / 10;
  if (!(limitA > 0)) return undefined;
  const numberPhases: PhaseCount =
    needs.requestedEnergyTransfer === 'AC_single_phase' || charger.phases === 1 ? 1 : 3;
  return { limitA, numberPhases };
};

type Deps = ChargerCallDependencies & Pick<Dependencies, 'sessions' | 'chargerSessions'>;

/** Sends the EVSE's session its schedule after accepted needs, without waiting for the answer. */
export const offerEvSchedule = async (
  deps: Deps,
  ctx: ChargerMessageContext,
  input: { readonly evseId: number; readonly chargingNeeds: ChargingNeedsType },
): Promise<void> => {
  if (ctx.loadManaged) return;
  const session = (await activeSessionsOfCharger(deps, ctx.tenantId, ctx.chargerId)).find(
    (candidate) => candidate.evseId === input.evseId,
  );
  // No transaction on the EVSE yet: a TxProfile needs one; the needs stay stored for when it starts.
  if (!session) return;
  const target = await findCommandTarget(deps, { tenantId: ctx.tenantId, chargerId: ctx.chargerId });
  if (target.kind !== 'online') return;
  const limit = evScheduleLimit(input.chargingNeeds, target.charger);
  if (!limit) return;
  try {
    const profile = txProfile({
      version: 'ocpp2.0.1',
      evseId: input.evseId,
      profileId: txProfileIdOf(input.evseId),
      ...limit,
      transactionId: session.chargerTransactionId,
      now: deps.clock.now(),
      // Nothing renews it: it is the EV's own maximum, not a share of a limit.
      leaseSeconds: 0,
    });
    await sendProfiles(deps, {
      tenantId: ctx.tenantId,
      chargerId: ctx.chargerId,
      profiles: [profile],
      waitSeconds: 0,
      target: { charger: target.charger, connection: target.connection },
    });
  } catch (error) {
    if (!(error instanceof UnsendableProfile)) throw error;
    logger.warn('EV schedule not sent', {
      tenantId: ctx.tenantId,
      chargerId: ctx.chargerId,
      reason: error.message,
    });
  }
};
