/*
 * Fleet migration from another CSMS: what the bulk imports answer per row, and the cohort counters.
 */

/** Rows per import request: about 200 KB of JSON at most, well within the API's 29 s. */
export const maxImportRowsPerRequest = 1000;

/** Rows written at a time by one import: fast for a fleet, gentle on the table's write capacity. */
export const importConcurrency = 10;

export type ImportRowStatus = 'created' | 'updated' | 'unchanged' | 'error';

export type ImportErrorCode =
  | 'invalid_request'
  | 'duplicate'
  | 'unknown_tariff'
  | 'unknown_charger'
  | 'forbidden'
  | 'conflict';

/** What an import answers for one row (numbered from 1, in the request's order). */
export interface ImportRowResult {
  readonly row: number;
  readonly status: ImportRowStatus;
  readonly error?: { readonly code: ImportErrorCode; readonly message: string };
}

export const rowError = (row: number, code: ImportErrorCode, message: string) => ({
  row,
  status: 'error' as const,
  error: { code, message },
});

/** How many rows ended in each status: the summary of an import's answer. */
export const countStatuses = (results: readonly ImportRowResult[]): Record<ImportRowStatus, number> => {
  const counts: Record<ImportRowStatus, number> = { created: 0, updated: 0, unchanged: 0, error: 0 };
  for (const result of results) counts[result.status] += 1;
  return counts;
};

/** What a cohort's chargers did on one UTC day: counters the connection, session and billing paths add to. */
export interface CohortDayCounts {
  /** YYYY-MM-DD (UTC). */
  readonly day: string;
  readonly connections: number;
  readonly disconnections: number;
  readonly sessionsStarted: number;
  readonly sessionsEnded: number;
  /** Ended with no energy delivered. */
  readonly zeroEnergySessions: number;
  /** Authorize answered with anything but Accepted. */
  readonly rejectedAuthorizations: number;
  /** Billed sessions (CDRs issued, credits not counted) and their totals incl. VAT, minor units, per currency. */
  readonly billed: Readonly<Record<string, { readonly sessions: number; readonly totalInclVat: number }>>;
}

/** The counters one event adds (absent: 0). */
export type CohortIncrement = Partial<
  Omit<CohortDayCounts, 'day' | 'billed'> & {
    readonly billed: { readonly currency: string; readonly sessions: number; readonly totalInclVat: number };
  }
>;

export const cohortCounterNames = [
  'connections',
  'disconnections',
  'sessionsStarted',
  'sessionsEnded',
  'zeroEnergySessions',
  'rejectedAuthorizations',
] as const;

/** The UTC day of an ISO-8601 time. */
export const dayOf = (at: string): string => new Date(at).toISOString().slice(0, 10);
