import { type GhostCounter, maxGhostSessions, type RecordedOutcome, type SessionOutcome } from './model.ts';

/** What a TransactionEnded event says of the session, for ghost detection. */
export interface EndedSession {
  readonly idToken?: string;
  readonly stoppedReason?: string;
  readonly energyWh: number;
  /** Two distinct energy register readings (absent on events published before the field). */
  readonly metered?: boolean;
  /** Present when the charger reported charging states: whether one was `Charging`. */
  readonly chargingStarted?: boolean;
}

/**
 * Whether an ended session failed. Only authorised sessions count: one with a token the CSMS did not stop
 * (`DeAuthorized`); one without a token, or refused, says nothing of the charger (`unknown`). Energy delivered is
 * a success; a measured zero is a failure (even if the charger said `Charging`: it delivered nothing). Without
 * meter readings the charging states decide: never `Charging`, the EV never started charging (a failure);
 * `Charging` seen, a success; neither readings nor states: `unknown`.
 */
export const sessionOutcome = (session: EndedSession): SessionOutcome => {
  if (!session.idToken || session.stoppedReason === 'DeAuthorized') return 'unknown';
  if (session.energyWh > 0) return 'succeeded';
  if (session.metered === true) return 'failed';
  if (session.chargingStarted === false) return 'failed';
  if (session.chargingStarted === true) return 'succeeded';
  return 'unknown';
};

const newestFirst = (a: RecordedOutcome, b: RecordedOutcome) =>
  a.endedAt === b.endedAt ? b.sessionId.localeCompare(a.sessionId) : b.endedAt.localeCompare(a.endedAt);

/**
 * The counter with one more session outcome, newest first, at most `maxGhostSessions`: unchanged (`changed`
 * false) for a session it holds already (a repeated event) or one older than all it keeps when full.
 */
export const recordOutcome = (
  counter: GhostCounter,
  outcome: RecordedOutcome,
): { counter: GhostCounter; changed: boolean } => {
  if (counter.outcomes.some((kept) => kept.sessionId === outcome.sessionId))
    return { counter, changed: false };
  const outcomes = [...counter.outcomes, outcome].sort(newestFirst).slice(0, maxGhostSessions);
  if (!outcomes.includes(outcome)) return { counter, changed: false };
  return { counter: { ...counter, outcomes }, changed: true };
};

/**
 * The failed sessions in a row, newest first: up to the newest success, or to the session the last ghost
 * incident was opened for (those were reported once).
 */
export const failedRun = (counter: Pick<GhostCounter, 'outcomes' | 'reportedThrough'>): string[] => {
  const run: string[] = [];
  for (const kept of counter.outcomes) {
    if (kept.outcome !== 'failed' || kept.sessionId === counter.reportedThrough) break;
    run.push(kept.sessionId);
  }
  return run;
};

/** The charger as the platform knows it now. */
export interface ChargerPresence {
  /** It has a connection. */
  readonly online: boolean;
  /** None of its connectors is Faulted or Unavailable (a connector still Finishing after the stop is usable). */
  readonly available: boolean;
}

export type GhostDecision =
  | { readonly action: 'open'; readonly sessionIds: readonly string[] }
  | { readonly action: 'resolve'; readonly incidentId: string }
  | {
      readonly action: 'none';
      readonly reason: 'off' | 'alreadyOpen' | 'fewerFailures' | 'offline' | 'unavailable';
    };

/**
 * Whether the charger's counter, just given its newest outcome, opens a ghost incident: the last `ghostSessions`
 * authorised sessions all failed (a success in between starts the count again), the charger is online and
 * Available, and it has no open ghost incident. A newest success resolves the open one. `charger` is only looked
 * at when the failures are enough (its reading costs a query); unknown: not online.
 */
export const ghostDecision = (input: {
  readonly ghostSessions: number;
  readonly counter: Pick<GhostCounter, 'outcomes' | 'reportedThrough' | 'openIncident'>;
  readonly charger?: ChargerPresence;
}): GhostDecision => {
  const { ghostSessions, counter, charger } = input;
  if (ghostSessions <= 0) return { action: 'none', reason: 'off' };
  if (counter.openIncident) {
    if (counter.outcomes[0]?.outcome === 'succeeded')
      return { action: 'resolve', incidentId: counter.openIncident.incidentId };
    return { action: 'none', reason: 'alreadyOpen' };
  }
  const run = failedRun(counter);
  if (run.length < ghostSessions) return { action: 'none', reason: 'fewerFailures' };
  if (!charger?.online) return { action: 'none', reason: 'offline' };
  if (!charger.available) return { action: 'none', reason: 'unavailable' };
  return { action: 'open', sessionIds: run.slice(0, ghostSessions) };
};
