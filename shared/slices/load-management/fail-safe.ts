import { logger } from '../../handlers/logger.ts';
import type { OcppContext } from '../../ocpp/dispatcher.ts';
import type { OcppVersion } from '../../ocpp/versions.ts';
import type { Charger, Connection } from '../chargers/model.ts';
import {
  type ChargerCallDependencies,
  type ChargerCallResult,
  requestChargerCall,
} from '../commands/charger-calls.ts';
import type { CommandReaction } from '../commands/command-reactions.ts';
import { findCommandTarget } from '../commands/remote-commands.ts';
import type { Dependencies } from '../dependencies.ts';
import type { AllocationCharger, AllocationSite } from './allocation.ts';
import { type SetChargingProfilePayload, txDefaultProfile, UnsendableProfile } from './charging-profiles.ts';
import { failSafeDefaults } from './fail-safe-defaults.ts';
import { type LoadManagementSettings, type PhaseCount, wiringDefaults } from './model.ts';
import {
  abilitiesFromConfigurationKeys,
  abilitiesFromSmartChargingCtrlr,
  type ChargerProfileAbilities,
  chargingProfileIssue,
} from './profile-rules.ts';
import { siteChargerViews } from './site-chargers.ts';

/**
 * The id of the fail-safe TxDefaultProfile on every charger of a managed site: one id, so a new default replaces
 * the old one (K01.FR.05: same id, same purpose) and turning management off clears exactly it.
 */
export const failSafeProfileId = 900_000;

/** Who the fail-safe calls are requested by, in the command records. */
export const failSafeActor = 'csms:load-management';

/** Chargers whose defaults are sent at a time when a site's settings change. */
const sendConcurrency = 10;

/** The site as the allocation sees it. */
export const allocationSiteOf = (settings: LoadManagementSettings): AllocationSite => ({
  maxCurrentA: settings.maxCurrentA,
  phases: settings.phases,
  voltageV: settings.voltageV,
  minCurrentA: settings.minCurrentA,
  circuits: settings.circuits,
});

/** A charger with its wiring settled: what is not known, the defaults most AC chargers have. */
export const allocationChargerOf = (charger: Charger): Omit<AllocationCharger, 'defaultLimitA'> => ({
  chargerId: charger.chargerId,
  maxCurrentA: charger.maxCurrentA ?? wiringDefaults.maxCurrentA,
  phases: charger.phases ?? wiringDefaults.phases,
  ...(charger.phase && { phase: charger.phase }),
  ...(charger.circuitId && { circuitId: charger.circuitId }),
});

export interface FailSafeStep {
  readonly chargerId: string;
  /** `null`: clear it (the site is no longer managed). */
  readonly limitA: number | null;
}

export interface FailSafePlan {
  /** The planned defaults to store (only those that change). */
  readonly writes: readonly FailSafeStep[];
  /**
   * The defaults to send (the charger has not accepted this one), reductions first: each charger's queue is its
   * own, but a reduction asked for first is accepted first on a fleet that answers alike.
   */
  readonly sends: readonly FailSafeStep[];
}

/**
 * Pure: what changes of the site's fail-safe defaults — the defaults of `failSafeDefaults` for a managed site,
 * none for an unmanaged one — given what each charger has planned and accepted.
 */
export const failSafePlan = (
  settings: LoadManagementSettings | undefined,
  chargers: readonly Charger[],
): FailSafePlan => {
  const limits = settings
    ? failSafeDefaults(allocationSiteOf(settings), chargers.map(allocationChargerOf))
    : new Map<string, number>();
  const target = (charger: Charger): number | null => limits.get(charger.chargerId) ?? null;
  const writes = chargers
    .filter((charger) => target(charger) !== (charger.failSafeLimitA ?? null))
    .map((charger) => ({ chargerId: charger.chargerId, limitA: target(charger) }));
  // What a charger draws without the new default: what it accepted, or its rated current.
  const drawn = (charger: Charger) => charger.failSafeAcceptedA ?? allocationChargerOf(charger).maxCurrentA;
  const change = (charger: Charger) =>
    (target(charger) ?? allocationChargerOf(charger).maxCurrentA) - drawn(charger);
  const sends = chargers
    .filter((charger) =>
      target(charger) === null
        ? charger.failSafeLimitA !== undefined || charger.failSafeAcceptedA !== undefined
        : target(charger) !== charger.failSafeAcceptedA,
    )
    .sort((x, y) => change(x) - change(y) || (x.chargerId < y.chargerId ? -1 : 1))
    .map((charger) => ({ chargerId: charger.chargerId, limitA: target(charger) }));
  return { writes, sends };
};

