import type { Page } from '../../kernel/ports.ts';
import type { AllocationHistoryEntry, LoadManagementSettings, SiteAllocations } from './model.ts';

/** A site's load-management settings, one item per site. */
export interface LoadManagementRepository {
  get(tenantId: string, siteId: string): Promise<LoadManagementSettings | undefined>;
  put(settings: LoadManagementSettings): Promise<void>;
  /** Returns false when the site was not managed. */
  delete(tenantId: string, siteId: string): Promise<boolean>;
}

/** The fail-safe default of each charger of a managed site, on the charger's own item. */
export interface FailSafeRepository {
  /** The limit planned for the charger (`null`: none, its site is no longer managed; clears the accepted one too). */
  plan(tenantId: string, chargerId: string, limitA: number | null): Promise<boolean>;
  /** The limit the charger accepted: one write per accepted default. */
  recordAccepted(
    tenantId: string,
    chargerId: string,
    accepted: { limitA: number; at: string },
  ): Promise<boolean>;
}

/** A site's live allocations (one item) and the history of limits sent (items with a TTL). */
export interface AllocationStore {
  get(tenantId: string, siteId: string): Promise<SiteAllocations | undefined>;
  put(allocations: SiteAllocations): Promise<void>;
  /** Appends the limits sent (idempotent: one item per site, time, charger and EVSE). */
  record(entries: readonly AllocationHistoryEntry[]): Promise<void>;
  /** Newest first. */
  history(
    tenantId: string,
    siteId: string,
    query: { readonly limit: number; readonly cursor?: string },
  ): Promise<Page<AllocationHistoryEntry>>;
}

/**
 * One load-balancing run at a time per site. Each trigger bumps the site's `requested` counter; a run takes the
 * lock (a lease, so a run that died frees it), balances what was requested up to then, and gives the lock back
 * only if nothing was requested meanwhile — otherwise it runs again. Triggers that arrive while a run holds the
 * lock are folded into its next round: a later trigger supersedes a waiting one, and no two runs interleave.
 */
export interface LoadRunLock {
  /**
   * Records a trigger; returns the site's new request counter and, if a run holds the lock, which run and until
   * when (so that a trigger a live run will cover ends without a second write).
   */
  request(
    tenantId: string,
    siteId: string,
  ): Promise<{ requested: number; holder?: { runId: string; lockedUntil: string } }>;
  /**
   * Takes the lock for `runId` until `now + leaseSeconds` if it is free, lapsed, or already `runId`'s (a retried
   * task); returns the request counter it covers, or undefined when another live run holds it.
   */
  acquire(
    tenantId: string,
    siteId: string,
    runId: string,
    now: Date,
    leaseSeconds: number,
  ): Promise<number | undefined>;
  /**
   * Gives the lock back if `runId` holds it and nothing was requested after `generation`: `released`. Requested
   * meanwhile: the lock is kept (lease renewed) and the new counter returned, for another round. `lost`: the
   * lease lapsed and another run took it.
   */
  release(
    tenantId: string,
    siteId: string,
    runId: string,
    generation: number,
    now: Date,
    leaseSeconds: number,
  ): Promise<{ outcome: 'released' } | { outcome: 'again'; generation: number } | { outcome: 'lost' }>;
}

/** What the load-management slice adds to the dependencies. */
export interface LoadManagementDependencies {
  readonly loadManagement: LoadManagementRepository;
  readonly failSafes: FailSafeRepository;
  readonly allocations: AllocationStore;
  readonly loadRuns: LoadRunLock;
}
