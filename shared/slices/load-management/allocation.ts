import { buildRows, type Rows, type Wired } from './electrical-grid.ts';
import type { Circuit, LoadManagementSettings } from './model.ts';
import { type FillLoad, fillWeighted } from './water-filling.ts';

/** A charger of the site, with its wiring settled (defaults applied). */
export interface AllocationCharger extends Wired {
  readonly chargerId: string;
  /** Rated current per phase. */
  readonly maxCurrentA: number;
  /**
   * The limit of its fail-safe TxDefaultProfile: what a session that starts on it draws before the CSMS
   * re-allocates. Absent: no default installed, it may draw its rated current.
   */
  readonly defaultLimitA?: number;
}

/** What the charger did with the limits sent to it. */
export type ChargerResponse = 'accepting' | 'rejecting' | 'unresponsive';

export interface AllocationSession {
  readonly sessionId: string;
  readonly chargerId: string;
  /** Share weight (id token group, vehicle): 2 gets twice the current of 1 where the limits allow. */
  readonly priority?: number;
  /** From 2.0.1 NotifyEVChargingNeeds: what it needs by when. */
  readonly needs?: { readonly departureAt: string; readonly energyWh: number };
  /** The vehicle's own maximum, when known. */
  readonly evMaxCurrentA?: number;
  /** Measured `Current.Import` (per phase) and since when it has stayed below its limit (absent: it does not). */
  readonly measuredA?: number;
  readonly underUseSince?: string;
  readonly lastAcceptedLimitA?: number;
  readonly charger?: ChargerResponse;
}

/** Where each session stands in the pause rotation, and since when; passed from run to run. */
export type RotationState = Readonly<
  Record<string, { readonly state: 'charging' | 'paused'; readonly since: string }>
>;

export interface AllocationOptions {
  /** A charging session keeps its slot at least this long before it may be paused for a waiting one. */
  readonly rotationSeconds: number;
  /** Below its limit for this long, a session is capped near what it draws; the rest goes to the others. */
  readonly underUseSeconds: number;
  /** An under-using session keeps this much above what it draws, to show when it draws more again. */
  readonly underUseMarginA: number;
  /** How much an urgent session's weight grows: `priority × (1 + urgencyBoost × needed/possible)`. */
  readonly urgencyBoost: number;
}

export const defaultAllocationOptions: AllocationOptions = {
  rotationSeconds: 15 * 60,
  underUseSeconds: 2 * 60,
  underUseMarginA: 1,
  urgencyBoost: 3,
};

export type AllocationSite = Pick<
  LoadManagementSettings,
  'maxCurrentA' | 'phases' | 'voltageV' | 'minCurrentA'
> & {
  readonly circuits: readonly Circuit[];
};

export interface SessionLimit {
  readonly sessionId: string;
  readonly chargerId: string;
  readonly limitA: number;
  /**
   * `charging` / `paused` (0 A): allocated; `budgeted`: its charger does not take limits, it is counted at the
   * last limit it accepted (or its rated current) and nothing is sent to it.
   */
  readonly state: 'charging' | 'paused' | 'budgeted';
}

export interface Allocation {
  readonly limits: readonly SessionLimit[];
  readonly rotation: RotationState;
  /** Rows the fixed loads alone (idle defaults, budgeted sessions) already exceed: nothing allocatable fixes that. */
  readonly overloaded: readonly { readonly row: string; readonly excessA: number }[];
}

const epsilon = 1e-9;

/** Limits go out with one decimal (OCPP allows it); rounding down keeps every sum within its limit. */
const tenthsDown = (value: number): number => Math.floor(value * 10 + epsilon) / 10;

const seconds = (from: string, to: Date): number => (to.getTime() - Date.parse(from)) / 1000;

