import type { Page } from '../../kernel/ports.ts';
import type { TariffHead, TariffVersion } from './model.ts';

export interface BillingRepository {
  /**
   * Records a finished session awaiting pricing; returns false if it was already recorded. With a
   * `sessionVersion`, a record of an older version still awaiting pricing is replaced (a correction came before
   * pricing); a priced one is left to billing's credit and rebill.
   */
  recordPending(record: {
    tenantId: string;
    sessionId: string;
    chargerId: string;
    energyWh: number;
    endedAt: string;
    recordedAt: string;
    sessionVersion?: number;
  }): Promise<boolean>;
}

/** A tenant's tariffs and every version they had; versions are never changed once written. */
export interface TariffRepository {
  /**
   * Makes `head` (version n + 1) the tariff's latest version if its latest is still `expectedVersion` (0: the
   * tariff never existed) and keeps it as a version of its own; false when another write came first.
   */
  putVersion(head: TariffHead, expectedVersion: number): Promise<boolean>;
  /** The tariff as it is now, deleted ones included (their `deletedAt` is set). */
  get(tenantId: string, tariffId: string): Promise<TariffHead | undefined>;
  getVersion(tenantId: string, tariffId: string, version: number): Promise<TariffVersion | undefined>;
  /** The version whose `validFrom` is the latest at or before `at`, if the tariff was not deleted by then. */
  versionInForceAt(tenantId: string, tariffId: string, at: string): Promise<TariffVersion | undefined>;
  /** The tariffs not deleted, in id order. */
  list(tenantId: string, query: { limit: number; cursor?: string }): Promise<Page<TariffHead>>;
  /** Marks the tariff deleted (its versions stay); returns it, or undefined when there was none to delete. */
  markDeleted(tenantId: string, tariffId: string, deletedAt: string): Promise<TariffHead | undefined>;
  /** The id of the tenant's default tariff. */
  getDefault(tenantId: string): Promise<string | undefined>;
  setDefault(tenantId: string, tariffId: string): Promise<void>;
  /** Clears the default only if it is this tariff. */
  clearDefault(tenantId: string, tariffId: string): Promise<void>;
}

/**
 * Which meter-value samples of a session are priced for its charger's display (running cost): pricing reads
 * the session's meter values, so a sample is priced only when the interval since the last priced one is over.
 */
export interface RunningCostGate {
  /** Whether the sample of `sessionId` taken at `at` (UTC ISO-8601) is to be priced. */
  due(sessionId: string, at: string): boolean;
}

/** What the billing slice adds to the dependencies. */
export interface BillingDependencies {
  readonly billing: BillingRepository;
  readonly tariffs: TariffRepository;
  /** When a charger is told a session's running cost (`RUNNING_COST_INTERVAL_SECONDS`). */
  readonly runningCosts: RunningCostGate;
}
