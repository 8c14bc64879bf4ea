import type { UptimeDayCounts, UptimeIncrement } from './model.ts';

/** A charger's uptime and session counters per local day of its site (`model.ts`), one item each. */
export interface UptimeCounters {
  /**
   * Adds to each day's counters atomically (an item created on first use), one write per day; `siteId` is kept
   * on the item so that a report can tell a charger's days at another site.
   */
  add(
    tenantId: string,
    chargerId: string,
    siteId: string | undefined,
    days: ReadonlyMap<string, UptimeIncrement>,
  ): Promise<void>;
  /** The stored days of a month (YYYY-MM), in day order. */
  listMonth(tenantId: string, chargerId: string, month: string): Promise<UptimeDayCounts[]>;
}

/** What the uptime slice adds to the dependencies. */
export interface UptimeDependencies {
  readonly uptimeCounters: UptimeCounters;
}
