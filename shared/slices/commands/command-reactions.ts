import type { OcppVersion } from '../../ocpp/versions.ts';
import {
  storeChangedConfiguration,
  storeReportedConfiguration,
} from '../configuration/charger-configuration.ts';
import type { Dependencies } from '../dependencies.ts';
import { recordMaintenanceAnswer } from '../firmware/maintenance.ts';
import { recordLocalListUpdate } from '../local-list/local-list.ts';
import { recordCancelReservationAnswer, recordReserveNowAnswer } from '../reservations/reservations.ts';
import type { Command } from './model.ts';

/**
 * What a charger's valid answer to a CSMS call changes besides its command: the configuration it reported,
 * the reservation it accepted, the local list version it now holds… Each reaction reads what it needs from
 * the command (its request payload) and the answer, so a call sent through the raw passthrough has the same
 * effect as one sent by a use case. `recordCallResult` runs them before it completes the command: whoever
 * sees the command completed sees their effect too.
 *
 * The modules of the reactions must not import `remote-commands.ts` (which imports this one).
 */

export type ReactionDependencies = Pick<
  Dependencies,
  'chargerConfigs' | 'reservations' | 'localLists' | 'maintenance' | 'events' | 'clock'
>;

/** A command the charger answered with a CALLRESULT that passed its schema. */
export interface CompletedCommand {
  readonly command: Command;
  readonly response: Record<string, unknown>;
}

export type CommandReaction = (deps: ReactionDependencies, completed: CompletedCommand) => Promise<void>;

/** The reactions of each (version, action); an action without an entry changes nothing else. */
export const commandReactions: Readonly<
  Record<OcppVersion, Readonly<Record<string, readonly CommandReaction[]>>>
> = {
  'ocpp1.6': {
    GetConfiguration: [storeReportedConfiguration],
    ChangeConfiguration: [storeChangedConfiguration],
    ReserveNow: [recordReserveNowAnswer],
    CancelReservation: [recordCancelReservationAnswer],
    SendLocalList: [recordLocalListUpdate],
    UpdateFirmware: [recordMaintenanceAnswer],
    SignedUpdateFirmware: [recordMaintenanceAnswer],
    GetDiagnostics: [recordMaintenanceAnswer],
    GetLog: [recordMaintenanceAnswer],
  },
  'ocpp2.0.1': {},
};

/** Runs the reactions of the command's action, in order. */
export const reactToCompletedCommand = async (
  deps: ReactionDependencies,
  completed: CompletedCommand,
): Promise<void> => {
  const byAction = commandReactions[completed.command.ocppVersion];
  const reactions = Object.hasOwn(byAction, completed.command.action)
    ? byAction[completed.command.action]
    : [];
  for (const react of reactions ?? []) await react(deps, completed);
};