/** The share weight: priority, raised by how much of its possible current the session needs to be done in time. */
export const weightOf = (
  session: AllocationSession,
  capA: number,
  charger: AllocationCharger,
  site: Pick<AllocationSite, 'voltageV' | 'phases'>,
  now: Date,
  options: AllocationOptions,
): number => {
  const priority = session.priority ?? 1;
  if (!session.needs || capA <= 0) return priority;
  const hoursLeft = Math.max((Date.parse(session.needs.departureAt) - now.getTime()) / 3_600_000, 1 / 60);
  const phases = site.phases === 3 ? charger.phases : 1;
  const neededA = session.needs.energyWh / (hoursLeft * site.voltageV * phases);
  return priority * (1 + options.urgencyBoost * Math.min(1, neededA / capA));
};

interface Candidate {
  readonly session: AllocationSession;
  readonly rows: readonly number[];
  readonly floor: number;
  readonly cap: number;
  readonly weight: number;
  /** Smaller first, for a slot at the minimum current. */
  readonly order: readonly [number, number, number, string];
}

/**
 * The current limit of every session of a site, so that on every phase of the grid connection and of every
 * circuit, the sessions' limits plus what cannot be changed — the defaults of idle chargers, kept in reserve so a
 * session that starts on one stays within the limits before the next run, and sessions whose charger does not
 * take limits, counted at their last accepted limit or rated current — stay within the limit.
 *
 * Every session that charges gets at least the minimum current, or is paused (0 A). Who is paused rotates: a
 * session that has waited for `rotationSeconds` takes the slot of the one that has charged longest (past its own
 * `rotationSeconds`). What is left
 * above the minimum is shared by weighted water-filling (priority, urgency); a session that has drawn less than
 * its limit for `underUseSeconds` is capped just above what it draws, and gets its share back once it draws more
 * (the caller then clears `underUseSince`).
 */
export const allocate = (input: {
  readonly site: AllocationSite;
  readonly chargers: readonly AllocationCharger[];
  readonly sessions: readonly AllocationSession[];
  readonly rotation?: RotationState;
  readonly now: Date;
  readonly options?: Partial<AllocationOptions>;
}): Allocation => {
  const { site, now } = input;
  const options = { ...defaultAllocationOptions, ...input.options };
  const rows = buildRows(site, site.circuits);
  const spare = Float64Array.from(rows.limits);
  const chargers = new Map(input.chargers.map((charger) => [charger.chargerId, charger]));
  const take = (rowIds: readonly number[], currentA: number) => {
    for (const r of rowIds) spare[r]! -= currentA;
  };

  // What cannot be changed this run: idle chargers' defaults, and sessions on chargers that do not take limits.
  const busy = new Set(input.sessions.map((session) => session.chargerId));
  for (const charger of input.chargers)
    if (!busy.has(charger.chargerId))
      take(rows.rowsOf(charger), charger.defaultLimitA ?? charger.maxCurrentA);
  const limits: SessionLimit[] = [];
  const candidates: Candidate[] = [];
  for (const session of input.sessions) {
    const charger = chargers.get(session.chargerId);
    // Not a charger of this site (it moved away mid-session): its current counts against another site's limits.
    if (!charger) continue;
    const rowIds = rows.rowsOf(charger);
    if (session.charger === 'rejecting' || session.charger === 'unresponsive') {
      const budget = session.lastAcceptedLimitA ?? charger.maxCurrentA;
      take(rowIds, budget);
      limits.push({
        sessionId: session.sessionId,
        chargerId: charger.chargerId,
        limitA: budget,
        state: 'budgeted',
      });
      continue;
    }
    candidates.push(candidateOf(session, charger, rowIds, input, options));
  }
  const overloaded = overloadedRows(rows, spare);

  // Slots at the minimum current, in rotation order; a session that does not fit everywhere waits (0 A).
  candidates.sort((x, y) => compareOrder(x.order, y.order));
  const admitted: Candidate[] = [];
  const paused: Candidate[] = [];
  for (const candidate of candidates) {
    if (candidate.rows.every((r) => spare[r]! >= candidate.floor - epsilon)) {
      take(candidate.rows, candidate.floor);
      admitted.push(candidate);
    } else paused.push(candidate);
  }
  for (let r = 0; r < spare.length; r++) spare[r] = Math.max(0, spare[r]!);
  const filled = fillWeighted(
    spare,
    admitted.map((c): FillLoad => ({ rows: c.rows, weight: c.weight, floor: c.floor, cap: c.cap })),
  );

  const rotation: Record<string, { state: 'charging' | 'paused'; since: string }> = {};
  const at = now.toISOString();
  admitted.forEach((candidate, index) => {
    const { sessionId, chargerId } = candidate.session;
    limits.push({ sessionId, chargerId, limitA: tenthsDown(filled[index]!), state: 'charging' });
    const before = input.rotation?.[sessionId];
    rotation[sessionId] = before?.state === 'charging' ? before : { state: 'charging', since: at };
  });
  for (const { session } of paused) {
    limits.push({ sessionId: session.sessionId, chargerId: session.chargerId, limitA: 0, state: 'paused' });
    const before = input.rotation?.[session.sessionId];
    rotation[session.sessionId] = before?.state === 'paused' ? before : { state: 'paused', since: at };
  }
  return { limits, rotation, overloaded };
};

