import type { Dependencies } from '../dependencies.ts';
import { type CohortDayCounts, type CohortIncrement, dayOf } from './model.ts';

/*
 * Migration cohorts: an operator tags a few chargers (`cohort`), points them at this CSMS and watches them day by
 * day before the next group. The connection, session and billing paths add to a counter item per cohort and UTC
 * day (`recordCohortActivity`; only for chargers with a cohort, so the rest of the fleet pays nothing); the report
 * is the pure aggregation below over the days asked for.
 */

/** Adds to the cohort's counters of the day of `at`. A charger without a cohort changes nothing (no write). */
export const recordCohortActivity = async (
  deps: Pick<Dependencies, 'cohortCounters'>,
  input: { tenantId: string; cohort: string | undefined; at: string; add: CohortIncrement },
): Promise<void> => {
  if (input.cohort === undefined) return;
  await deps.cohortCounters.add(input.tenantId, input.cohort, dayOf(input.at), input.add);
};

export interface CohortDayReport extends CohortDayCounts {
  /** Sessions that ended with no energy, plus refused authorizations. */
  readonly sessionsFailed: number;
  /** Share of ended sessions that delivered energy (0..1); absent on a day without ended sessions. */
  readonly sessionSuccessRate?: number;
}

export interface CohortReport {
  readonly cohort: string;
  readonly from: string;
  readonly to: string;
  readonly days: readonly CohortDayReport[];
  readonly totals: Omit<CohortDayReport, 'day'>;
}

const zeroDay = (day: string): CohortDayCounts => ({
  day,
  connections: 0,
  disconnections: 0,
  sessionsStarted: 0,
  sessionsEnded: 0,
  zeroEnergySessions: 0,
  rejectedAuthorizations: 0,
  billed: {},
});

/** Every UTC day from `from` to `to` (YYYY-MM-DD, both included). */
export const daysBetween = (from: string, to: string): string[] => {
  const days: string[] = [];
  for (let at = Date.parse(`${from}T00:00:00Z`); at <= Date.parse(`${to}T00:00:00Z`); at += 86_400_000)
    days.push(new Date(at).toISOString().slice(0, 10));
  return days;
};

const withRates = (counts: CohortDayCounts): CohortDayReport => {
  const delivered = counts.sessionsEnded - counts.zeroEnergySessions;
  return {
    ...counts,
    sessionsFailed: counts.zeroEnergySessions + counts.rejectedAuthorizations,
    ...(counts.sessionsEnded > 0 && {
      sessionSuccessRate: Math.round((delivered / counts.sessionsEnded) * 10_000) / 10_000,
    }),
  };
};

/** Adds two days' counters (the billed totals per currency). */
export const addCounts = (a: CohortDayCounts, b: CohortDayCounts): CohortDayCounts => {
  const billed: Record<string, { sessions: number; totalInclVat: number }> = {};
  for (const [currency, amount] of [...Object.entries(a.billed), ...Object.entries(b.billed)]) {
    const sum = billed[currency] ?? { sessions: 0, totalInclVat: 0 };
    billed[currency] = {
      sessions: sum.sessions + amount.sessions,
      totalInclVat: sum.totalInclVat + amount.totalInclVat,
    };
  }
  return {
    day: a.day,
    connections: a.connections + b.connections,
    disconnections: a.disconnections + b.disconnections,
    sessionsStarted: a.sessionsStarted + b.sessionsStarted,
    sessionsEnded: a.sessionsEnded + b.sessionsEnded,
    zeroEnergySessions: a.zeroEnergySessions + b.zeroEnergySessions,
    rejectedAuthorizations: a.rejectedAuthorizations + b.rejectedAuthorizations,
    billed,
  };
};

/**
 * The cohort's report: a row per day from `from` to `to` (a day without activity is all zeros), with the failed
 * sessions and the success rate derived, and the totals of the period.
 */
export const buildCohortReport = (
  cohort: string,
  from: string,
  to: string,
  stored: readonly CohortDayCounts[],
): CohortReport => {
  const byDay = new Map(stored.map((counts) => [counts.day, counts]));
  const days = daysBetween(from, to).map((day) => byDay.get(day) ?? zeroDay(day));
  const { day: _day, ...totals } = withRates(days.reduce(addCounts, zeroDay(from)));
  return { cohort, from, to, days: days.map(withRates), totals };
};

/** Most days one report covers: a quarter, one query of the cohort's partition. */
export const maxCohortReportDays = 92;

export const getCohortReport = async (
  deps: Pick<Dependencies, 'cohortCounters'>,
  input: { tenantId: string; cohort: string; from: string; to: string },
): Promise<CohortReport> =>
  buildCohortReport(
    input.cohort,
    input.from,
    input.to,
    await deps.cohortCounters.list(input.tenantId, input.cohort, input.from, input.to),
  );
