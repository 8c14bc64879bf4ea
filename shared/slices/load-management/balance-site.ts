import { isStorableIdToken, normalizeIdToken } from '../authorization/id-tokens.ts';
import type { ChargerView } from '../chargers/model.ts';
import type { Dependencies } from '../dependencies.ts';
import type { Session, SessionMeterValue } from '../transactions/model.ts';
import { energyRegisterWh } from '../transactions/session-fold.ts';
import { activeSessionsOfCharger } from '../transactions/sessions.ts';
import {
  type AllocationCharger,
  type AllocationSession,
  allocate,
  defaultAllocationOptions,
  type SessionLimit,
} from './allocation.ts';
import {
  chargerStateOf,
  type PlannedProfile,
  type ProfileOutcome,
  planProfiles,
  recordAfter,
} from './apply-plan.ts';
import { allocationNeedsOf } from './charging-needs.ts';
import { priorityWeight, sessionPriorityOf } from './charging-priority.ts';
import { defaultLeaseSeconds, txProfile, UnsendableProfile } from './charging-profiles.ts';
import { failSafeDefaults } from './fail-safe-defaults.ts';
import {
  type AllocationHistoryEntry,
  type SessionAllocation,
  type SiteAllocations,
  wiringDefaults,
} from './model.ts';
import { sendProfiles } from './send-profiles.ts';
import { siteChargerViews } from './site-chargers.ts';

/**
 * The load-balancing run of one site: the allocation of its running sessions, applied. Reductions go out first;
 * increases only after every reduction was accepted, so the limits in force never sum above a limit, not even
 * in between. A reduction the charger refuses or leaves unanswered re-allocates the rest with that session
 * counted at what it may still draw, and no increase goes out that round. Each run starts from what the
 * chargers last accepted (a run that failed mid-way left `Pending` records: counted at the higher of the old and
 * the new limit), so the next run repairs whatever the last one left.
 */

export type BalanceDeps = Pick<
  Dependencies,
  | 'loadManagement'
  | 'allocations'
  | 'loadRuns'
  | 'chargers'
  | 'sessions'
  | 'pendingCalls'
  | 'commands'
  | 'channel'
  | 'connections'
  | 'events'
  | 'clock'
  | 'ids'
  | 'settings'
  | 'timer'
  | 'callQueueTimer'
  | 'smartChargingInputs'
  | 'chargerSessions'
  | 'idTokens'
  | 'vehicles'
>;

/** The run lock's lease: longer than one task may run (its Lambda timeout), so two runs never overlap. */
export const runLeaseSeconds = 240;

/** Rounds of one task (each: a full balance); more requests than that loop through the state machine. */
const roundsPerTask = 2;

/** Rounds of reductions within one balance before it gives up raising anything this time. */
const reductionRounds = 3;

/** The id of the TxProfile load management installs on an EVSE / connector: one per EVSE, replaced in place. */
export const txProfileIdOf = (evseId: number): number => 910_000 + evseId;

/** Connector states in which no transaction runs: a charger whose connectors are all so has no session to read. */
const idleStates = new Set(['Available', 'Unavailable', 'Faulted']);

/** The longest it waits for one charger's answer; a charger that takes longer is `Unanswered` this run. */
const answerWaitSeconds = (deps: Pick<Dependencies, 'settings'>) =>
  Math.min(deps.settings.commandWaitSeconds, 20);

export type BalanceOutcome =
  /** Another run holds the site's lock: it runs again for this trigger (a later trigger supersedes this one). */
  | { readonly outcome: 'superseded' }
  /** Requests kept coming: the state machine runs the task again, with the lock kept. */
  | { readonly outcome: 'again' }
  | {
      readonly outcome: 'balanced';
      readonly managed: boolean;
      readonly sessions: number;
      readonly sent: number;
    }
  /** The lease lapsed and another run took the site: it balances from what this one recorded. */
  | { readonly outcome: 'lost' };

/** A trigger: records it, and balances the site unless a run holds it (which then runs again for it). */
export const balanceSite = async (
  deps: BalanceDeps,
  input: { tenantId: string; siteId: string; runId: string; chargerId?: string; correlationId: string },
): Promise<BalanceOutcome> => {
  const { tenantId, siteId, runId } = input;
  const trigger = await deps.loadRuns.request(tenantId, siteId);
  // A live run of another execution sees the new count when it releases, and runs again for it.
  const { holder } = trigger;
  if (holder && holder.runId !== runId && holder.lockedUntil >= deps.clock.now().toISOString())
    return { outcome: 'superseded' };
  let generation = await deps.loadRuns.acquire(tenantId, siteId, runId, deps.clock.now(), runLeaseSeconds);
  if (generation === undefined) return { outcome: 'superseded' };
  let last: BalanceOutcome = { outcome: 'again' };
  for (let round = 0; round < roundsPerTask; round++) {
    last = await balanceOnce(deps, input);
    const released = await deps.loadRuns.release(
      tenantId,
      siteId,
      runId,
      generation,
      deps.clock.now(),
      runLeaseSeconds,
    );
    if (released.outcome === 'released') return last;
    if (released.outcome === 'lost') return { outcome: 'lost' };
    generation = released.generation;
  }
  return { outcome: 'again' };
};

