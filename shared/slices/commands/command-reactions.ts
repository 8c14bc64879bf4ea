import type { OcppVersion } from '../../ocpp/versions.ts';
import type { Dependencies } from '../dependencies.ts';
import type { Command } from './model.ts';

/**
 * What a charger's valid answer to a CSMS call changes besides its command: the configuration it reported,
 * the reservation it accepted, the local list version it now holds… Each slice registers its reactions in its
 * `slice.ts`; `$default` hands the merged table to `recordCallResult`, so this slice imports none of them (and
 * the composition root, which every function bundles, imports no slice's implementation). Each reaction reads what it needs from the command (its request payload) and the
 * answer, so a call sent through the raw passthrough has the same effect as one sent by a use case.
 * `recordCallResult` runs them before it completes the command: whoever sees it completed sees their effect.
 */

export type ReactionDependencies = Pick<
  Dependencies,
  | 'chargerConfigs'
  | 'reservations'
  | 'localLists'
  | 'maintenance'
  | 'deviceModels'
  | 'displayMessages'
  | 'customerInformation'
  | 'failSafes'
  | 'events'
  | 'clock'
>;

/** A command the charger answered with a CALLRESULT that passed its schema. */
export interface CompletedCommand {
  readonly command: Command;
  readonly response: Record<string, unknown>;
}

export type CommandReaction = (deps: ReactionDependencies, completed: CompletedCommand) => Promise<void>;

/** The reactions of each (version, action); an action without an entry changes nothing else. */
export type CommandReactions = Readonly<
  Record<OcppVersion, Readonly<Record<string, readonly CommandReaction[]>>>
>;

/** The slices' reaction tables of one version, merged: the reactions to one action run in slice order. */
export const concatByAction = (
  tables: readonly Readonly<Record<string, readonly CommandReaction[]>>[],
): Readonly<Record<string, readonly CommandReaction[]>> => {
  const merged: Record<string, CommandReaction[]> = {};
  for (const table of tables)
    for (const [action, reactions] of Object.entries(table))
      merged[action] = [...(merged[action] ?? []), ...reactions];
  return merged;
};

/** Runs the reactions of the command's action, in order. */
export const reactToCompletedCommand = async (
  deps: ReactionDependencies & { readonly reactions: CommandReactions },
  completed: CompletedCommand,
): Promise<void> => {
  const byAction = deps.reactions[completed.command.ocppVersion];
  const reactions = Object.hasOwn(byAction, completed.command.action)
    ? byAction[completed.command.action]
    : [];
  for (const react of reactions ?? []) await react(deps, completed);
};