const candidateOf = (
  session: AllocationSession,
  charger: AllocationCharger,
  rowIds: readonly number[],
  input: Parameters<typeof allocate>[0],
  options: AllocationOptions,
): Candidate => {
  const { site, now } = input;
  let cap = Math.min(charger.maxCurrentA, session.evMaxCurrentA ?? Number.POSITIVE_INFINITY);
  const underUsing =
    session.underUseSince !== undefined &&
    session.measuredA !== undefined &&
    seconds(session.underUseSince, now) >= options.underUseSeconds;
  if (underUsing)
    cap = Math.min(cap, Math.max(site.minCurrentA, session.measuredA! + options.underUseMarginA));
  const floor = Math.min(site.minCurrentA, cap);
  const weight = weightOf(session, cap, charger, site, now, options);
  const before = input.rotation?.[session.sessionId];
  // 0: charging within its rotation period; 1: waiting for a whole period (longest first); 2: charging past its
  // period (the shortest-charging first, so the longest-charging is paused first); 3: waiting less than a
  // period (longest first), then new. A waiting session thus takes a slot once per period, never sooner: a
  // session kept at a rotation is not paused the next minute. Weight breaks ties.
  const sinceMs = before ? Date.parse(before.since) : now.getTime();
  const period = before ? seconds(before.since, now) >= options.rotationSeconds : false;
  const order: Candidate['order'] =
    before?.state === 'charging'
      ? period
        ? [2, -sinceMs, -weight, session.sessionId]
        : [0, -weight, 0, session.sessionId]
      : [period ? 1 : 3, sinceMs, -weight, session.sessionId];
  return { session, rows: rowIds, floor, cap, weight, order };
};

const compareOrder = (x: Candidate['order'], y: Candidate['order']): number =>
  x[0] - y[0] || x[1] - y[1] || x[2] - y[2] || (x[3] < y[3] ? -1 : x[3] > y[3] ? 1 : 0);

const overloadedRows = (rows: Rows, spare: Float64Array) =>
  [...spare]
    .map((value, r) => ({ row: rows.names[r]!, excessA: -value }))
    .filter((row) => row.excessA > epsilon);

/**
 * The `underUseSince` of a session after a meter value: kept (or started now) while it draws less than its limit
 * by more than the margin, cleared once it draws close to its limit again, which gives it its share back at the
 * next run.
 */
export const trackUnderUse = (
  session: Pick<AllocationSession, 'underUseSince'>,
  measuredA: number,
  limitA: number,
  now: Date,
  marginA = defaultAllocationOptions.underUseMarginA,
): string | undefined =>
  measuredA < limitA - marginA ? (session.underUseSince ?? now.toISOString()) : undefined;