/** The highest `Current.Import` of a meter value (per phase), in A; undefined without one. */
export const measuredCurrentA = (value: SessionMeterValue | undefined): number | undefined => {
  const currents = (value?.sampledValues ?? [])
    .filter((sample) => sample.measurand === 'Current.Import')
    .map((sample) => sample.value * 10 ** (sample.multiplier ?? 0));
  return currents.length > 0 ? Math.max(...currents) : undefined;
};

interface Running {
  readonly session: Session;
  readonly view: ChargerView;
  readonly evseId: number;
  readonly connectorId: number;
  readonly measuredA?: number;
  /** From the EV's NotifyEVChargingNeeds (2.0.1): the urgency the allocation weighs. */
  readonly needs?: { readonly departureAt: string; readonly energyWh: number };
  /** The share weight of the session's chargingPriority (vehicle's, else id token's); absent = 1. */
  readonly priority?: number;
}

/**
 * The session's chargingPriority: its vehicle's (one GetItem, when the session has a vehicle), else its id
 * token's (one GetItem, only when the vehicle has none). A session with neither costs no read.
 */
const chargingPriorityOf = async (
  deps: Pick<Dependencies, 'idTokens' | 'vehicles'>,
  tenantId: string,
  session: Session,
): Promise<number> => {
  const vehicle = session.vehicleId ? await deps.vehicles.get(tenantId, session.vehicleId) : undefined;
  if (vehicle?.chargingPriority !== undefined) return vehicle.chargingPriority;
  const idToken =
    session.idToken && isStorableIdToken(session.idToken)
      ? await deps.idTokens.get(tenantId, normalizeIdToken(session.idToken))
      : undefined;
  return sessionPriorityOf({ vehicle, idToken });
};

const runningSessions = async (
  deps: Pick<Dependencies, 'sessions' | 'chargerSessions' | 'smartChargingInputs' | 'idTokens' | 'vehicles'>,
  tenantId: string,
  views: readonly ChargerView[],
  previous: readonly SessionAllocation[],
  triggerChargerId: string | undefined,
): Promise<Running[]> => {
  const allocated = new Set(previous.map((record) => record.chargerId));
  const candidates = views.filter(
    (view) =>
      view.charger.chargerId === triggerChargerId ||
      allocated.has(view.charger.chargerId) ||
      view.connectors.length === 0 ||
      view.connectors.some((connector) => !idleStates.has(connector.status)),
  );
  const lists = await Promise.all(
    candidates.map(async (view) => {
      const active = await activeSessionsOfCharger(deps, tenantId, view.charger.chargerId);
      return Promise.all(
        active.map(async (session): Promise<Running | undefined> => {
          const evseId = session.evseId ?? session.connectorId;
          if (evseId === undefined || evseId < 1) return undefined;
          const [[latest], reported, chargingPriority] = await Promise.all([
            deps.sessions.latestMeterValues(tenantId, session.sessionId, 1),
            // Only 2.0.1 chargers report needs (ISO 15118); a 1.6 session costs no read for them.
            view.connection?.ocppVersion === 'ocpp2.0.1'
              ? deps.smartChargingInputs.getChargingNeeds(tenantId, view.charger.chargerId, evseId)
              : undefined,
            chargingPriorityOf(deps, tenantId, session),
          ]);
          const measuredA = measuredCurrentA(latest);
          // The stored energy lags behind periodic samples (sessions.ts): the latest register reading is newer.
          const registerWh = latest?.sampledValues.map(energyRegisterWh).find((wh) => wh !== undefined);
          const energyWh =
            registerWh !== undefined && session.meterStart
              ? Math.max(session.energyWh, registerWh - session.meterStart.wh)
              : session.energyWh;
          const needs = allocationNeedsOf(reported, { evseId, startedAt: session.startedAt, energyWh });
          return {
            session,
            view,
            evseId,
            connectorId: session.connectorId ?? 1,
            ...(measuredA !== undefined && { measuredA }),
            ...(needs && { needs }),
            ...(chargingPriority !== 0 && { priority: priorityWeight(chargingPriority) }),
          };
        }),
      );
    }),
  );
  // One session per EVSE: a stale one (its end lost) under a newer one on the same EVSE is not drawing.
  const byEvse = new Map<string, Running>();
  for (const running of lists.flat()) {
    if (!running) continue;
    const key = `${running.view.charger.chargerId}|${running.evseId}`;
    const other = byEvse.get(key);
    if (!other || other.session.startedAt < running.session.startedAt) byEvse.set(key, running);
  }
  return [...byEvse.values()];
};

