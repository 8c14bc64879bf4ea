import type { Actor } from '../../kernel/model.ts';
import type { Ocpp16Responses } from '../../ocpp/generated/ocpp16.ts';
import type { ChargerView } from '../chargers/model.ts';
import {
  answerOf,
  type ChargerCallDependencies,
  type ChargerCallResult,
  callCharger,
} from '../commands/charger-calls.ts';
import type { Command, CommandError } from '../commands/model.ts';
import { configuredInteger } from '../configuration/charger-configuration.ts';
import type { Dependencies } from '../dependencies.ts';
import { diffLocalList, localListOf, maxLocalListEntries, planLocalListMessages } from './local-list.ts';

/**
 * Synchronizing a charger's local authorization list with the tenant's id tokens (OCPP 1.6 SendLocalList), part
 * after part within one wait: each part is sent when the charger accepted the one before (one outstanding call
 * per charger). Whatever the charger accepted is recorded by the reaction to its answer (`local-list.ts`), so a
 * sync that stops part way — a refusal, the wait ending — loses nothing: the next differential sync continues.
 *
 * A differential sync first asks the charger for its version (GetLocalListVersion); when it is not the one the
 * CSMS recorded (the list was changed elsewhere, or the charger lost it), or nothing is recorded, the sync is a
 * full one instead.
 */

/** A charger call's dependencies (the queue's), and this use case's own stores. */
type Deps = ChargerCallDependencies & Pick<Dependencies, 'idTokens' | 'localLists' | 'chargerConfigs'>;

export type LocalListMode = 'full' | 'differential';

/** Why a sync asked as differential went full. */
export type FullReason = 'noSnapshot' | 'versionMismatch';

export interface LocalListPartResult {
  readonly listVersion: number;
  readonly updateType: 'Full' | 'Differential';
  readonly entries: number;
  readonly commandId?: string;
  /**
   * The charger's status (Accepted, Failed, NotSupported, VersionMismatch); `pending` when the wait ended
   * first; `failed` / `timeout` when it did not answer; `notSent` for parts after one that was not accepted.
   */
  readonly outcome: string;
  readonly error?: CommandError;
}

export type LocalListSyncResult =
  | { readonly kind: 'refused'; readonly message: string }
  /** The tenant's list has more entries than the charger (LocalAuthListMaxLength) or the CSMS can hold. */
  | { readonly kind: 'tooLarge'; readonly message: string }
  | Exclude<ChargerCallResult, { kind: 'sent' }>
  /** GetLocalListVersion went unanswered, or was answered with an error. */
  | { readonly kind: 'versionUnknown'; readonly command: Command }
  | {
      readonly kind: 'done';
      /** `upToDate`: nothing to send; `synced`: every part accepted; `failed`: one was not; `pending`: the wait ended. */
      readonly status: 'upToDate' | 'synced' | 'failed' | 'pending';
      readonly mode: LocalListMode;
      readonly fullReason?: FullReason;
      /** The version the charger had, as far as known, and the one it has after the accepted parts. */
      readonly fromVersion: number;
      readonly toVersion: number;
      /** Entries of the tenant's list. */
      readonly entries: number;
      /** Id tokens longer than OCPP 1.6's 20 characters, left out. */
      readonly skipped: readonly string[];
      readonly parts: readonly LocalListPartResult[];
    };

const needsOcpp16 = (view: ChargerView): string | undefined =>
  view.connection && view.connection.ocppVersion !== 'ocpp1.6'
    ? 'local list synchronization is supported for OCPP 1.6 chargers (this one speaks OCPP 2.0.1)'
    : undefined;

const outcomeOf = (command: Command): string => {
  if (command.status === 'completed')
    return answerOf<Ocpp16Responses['SendLocalList']>(command)?.status ?? 'completed';
  // Queued behind another call or sent: either way the wait ended before the charger answered.
  return command.status === 'queued' ? 'pending' : command.status;
};

