import type { Page } from '../../kernel/ports.ts';
import type { Charger, ChargerView } from '../chargers/model.ts';
import type { Dependencies } from '../dependencies.ts';
import {
  addUptimeCounts,
  closedIntervals,
  figuresOf,
  incrementsOfIntervals,
  isOfflineGap,
  localDayBounds,
  rollUp,
  type UptimeDayCounts,
  type UptimeFigures,
  type UptimeIncrement,
  zeroUptimeDay,
} from './model.ts';
import { timeZoneOf } from './record.ts';

export interface ChargerMonth {
  readonly chargerId: string;
  readonly siteId?: string;
  readonly timeZone: string;
  /** The days with anything counted, in order. */
  readonly days: readonly (UptimeFigures & { readonly day: string })[];
  readonly totals: UptimeFigures;
}

export interface UptimeReport {
  readonly month: string;
  readonly chargers: readonly ChargerMonth[];
  /** Per site of this page's chargers (`none`: chargers without a site). */
  readonly sites: readonly { readonly siteId: string; readonly totals: UptimeFigures }[];
  /** This page's chargers together (the tenant's, on a single page). */
  readonly totals: UptimeFigures;
  readonly cursor?: string;
}

/**
 * The interval still open at `now`: each connector's current status from when it counts (or the month's start)
 * to now (or the month's end); if its charger has been disconnected for longer than the grace, offline from its
 * last-seen time (a shorter gap is a routine reconnect under way: its previous status holds). Counted in the
 * report only: the stored days get it when the next status closes it (and the gap when the charger reconnects).
 */
export const openIntervalDays = (
  view: Pick<ChargerView, 'connectors' | 'connection'> & { readonly charger: Pick<Charger, 'lastSeenAt'> },
  month: string,
  timeZone: string,
  now: number,
): Map<string, UptimeIncrement> => {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const start = localDayBounds(`${month}-01`, timeZone).start;
  const next = m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
  const end = Math.min(localDayBounds(`${next}-01`, timeZone).start, now);
  const lastSeenAt = view.charger.lastSeenAt ? Date.parse(view.charger.lastSeenAt) : undefined;
  const offlineAt =
    !view.connection && lastSeenAt !== undefined && isOfflineGap(lastSeenAt, now) ? lastSeenAt : undefined;
  const intervals = view.connectors
    .filter((connector) => connector.evseId !== 0)
    .flatMap((connector) =>
      closedIntervals({
        previousStatus: connector.status,
        previousAt: Date.parse(connector.uptimeFrom ?? connector.statusAt),
        at: end,
        ...(offlineAt !== undefined && { offlineAt }),
      }),
    )
    .map((interval) => ({ ...interval, from: Math.max(interval.from, start) }))
    .filter((interval) => interval.to > interval.from);
  return incrementsOfIntervals(intervals, timeZone);
};

/** A charger's month: its stored days plus the open interval, per day and in total. */
export const buildChargerMonth = (
  view: ChargerView,
  timeZone: string,
  stored: readonly UptimeDayCounts[],
  open: ReadonlyMap<string, UptimeIncrement>,
): ChargerMonth & { counts: UptimeDayCounts } => {
  const byDay = new Map(stored.map((counts) => [counts.day, counts]));
  for (const [day, increment] of open)
    byDay.set(day, addUptimeCounts(byDay.get(day) ?? zeroUptimeDay(day), increment));
  const days = [...byDay.values()].sort((a, b) => a.day.localeCompare(b.day));
  const counts = rollUp(days);
  return {
    chargerId: view.charger.chargerId,
    ...(view.charger.siteId && { siteId: view.charger.siteId }),
    timeZone,
    days: days.map(({ day, ...rest }) => ({ day, ...figuresOf(rest) })),
    totals: figuresOf(counts),
    counts,
  };
};

/** Sites and the page's total, from the chargers' months. */
export const rollUpChargers = (
  months: readonly (ChargerMonth & { counts: UptimeDayCounts })[],
): Pick<UptimeReport, 'sites' | 'totals'> => {
  const bySite = new Map<string, UptimeDayCounts[]>();
  for (const month of months) {
    const siteId = month.siteId ?? 'none';
    bySite.set(siteId, [...(bySite.get(siteId) ?? []), month.counts]);
  }
  return {
    sites: [...bySite].map(([siteId, counts]) => ({ siteId, totals: figuresOf(rollUp(counts)) })),
    totals: figuresOf(rollUp(months.map((month) => month.counts))),
  };
};

/**
 * The month (YYYY-MM, in each site's time zone) of a page of chargers (or of one): a query of each charger's
 * uptime partition, and the sites' time zones (one read per site).
 */
export const getUptimeReport = async (
  deps: Pick<Dependencies, 'chargers' | 'uptimeCounters' | 'sites' | 'clock'>,
  input: {
    tenantId: string;
    month: string;
    /** Chargers already chosen (one charger), or the listing's page. */
    page: Page<ChargerView>;
  },
): Promise<UptimeReport> => {
  const now = deps.clock.now().getTime();
  const zones = new Map<string, Promise<string>>();
  const zoneOf = (siteId: string | undefined) => {
    const key = siteId ?? '';
    let zone = zones.get(key);
    if (!zone) {
      zone = timeZoneOf(deps, input.tenantId, siteId);
      zones.set(key, zone);
    }
    return zone;
  };
  const months = await Promise.all(
    input.page.items.map(async (view) => {
      const timeZone = await zoneOf(view.charger.siteId);
      const stored = await deps.uptimeCounters.listMonth(input.tenantId, view.charger.chargerId, input.month);
      return buildChargerMonth(view, timeZone, stored, openIntervalDays(view, input.month, timeZone, now));
    }),
  );
  return {
    month: input.month,
    chargers: months.map(({ counts: _counts, ...month }) => month),
    ...rollUpChargers(months),
    ...(input.page.cursor && { cursor: input.page.cursor }),
  };
};