const chargerOf = (view: ChargerView): AllocationCharger => ({
  chargerId: view.charger.chargerId,
  maxCurrentA: view.charger.maxCurrentA ?? wiringDefaults.maxCurrentA,
  phases: view.charger.phases ?? wiringDefaults.phases,
  ...(view.charger.phase && { phase: view.charger.phase }),
  ...(view.charger.circuitId && { circuitId: view.charger.circuitId }),
});

/** One full balance of the site, holding its lock. */
export const balanceOnce = async (
  deps: BalanceDeps,
  input: { tenantId: string; siteId: string; chargerId?: string; correlationId: string },
): Promise<BalanceOutcome> => {
  const { tenantId, siteId } = input;
  const [settings, previous] = await Promise.all([
    deps.loadManagement.get(tenantId, siteId),
    deps.allocations.get(tenantId, siteId),
  ]);
  const now = deps.clock.now();
  if (!settings) {
    // Turned off: nothing is sent (the TxProfiles lapse with their lease); the allocations are no longer in force.
    if (previous && previous.allocations.length > 0) {
      await deps.allocations.put({
        tenantId,
        siteId,
        allocations: [],
        rotation: {},
        updatedAt: now.toISOString(),
      });
      await publishChanged(deps, input, [], previous.allocations, now);
    }
    return { outcome: 'balanced', managed: false, sessions: 0, sent: 0 };
  }
  const views = await siteChargerViews(deps, tenantId, siteId);
  const previousRecords = previous?.allocations ?? [];
  const running = await runningSessions(deps, tenantId, views, previousRecords, input.chargerId);
  const records = new Map(
    previousRecords
      .filter((record) => running.some((r) => r.session.sessionId === record.sessionId))
      .map((record) => [record.sessionId, record]),
  );
  const wired = views.map(chargerOf);
  const defaults = failSafeDefaults(settings, wired);
  const chargers = wired.map((charger) => ({
    ...charger,
    defaultLimitA: defaults.get(charger.chargerId) ?? 0,
  }));
  const rated = new Map(chargers.map((charger) => [charger.chargerId, charger.maxCurrentA]));
  const ratedA = (chargerId: string) => rated.get(chargerId) ?? wiringDefaults.maxCurrentA;
  const draws = { ratedA, defaultA: (chargerId: string) => defaults.get(chargerId) ?? ratedA(chargerId) };
  const leaseSeconds = settings.leaseSeconds ?? defaultLeaseSeconds;
  const options = defaultAllocationOptions;

  // Under-use: measured below the accepted limit (less the margin) since when; it ends when it draws again.
  const underUse = new Map<string, string>();
  for (const r of running) {
    const record = records.get(r.session.sessionId);
    if (
      r.measuredA !== undefined &&
      record?.acceptedLimitA !== undefined &&
      r.measuredA < record.acceptedLimitA - options.underUseMarginA
    )
      underUse.set(r.session.sessionId, record.underUseSince ?? now.toISOString());
  }

  /** Sessions whose charger failed a reduction this run: counted at what they may still draw. */
  const stuck = new Map<string, number>();
  const sessionsNow = (): AllocationSession[] =>
    running.map((r) => {
      const record = records.get(r.session.sessionId);
      const held = stuck.get(r.session.sessionId);
      const state =
        held !== undefined
          ? { charger: 'unresponsive' as const, lastAcceptedLimitA: held }
          : chargerStateOf(record, {
              ratedA: ratedA(r.view.charger.chargerId),
              defaultA: draws.defaultA(r.view.charger.chargerId),
              online: r.view.connection !== undefined,
              now,
            });
      const since = underUse.get(r.session.sessionId);
      return {
        sessionId: r.session.sessionId,
        chargerId: r.view.charger.chargerId,
        ...state,
        ...(r.measuredA !== undefined && { measuredA: r.measuredA }),
        ...(since !== undefined && { underUseSince: since }),
        ...(r.needs && { needs: r.needs }),
        ...(r.priority !== undefined && { priority: r.priority }),
      };
    });
  const byId = new Map(running.map((r) => [r.session.sessionId, r]));
  const history: AllocationHistoryEntry[] = [];
  let sent = 0;

  const send = async (planned: readonly PlannedProfile[]): Promise<Map<string, ProfileOutcome>> => {
    const outcomes = new Map<string, ProfileOutcome>();
    const perCharger = new Map<string, PlannedProfile[]>();
    for (const profile of planned)
      perCharger.set(profile.chargerId, [...(perCharger.get(profile.chargerId) ?? []), profile]);
    await Promise.all(
      [...perCharger].map(async ([chargerId, profiles]) => {
        const sendable: {
          profile: PlannedProfile;
          payload: ReturnType<typeof txProfile>;
          validTo?: string;
        }[] = [];
        const at = deps.clock.now();
        for (const profile of profiles) {
          const r = byId.get(profile.sessionId)!;
          const version = r.view.connection?.ocppVersion ?? r.view.charger.ocppVersion ?? 'ocpp2.0.1';
          try {
            const payload = txProfile({
              version,
              evseId: r.evseId,
              profileId: txProfileIdOf(r.evseId),
              limitA: profile.limitA,
              numberPhases: settings.phases === 3 ? ratedPhases(r) : 1,
              transactionId:
                version === 'ocpp1.6'
                  ? Number(r.session.chargerTransactionId)
                  : r.session.chargerTransactionId,
              now: at,
              leaseSeconds,
            });
            const validTo =
              leaseSeconds > 0 ? new Date(at.getTime() + leaseSeconds * 1000).toISOString() : undefined;
            sendable.push({ profile, payload, ...(validTo && { validTo }) });
          } catch (error) {
            if (!(error instanceof UnsendableProfile)) throw error;
            outcomes.set(profile.sessionId, 'Rejected');
            recordOutcome(profile, 'Rejected', at.toISOString(), undefined);
          }
        }
        if (sendable.length === 0) return;
        // Recorded as Pending before the call: a run that dies now leaves the higher limit counted.
        for (const { profile, validTo } of sendable) markPending(profile, at.toISOString(), validTo);
        await deps.allocations.put(snapshot());
        const results = await sendProfiles(deps, {
          tenantId,
          chargerId,
          profiles: sendable.map(({ payload }) => payload),
          waitSeconds: answerWaitSeconds(deps),
          target: { charger: viewOf(profiles[0]!).charger, connection: viewOf(profiles[0]!).connection },
        });
        sent += results.length;
        results.forEach((result, i) => {
          const { profile, validTo } = sendable[i]!;
          outcomes.set(profile.sessionId, result.outcome);
          recordOutcome(profile, result.outcome, result.sentAt, validTo);
        });
      }),
    );
    return outcomes;
  };

  const viewOf = (profile: PlannedProfile) => byId.get(profile.sessionId)!.view;
  const ratedPhases = (r: Running) => r.view.charger.phases ?? wiringDefaults.phases;
  const baseOf = (profile: PlannedProfile, sentAt: string, validTo: string | undefined) => {
    const r = byId.get(profile.sessionId)!;
    const since = underUse.get(profile.sessionId);
    return {
      chargerId: profile.chargerId,
      evseId: r.evseId,
      connectorId: r.connectorId,
      sessionId: profile.sessionId,
      chargerTransactionId: r.session.chargerTransactionId,
      limitA: profile.limitA,
      sentAt,
      ...(validTo && { validTo }),
      ...(r.measuredA !== undefined && { measuredA: r.measuredA }),
      ...(since !== undefined && { underUseSince: since }),
    };
  };
  const markPending = (profile: PlannedProfile, sentAt: string, validTo: string | undefined) => {
    const record = records.get(profile.sessionId);
    records.set(profile.sessionId, {
      ...baseOf(profile, sentAt, validTo),
      ...(record?.acceptedLimitA !== undefined && { acceptedLimitA: record.acceptedLimitA }),
      status: 'Pending',
      rejections: record?.rejections ?? 0,
      // Until it answers, it is counted at the higher of the two limits (see possibleDrawA).
      ...(record?.flagged && { flagged: true }),
    });
  };
  /** The record before this run's pending mark, for the rejection count and the accepted limit. */
  const before = new Map(records);
  const recordOutcome = (
    profile: PlannedProfile,
    outcome: ProfileOutcome,
    sentAt: string,
    validTo: string | undefined,
  ) => {
    const prior = before.get(profile.sessionId);
    const answered = recordAfter(prior, baseOf(profile, sentAt, validTo), outcome, deps.clock.now());
    // Flagged: counted at its rated current from now on, which is what the view shows.
    const record =
      answered.status === 'Budgeted' ? { ...answered, limitA: ratedA(profile.chargerId) } : answered;
    records.set(profile.sessionId, record);
    before.set(profile.sessionId, record);
    history.push({
      tenantId,
      siteId,
      chargerId: profile.chargerId,
      evseId: record.evseId,
      sessionId: profile.sessionId,
      limitA: profile.limitA,
      ...(validTo && { validTo }),
      sentAt,
      status: outcome,
    });
  };

  let rotation = previous?.rotation ?? {};
  const allocateNow = () =>
    allocate({
      site: settings,
      chargers,
      sessions: sessionsNow(),
      rotation: previous?.rotation ?? {},
      now,
      options,
    });
  let allocation = allocateNow();
  let safeToRaise = false;
  for (let round = 0; round < reductionRounds; round++) {
    const plan = planFor(allocation.limits, records, draws, now, leaseSeconds);
    if (plan.reductions.length === 0) {
      safeToRaise = true;
      break;
    }
    const outcomes = await send(plan.reductions);
    const failed = plan.reductions.filter((profile) => outcomes.get(profile.sessionId) !== 'Accepted');
    if (failed.length === 0) {
      safeToRaise = true;
      break;
    }
    // Still drawing what it drew: the others get less, which may be more reductions.
    for (const profile of failed) stuck.set(profile.sessionId, profile.fromA);
    allocation = allocateNow();
  }
  rotation = allocation.rotation;
  if (safeToRaise) {
    const { increases } = planFor(allocation.limits, records, draws, now, leaseSeconds);
    if (increases.length > 0) await send(increases);
  }

  // Budgeted sessions (their charger rejects every profile, or is offline) keep their record, counted as they are.
  for (const limit of allocation.limits) {
    if (limit.state !== 'budgeted' || records.has(limit.sessionId)) continue;
    const r = byId.get(limit.sessionId)!;
    records.set(limit.sessionId, {
      chargerId: limit.chargerId,
      evseId: r.evseId,
      connectorId: r.connectorId,
      sessionId: limit.sessionId,
      chargerTransactionId: r.session.chargerTransactionId,
      limitA: limit.limitA,
      sentAt: now.toISOString(),
      status: 'Unanswered',
      rejections: 0,
    });
  }
  function snapshot(): SiteAllocations {
    return {
      tenantId,
      siteId,
      allocations: [...records.values()].filter((record) => byId.has(record.sessionId)),
      rotation,
      updatedAt: deps.clock.now().toISOString(),
    };
  }
  const final = snapshot();
  await deps.allocations.put(final);
  if (history.length > 0) await deps.allocations.record(history);
  const changed = history.length > 0 || previousRecords.some((record) => !byId.has(record.sessionId));
  if (changed) await publishChanged(deps, input, final.allocations, previousRecords, deps.clock.now());
  return { outcome: 'balanced', managed: true, sessions: running.length, sent };
};

