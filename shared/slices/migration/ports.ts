import type { CohortDayCounts, CohortIncrement } from './model.ts';

/** Which session each imported external id became: the guard that makes a re-run import a session once. */
export interface SessionImportRegistry {
  /**
   * The session id of the external id: the stored one, or `candidate` if this call is the first (a conditional
   * write decides between concurrent first calls).
   */
  resolve(tenantId: string, externalId: string, candidate: string): Promise<string>;
}

/** A cohort's counters per UTC day (`model.ts`), one item each. */
export interface CohortCounters {
  /** Adds to the day's counters atomically (an item created on first use). */
  add(tenantId: string, cohort: string, day: string, increment: CohortIncrement): Promise<void>;
  /** The stored days from `from` to `to` (YYYY-MM-DD, both included), in day order. */
  list(tenantId: string, cohort: string, from: string, to: string): Promise<CohortDayCounts[]>;
  /** Whether any day of the cohort was ever counted (a cohort the tenant never had is unknown). */
  exists(tenantId: string, cohort: string): Promise<boolean>;
}

/** What the migration slice adds to the dependencies. */
export interface MigrationDependencies {
  readonly sessionImports: SessionImportRegistry;
  readonly cohortCounters: CohortCounters;
}
