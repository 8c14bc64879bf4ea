import type { Page } from '../../kernel/ports.ts';
import type { Cdr, CdrKind } from './cdr.ts';
import type { BillingLedger } from './ledger.ts';

// The ledger's records, as the ports carry them (adapters take them from here).
export type { BillingLedger, Cdr, CdrKind };

/** What a CDR id names: its session, the version it bills (a credit: the one it credits) and its kind. */
export interface CdrRef {
  readonly sessionId: string;
  readonly sessionVersion: number;
  readonly kind: CdrKind;
}

import type { TariffHead, TariffVersion } from './model.ts';

export interface CdrQuery {
  /** Issued at or after (ISO-8601 UTC). */
  readonly from?: string;
  /** Issued before. */
  readonly to?: string;
  readonly limit: number;
  readonly cursor?: string;
}

export interface BillingRepository {
  /** The session's billing ledger, if it was ever billed. */
  getLedger(tenantId: string, sessionId: string): Promise<BillingLedger | undefined>;
  /**
   * Writes `ledger` if the stored one is still at `expectedRevision` (0: none yet); false when another
   * billing came first. The one conditional write that decides what a session is issued.
   */
  claimLedger(ledger: BillingLedger, expectedRevision: number): Promise<boolean>;
  /** Writes a CDR item unless it exists (CDRs never change); false when it was there already. */
  putCdr(cdr: Cdr): Promise<boolean>;
  /** Marks the ledger's pending CDRs published and drops them from it (the CDR items hold them), if it is still at `revision`. */
  markLedgerPublished(tenantId: string, sessionId: string, revision: number): Promise<void>;
  getCdr(tenantId: string, ref: CdrRef): Promise<Cdr | undefined>;
  /** The tenant's CDRs by issue time, oldest first. */
  listCdrs(tenantId: string, query: CdrQuery): Promise<Page<Cdr>>;
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