const planFor = (
  limits: readonly SessionLimit[],
  records: ReadonlyMap<string, SessionAllocation>,
  draws: { ratedA: (chargerId: string) => number; defaultA: (chargerId: string) => number },
  now: Date,
  leaseSeconds: number,
) => planProfiles({ limits, records, ...draws, now, leaseSeconds, renewWithinSeconds: leaseSeconds / 2 });

const publishChanged = async (
  deps: Pick<Dependencies, 'events'>,
  input: { tenantId: string; siteId: string; correlationId: string },
  allocations: readonly SessionAllocation[],
  previous: readonly SessionAllocation[],
  now: Date,
): Promise<void> => {
  const before = new Map(previous.map((record) => [record.sessionId, record]));
  const current = new Set(allocations.map((record) => record.sessionId));
  await deps.events.publish([
    {
      name: 'allocationChanged',
      detail: {
        tenantId: input.tenantId,
        siteId: input.siteId,
        occurredAt: now.toISOString(),
        correlationId: input.correlationId,
        allocations: allocations.map((record) => {
          const prior = before.get(record.sessionId);
          return {
            chargerId: record.chargerId,
            evseId: record.evseId,
            connectorId: record.connectorId,
            sessionId: record.sessionId,
            limitA: record.limitA,
            ...(prior && { previousLimitA: prior.limitA }),
            ...(record.validTo && { validTo: record.validTo }),
            status: record.status,
            ...(record.flagged && { flagged: true }),
          };
        }),
        released: previous
          .filter((record) => !current.has(record.sessionId))
          .map((record) => record.sessionId),
      },
    },
  ]);
};