/** What the charger reported it takes, from what the configuration (1.6) or device-model (2.0.1) slice stored. */
export const readProfileAbilities = async (
  deps: Pick<Dependencies, 'chargerConfigs' | 'deviceModels'>,
  tenantId: string,
  chargerId: string,
  version: OcppVersion,
): Promise<ChargerProfileAbilities> => {
  if (version === 'ocpp1.6') {
    const configuration = await deps.chargerConfigs.get(tenantId, chargerId);
    return abilitiesFromConfigurationKeys(
      Object.fromEntries(Object.entries(configuration?.keys ?? {}).map(([key, { value }]) => [key, value])),
    );
  }
  const page = await deps.deviceModels.listVariables(tenantId, chargerId, {
    componentPrefix: 'SmartChargingCtrlr',
    limit: 50,
  });
  return abilitiesFromSmartChargingCtrlr(
    Object.fromEntries(
      page.items
        .filter((v) => v.component.name === 'SmartChargingCtrlr' && v.component.evseId === undefined)
        .map((v) => [v.variable.name, v.attributes.find((a) => a.type === 'Actual')?.value]),
    ),
  );
};

export type ProfileSendDependencies = ChargerCallDependencies &
  Pick<Dependencies, 'chargerConfigs' | 'deviceModels'>;

/**
 * The send path of load management's profiles: checked against the OCPP rules and the charger's reported
 * abilities, refused (`invalid`, with the reason) when it breaks one, else sent or queued on the charger's call
 * queue without waiting (the answer comes as `commandCompleted`; the reactions record it).
 */
export const sendChargingProfile = async (
  deps: ProfileSendDependencies,
  input: {
    tenantId: string;
    charger: Charger;
    connection: Connection | undefined;
    payload: SetChargingProfilePayload;
  },
): Promise<ChargerCallResult> => {
  if (!input.connection) return { kind: 'offline' };
  const version = input.connection.ocppVersion;
  const abilities = await readProfileAbilities(deps, input.tenantId, input.charger.chargerId, version);
  const issue = chargingProfileIssue(version, input.payload, abilities);
  if (issue) return { kind: 'invalid', message: issue };
  return requestChargerCall(deps, {
    tenantId: input.tenantId,
    charger: input.charger,
    connection: input.connection,
    action: 'SetChargingProfile',
    payload: { ...input.payload },
    requestedBy: failSafeActor,
  });
};

const failSafeProfile = (
  version: OcppVersion,
  charger: Charger,
  limitA: number,
): SetChargingProfilePayload | UnsendableProfile => {
  try {
    return txDefaultProfile({
      version,
      evseId: 0,
      profileId: failSafeProfileId,
      limitA,
      numberPhases: (charger.phases ?? wiringDefaults.phases) as PhaseCount,
    });
  } catch (error) {
    if (error instanceof UnsendableProfile) return error;
    throw error;
  }
};

/** Sends one charger its fail-safe default (`null`: clears it); what happened, for the caller's log. */
const sendFailSafe = async (
  deps: ProfileSendDependencies,
  input: { tenantId: string; charger: Charger; connection: Connection | undefined; limitA: number | null },
): Promise<ChargerCallResult['kind']> => {
  const { tenantId, charger, connection, limitA } = input;
  if (!connection) return 'offline';
  const version = connection.ocppVersion;
  let result: ChargerCallResult;
  if (limitA === null) {
    result = await requestChargerCall(deps, {
      tenantId,
      charger,
      connection,
      action: 'ClearChargingProfile',
      payload: version === 'ocpp1.6' ? { id: failSafeProfileId } : { chargingProfileId: failSafeProfileId },
      requestedBy: failSafeActor,
    });
  } else {
    const payload = failSafeProfile(version, charger, limitA);
    result =
      payload instanceof UnsendableProfile
        ? { kind: 'invalid', message: payload.message }
        : await sendChargingProfile(deps, { tenantId, charger, connection, payload });
  }
  if (result.kind !== 'sent')
    logger.warn('fail-safe default not sent', {
      tenantId,
      chargerId: charger.chargerId,
      limitA,
      outcome: result.kind,
      ...(result.kind === 'invalid' && { reason: result.message }),
    });
  return result.kind;
};

export interface FailSafeOutcome {
  /** Chargers whose planned default changed. */
  readonly planned: number;
  /** Defaults (or clears) sent or queued, and those not sent by why. */
  readonly sent: number;
  readonly offline: number;
  readonly refused: number;
}

export type FailSafeDependencies = ProfileSendDependencies &
  Pick<Dependencies, 'loadManagement' | 'failSafes'>;

/**
 * After the site's settings or a charger's wiring changed: stores each charger's new default and sends it to
 * those online that have not accepted it (reductions first); a site no longer managed has its defaults cleared.
 * An offline charger gets its default at its next boot.
 */
