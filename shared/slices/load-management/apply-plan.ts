import type { AllocationSession, SessionLimit } from './allocation.ts';
import type { SessionAllocation } from './model.ts';

/**
 * The pure half of applying an allocation: what each session may draw now, which limits are reductions (sent
 * first) and which increases (sent only once every reduction was accepted), and what a charger's answers make of
 * its allocation record.
 */

/** Rejected this many times in a row, a charger is flagged: budgeted at its rated current, retried after a back-off. */
export const rejectingAfter = 3;

/** The back-off before a flagged charger is sent a profile again: one minute, doubling, at most an hour. */
export const retryBackoffSeconds = (rejections: number): number =>
  Math.min(60 * 2 ** Math.max(0, rejections - rejectingAfter), 3600);

/**
 * The most a session may be drawing now, as far as the CSMS knows. Before any TxProfile: its charger's fail-safe
 * default (`defaultA`, the TxDefaultProfile installed at boot, which the allocation keeps in reserve for every
 * idle charger; absent: its rated current). Then the last limit the charger accepted; while a limit is sent and
 * unanswered (or a run failed mid-way), the higher of that and the one sent; a charger that refused or left
 * unanswered every TxProfile of the session, or is flagged, its rated current.
 */
export const possibleDrawA = (
  record: SessionAllocation | undefined,
  ratedA: number,
  defaultA: number = ratedA,
): number => {
  if (!record) return defaultA;
  if (record.flagged) return ratedA;
  const accepted = record.acceptedLimitA ?? ratedA;
  return record.status === 'Pending' || record.status === 'Unanswered'
    ? Math.max(accepted, record.limitA)
    : accepted;
};

/** What the allocation is told of a session's charger: whether it takes limits now, and what it is counted at. */
export const chargerStateOf = (
  record: SessionAllocation | undefined,
  input: { ratedA: number; defaultA?: number; online: boolean; now: Date },
): Pick<AllocationSession, 'charger' | 'lastAcceptedLimitA'> => {
  if (record?.flagged && record.retryAt !== undefined && record.retryAt > input.now.toISOString())
    return { charger: 'rejecting' };
  if (!input.online)
    return {
      charger: 'unresponsive',
      lastAcceptedLimitA: possibleDrawA(record, input.ratedA, input.defaultA),
    };
  return { charger: 'accepting' };
};

export interface PlannedProfile {
  readonly sessionId: string;
  readonly chargerId: string;
  readonly limitA: number;
  /** What it may draw until the charger accepts this. */
  readonly fromA: number;
  readonly kind: 'reduction' | 'increase' | 'renewal';
}

/**
 * The profiles to send for an allocation. A limit below what the session may draw now is a reduction; above it,
 * an increase; the same limit is sent again only when its lease runs out within `renewWithinSeconds` (a renewal,
 * which raises nothing, goes with the reductions). Budgeted sessions get nothing.
 */
export const planProfiles = (input: {
  readonly limits: readonly SessionLimit[];
  readonly records: ReadonlyMap<string, SessionAllocation>;
  readonly ratedA: (chargerId: string) => number;
  /** The charger's fail-safe default, what a session draws before its first TxProfile. */
  readonly defaultA?: (chargerId: string) => number;
  readonly now: Date;
  readonly leaseSeconds: number;
  readonly renewWithinSeconds: number;
}): { reductions: PlannedProfile[]; increases: PlannedProfile[] } => {
  const reductions: PlannedProfile[] = [];
  const increases: PlannedProfile[] = [];
  for (const limit of input.limits) {
    if (limit.state === 'budgeted') continue;
    const record = input.records.get(limit.sessionId);
    const fromA = possibleDrawA(record, input.ratedA(limit.chargerId), input.defaultA?.(limit.chargerId));
    const planned = { sessionId: limit.sessionId, chargerId: limit.chargerId, limitA: limit.limitA, fromA };
    if (limit.limitA > fromA) increases.push({ ...planned, kind: 'increase' });
    else if (limit.limitA < fromA) reductions.push({ ...planned, kind: 'reduction' });
    // The same limit: sent again if the charger never took it, or its lease is running out.
    else if (
      record?.status !== 'Accepted' ||
      record.limitA !== limit.limitA ||
      (input.leaseSeconds > 0 && leaseEndsWithin(record, input.now, input.renewWithinSeconds))
    )
      reductions.push({ ...planned, kind: 'renewal' });
  }
  return { reductions, increases };
};

const leaseEndsWithin = (record: SessionAllocation, now: Date, seconds: number): boolean =>
  record.validTo === undefined || Date.parse(record.validTo) - now.getTime() <= seconds * 1000;

/** What the charger made of a profile: its answer, or none (timed out, offline, failed). */
export type ProfileOutcome = 'Accepted' | 'Rejected' | 'Unanswered';

/** The session's allocation record after a profile was sent and answered (or not). */
export const recordAfter = (
  previous: SessionAllocation | undefined,
  sent: Omit<SessionAllocation, 'status' | 'rejections' | 'acceptedLimitA' | 'flagged' | 'retryAt'>,
  outcome: ProfileOutcome,
  now: Date,
): SessionAllocation => {
  const base = {
    ...sent,
    ...(previous?.acceptedLimitA !== undefined && { acceptedLimitA: previous.acceptedLimitA }),
  };
  if (outcome === 'Accepted')
    return { ...base, acceptedLimitA: sent.limitA, status: 'Accepted', rejections: 0 };
  if (outcome === 'Unanswered')
    return { ...base, status: 'Unanswered', rejections: previous?.rejections ?? 0 };
  const rejections = (previous?.rejections ?? 0) + 1;
  if (rejections < rejectingAfter) return { ...base, status: 'Rejected', rejections };
  return {
    ...base,
    status: 'Budgeted',
    rejections,
    flagged: true,
    retryAt: new Date(now.getTime() + retryBackoffSeconds(rejections) * 1000).toISOString(),
  };
};