export const syncLocalList = async (
  deps: Deps,
  input: {
    tenantId: string;
    view: ChargerView;
    mode: LocalListMode;
    /** Most entries per message (2.0.1 ItemsPerMessageSendLocalList); the charger's SendLocalListMaxLength too. */
    maxItemsPerMessage?: number;
    requestedBy: Actor;
    waitSeconds: number;
  },
): Promise<LocalListSyncResult> => {
  const { tenantId, view } = input;
  const chargerId = view.charger.chargerId;
  if (!view.connection) return { kind: 'offline' };
  const unsupported = needsOcpp16(view);
  if (unsupported) return { kind: 'refused', message: unsupported };
  const deadline = deps.clock.now().getTime() + input.waitSeconds * 1000;
  const remainingSeconds = () => Math.max(0, (deadline - deps.clock.now().getTime()) / 1000);
  const call = (action: string, payload: Record<string, unknown>) =>
    callCharger(deps, {
      tenantId,
      charger: view.charger,
      connection: view.connection,
      action,
      payload,
      requestedBy: input.requestedBy,
      waitSeconds: remainingSeconds(),
    });

  const [{ entries, skipped }, configuration, snapshot] = await Promise.all([
    localListOf(deps, tenantId),
    deps.chargerConfigs.get(tenantId, chargerId),
    deps.localLists.getSnapshot(tenantId, chargerId),
  ]);
  const capacity = Math.min(
    maxLocalListEntries,
    configuredInteger(configuration, 'LocalAuthListMaxLength') ?? Number.POSITIVE_INFINITY,
  );
  if (entries.length > capacity) {
    return {
      kind: 'tooLarge',
      message: `the tenant's list has ${entries.length} entries; this charger holds at most ${capacity}`,
    };
  }
  const maxItemsPerMessage = Math.min(
    input.maxItemsPerMessage ?? Number.POSITIVE_INFINITY,
    configuredInteger(configuration, 'SendLocalListMaxLength') || Number.POSITIVE_INFINITY,
  );

  let mode = input.mode;
  let fullReason: FullReason | undefined;
  let fromVersion = snapshot?.version ?? 0;
  if (mode === 'differential' && !snapshot) {
    mode = 'full';
    fullReason = 'noSnapshot';
  } else if (mode === 'differential' && snapshot) {
    const check = await call('GetLocalListVersion', {});
    if (check.kind !== 'sent')
      return check.kind === 'invalid' ? { kind: 'refused', message: check.message } : check;
    const answer = answerOf<Ocpp16Responses['GetLocalListVersion']>(check.command);
    if (!answer) return { kind: 'versionUnknown', command: check.command };
    fromVersion = answer.listVersion;
    if (answer.listVersion !== snapshot.version) {
      mode = 'full';
      fullReason = 'versionMismatch';
    }
  }

  const messages = planLocalListMessages({
    updateType: mode === 'full' ? 'Full' : 'Differential',
    // Versions only grow, also past a version the charger reported above the recorded one.
    baseVersion: Math.max(snapshot?.version ?? 0, fromVersion),
    items: mode === 'full' ? entries : diffLocalList(snapshot?.entries ?? {}, entries),
    maxItemsPerMessage,
  });

  const parts: LocalListPartResult[] = [];
  let status: 'upToDate' | 'synced' | 'failed' | 'pending' = messages.length === 0 ? 'upToDate' : 'synced';
  let toVersion = fromVersion;
  for (const message of messages) {
    const part = {
      listVersion: message.listVersion,
      updateType: message.updateType,
      entries: message.localAuthorizationList?.length ?? 0,
    };
    if (status !== 'synced') {
      parts.push({ ...part, outcome: 'notSent' });
      continue;
    }
    const result = await call('SendLocalList', message as unknown as Record<string, unknown>);
    if (result.kind === 'invalid') throw new Error(`SendLocalList refused: ${result.message}`);
    if (result.kind !== 'sent') {
      // Nothing went out yet: the same answer as for any command; later, the sync reports how far it got.
      if (parts.length === 0) return result;
      parts.push({ ...part, outcome: 'notSent' });
      status = 'failed';
      continue;
    }
    const { command } = result;
    const outcome = outcomeOf(command);
    parts.push({
      ...part,
      commandId: command.commandId,
      outcome,
      ...(command.error && { error: command.error }),
    });
    if (outcome === 'Accepted') toVersion = message.listVersion;
    else status = command.status === 'pending' || command.status === 'queued' ? 'pending' : 'failed';
  }

  return {
    kind: 'done',
    status,
    mode,
    ...(fullReason && { fullReason }),
    fromVersion,
    toVersion,
    entries: entries.length,
    skipped,
    parts,
  };
};

export type LocalListVersionResult =
  | { readonly kind: 'refused'; readonly message: string }
  | Exclude<ChargerCallResult, { kind: 'sent' }>
  | {
      readonly kind: 'sent';
      readonly command: Command;
      readonly chargerVersion?: number;
      readonly storedVersion?: number;
    };

/** Asks the charger for its local list version (GetLocalListVersion), next to the recorded one. */
export const checkLocalListVersion = async (
  deps: Deps,
  input: { tenantId: string; view: ChargerView; requestedBy: Actor; waitSeconds: number },
): Promise<LocalListVersionResult> => {
  const { tenantId, view } = input;
  if (!view.connection) return { kind: 'offline' };
  const unsupported = needsOcpp16(view);
  if (unsupported) return { kind: 'refused', message: unsupported };
  const result = await callCharger(deps, {
    tenantId,
    charger: view.charger,
    connection: view.connection,
    action: 'GetLocalListVersion',
    payload: {},
    requestedBy: input.requestedBy,
    waitSeconds: input.waitSeconds,
  });
  if (result.kind !== 'sent') return result;
  const summary = await deps.localLists.getSummary(tenantId, view.charger.chargerId);
  const answer = answerOf<Ocpp16Responses['GetLocalListVersion']>(result.command);
  return {
    kind: 'sent',
    command: result.command,
    ...(answer && { chargerVersion: answer.listVersion }),
    ...(summary && { storedVersion: summary.version }),
  };
};