export const applyFailSafeDefaults = async (
  deps: FailSafeDependencies,
  input: { tenantId: string; siteId: string; settings?: LoadManagementSettings | null },
): Promise<FailSafeOutcome> => {
  const { tenantId, siteId } = input;
  const settings =
    input.settings === undefined
      ? await deps.loadManagement.get(tenantId, siteId)
      : (input.settings ?? undefined);
  const views = await siteChargerViews(deps, tenantId, siteId);
  const plan = failSafePlan(
    settings,
    views.map((view) => view.charger),
  );
  for (const { chargerId, limitA } of plan.writes) await deps.failSafes.plan(tenantId, chargerId, limitA);
  const byId = new Map(views.map((view) => [view.charger.chargerId, view]));
  const kinds: ChargerCallResult['kind'][] = [];
  for (let i = 0; i < plan.sends.length; i += sendConcurrency)
    kinds.push(
      ...(await Promise.all(
        plan.sends.slice(i, i + sendConcurrency).map(({ chargerId, limitA }) => {
          const view = byId.get(chargerId)!;
          return sendFailSafe(deps, { tenantId, charger: view.charger, connection: view.connection, limitA });
        }),
      )),
    );
  return {
    planned: plan.writes.length,
    sent: kinds.filter((kind) => kind === 'sent').length,
    offline: kinds.filter((kind) => kind === 'offline').length,
    refused: kinds.filter((kind) => kind === 'invalid' || kind === 'queueFull').length,
  };
};

/**
 * A charger moved out of a managed site into one that is not (or none): its default is cleared, and the
 * charger told to drop it.
 */
export const clearFailSafeDefault = async (
  deps: FailSafeDependencies,
  input: { tenantId: string; chargerId: string },
): Promise<void> => {
  const target = await findCommandTarget(deps, input);
  if (target.kind === 'notFound') return;
  await deps.failSafes.plan(input.tenantId, input.chargerId, null);
  await sendFailSafe(deps, {
    tenantId: input.tenantId,
    charger: target.charger,
    connection: target.kind === 'online' ? target.connection : undefined,
    limitA: null,
  });
};

/**
 * At an accepted boot of a charger of a managed site: its fail-safe default, after the answer to the boot (the
 * charger takes no call before it knows it is accepted). The limit came back with the boot's own write: a
 * charger of an unmanaged site costs nothing here.
 */
export const installFailSafeAtBoot = (
  deps: FailSafeDependencies,
  ctx: OcppContext,
  stored: Pick<Charger, 'failSafeLimitA'>,
): void => {
  const limitA = stored.failSafeLimitA;
  if (limitA === undefined) return;
  const send = async () => {
    const target = await findCommandTarget(deps, ctx);
    if (target.kind !== 'online') return;
    await sendFailSafe(deps, {
      tenantId: ctx.tenantId,
      charger: target.charger,
      connection: target.connection,
      limitA,
    });
  };
  if (ctx.afterReply) ctx.afterReply(send);
  else void send().catch((error) => logger.error('fail-safe default at boot failed', { error }));
};

/** The limit of a fail-safe default this SetChargingProfile sends; undefined for any other profile. */
export const failSafeLimitOf = (
  version: OcppVersion,
  payload: Record<string, unknown>,
): number | undefined => {
  const profile = (version === 'ocpp1.6' ? payload.csChargingProfiles : payload.chargingProfile) as
    | Record<string, unknown>
    | undefined;
  const id = version === 'ocpp1.6' ? profile?.chargingProfileId : profile?.id;
  if (id !== failSafeProfileId || profile?.chargingProfilePurpose !== 'TxDefaultProfile') return undefined;
  const schedule =
    version === 'ocpp1.6' ? profile.chargingSchedule : (profile.chargingSchedule as unknown[])?.[0];
  const limit = (schedule as { chargingSchedulePeriod?: { limit?: unknown }[] } | undefined)
    ?.chargingSchedulePeriod?.[0]?.limit;
  return typeof limit === 'number' ? limit : undefined;
};

/** An accepted fail-safe default is recorded on the charger: one write per accepted default. */
export const recordFailSafeAnswer: CommandReaction = async (deps, { command, response }) => {
  const limitA = failSafeLimitOf(command.ocppVersion, command.payload);
  if (limitA === undefined) return;
  if (response.status !== 'Accepted') {
    logger.warn('charger refused its fail-safe default', {
      tenantId: command.tenantId,
      chargerId: command.chargerId,
      limitA,
      status: response.status,
    });
    return;
  }
  await deps.failSafes.recordAccepted(command.tenantId, command.chargerId, {
    limitA,
    at: command.completedAt ?? deps.clock.now().toISOString(),
  });
};
