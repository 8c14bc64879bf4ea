import { instantOfLocal, localTimeOf, nextDay } from '../billing/local-time.ts';

/*
 * Uptime: the share of time each connector was usable, from its status history.
 *
 * - usable: Available, Preparing, Charging, SuspendedEV, SuspendedEVSE, Finishing, Reserved, Occupied (a
 *   connector a driver can use or is using);
 * - down (counted, not usable): Faulted, and Offline (the charger had no connection for longer than
 *   `reconnectGraceMs`: a routine reconnect keeps the previous status);
 * - planned maintenance (excluded from the denominator): Unavailable. OCPP only enters it on the operator's
 *   ChangeAvailability (Inoperative) or for a scheduled action of the charger (a firmware update, a reset the
 *   operator asked for), never for a fault: that is what Faulted says.
 *
 * availability = usable / (usable + down). Times are milliseconds; days are local days of the site's time zone
 * (23 or 25 hours on DST days), so a month is the site's calendar month.
 */

export type UptimeClass = 'usable' | 'down' | 'maintenance';

/** The pseudo-status of a connector while its charger has no connection. */
export const offlineStatus = 'Offline';

const usableStatuses = new Set([
  'Available',
  'Preparing',
  'Charging',
  'SuspendedEV',
  'SuspendedEVSE',
  'Finishing',
  'Reserved',
  'Occupied',
]);

export const classifyStatus = (status: string): UptimeClass => {
  if (usableStatuses.has(status)) return 'usable';
  if (status === 'Unavailable') return 'maintenance';
  // Faulted, Offline and anything unknown: not usable.
  return 'down';
};

/** One stretch of a connector's history: `status` from `from` to `to` (epoch ms, `to` excluded). */
export interface StatusInterval {
  readonly status: string;
  readonly from: number;
  readonly to: number;
}

/** What a charger's connectors did on one local day: the counters the per-day item adds up. */
export interface UptimeDayCounts {
  /** YYYY-MM-DD in the site's time zone. */
  readonly day: string;
  readonly usableMs: number;
  /** Faulted or unknown. */
  readonly faultedMs: number;
  readonly offlineMs: number;
  /** Planned maintenance (Unavailable): excluded from the denominator. */
  readonly maintenanceMs: number;
  readonly sessionsEnded: number;
  /** Ended sessions that delivered energy. */
  readonly sessionsSucceeded: number;
  readonly energyWh: number;
  /** Changes to Faulted, per error code (`NoError` or absent: `unknown`). */
  readonly faults: Readonly<Record<string, number>>;
}

/** What one event adds to a day (absent: 0). */
export type UptimeIncrement = Partial<Omit<UptimeDayCounts, 'day'>>;

export const uptimeCounterNames = [
  'usableMs',
  'faultedMs',
  'offlineMs',
  'maintenanceMs',
  'sessionsEnded',
  'sessionsSucceeded',
  'energyWh',
] as const;

export const zeroUptimeDay = (day: string): UptimeDayCounts => ({
  day,
  usableMs: 0,
  faultedMs: 0,
  offlineMs: 0,
  maintenanceMs: 0,
  sessionsEnded: 0,
  sessionsSucceeded: 0,
  energyWh: 0,
  faults: {},
});

/** The local day (YYYY-MM-DD) of an instant in the time zone. */
export const localDayOf = (epochMs: number, timeZone: string): string => localTimeOf(epochMs, timeZone).date;

const parseDay = (day: string) => {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return { year, month, day: date };
};

/** A local day's bounds (epoch ms, end excluded): 23 hours when clocks go forward, 25 when they go back. */
export const localDayBounds = (day: string, timeZone: string): { start: number; end: number } => {
  const date = parseDay(day);
  return { start: instantOfLocal(date, 0, timeZone), end: instantOfLocal(nextDay(date), 0, timeZone) };
};

/** Every local day of a month (YYYY-MM). */
export const daysOfMonth = (month: string): string[] => {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const count = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return Array.from({ length: count }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
};

/** An interval cut at the local midnights it spans: `[day, ms]` per day, in order. */
export const splitByLocalDay = (
  interval: Pick<StatusInterval, 'from' | 'to'>,
  timeZone: string,
): Array<readonly [string, number]> => {
  const pieces: Array<readonly [string, number]> = [];
  let at = interval.from;
  while (at < interval.to) {
    const day = localDayOf(at, timeZone);
    const end = Math.min(localDayBounds(day, timeZone).end, interval.to);
    pieces.push([day, end - at]);
    at = end;
  }
  return pieces;
};

type TimeCounters = Record<'usableMs' | 'faultedMs' | 'offlineMs' | 'maintenanceMs', number>;

const counterOf = (status: string): 'usableMs' | 'faultedMs' | 'offlineMs' | 'maintenanceMs' => {
  if (status === offlineStatus) return 'offlineMs';
  const kind = classifyStatus(status);
  return kind === 'usable' ? 'usableMs' : kind === 'maintenance' ? 'maintenanceMs' : 'faultedMs';
};

/** What closed intervals add to each local day they span (a day per key, in order). */
export const incrementsOfIntervals = (
  intervals: readonly StatusInterval[],
  timeZone: string,
): Map<string, TimeCounters> => {
  const byDay = new Map<string, TimeCounters>();
  for (const interval of intervals) {
    const counter = counterOf(interval.status);
    for (const [day, ms] of splitByLocalDay(interval, timeZone)) {
      const sums = byDay.get(day) ?? { usableMs: 0, faultedMs: 0, offlineMs: 0, maintenanceMs: 0 };
      sums[counter] += ms;
      byDay.set(day, sums);
    }
  }
  return byDay;
};

/**
 * How long a charger may be without a connection and still count as online with its previous status. API Gateway
 * cuts every WebSocket after 2 hours and chargers reconnect within seconds (OCPP's reconnect back-off: a few
 * seconds, randomised, doubling on each failed try), without a new BootNotification or StatusNotification. Five
 * minutes covers several failed tries of that back-off, so a routine reconnect never counts as an outage, and is
 * short enough that a real outage counts from its first minute (a gap longer than this is offline for all of it,
 * from the disconnect to the reconnect); at most 12 routine gaps a day can hide at most 1 hour, far above what
 * routine reconnects take in practice (seconds each).
 */
export const reconnectGraceMs = 5 * 60 * 1000;

/** Whether a gap without a connection, from the disconnect to the reconnect (or to now), counts as offline. */
export const isOfflineGap = (disconnectedAt: number, reconnectedAt: number): boolean =>
  reconnectedAt - disconnectedAt > reconnectGraceMs;

/**
 * The intervals from a status's start to `at`: the status throughout, or, if its charger has been away since
 * `offlineAt` (a gap longer than the grace, still open at `at`), Offline from then. A late status (older than the
 * stored one) closes nothing.
 */
export const closedIntervals = (input: {
  readonly previousStatus: string;
  readonly previousAt: number;
  readonly at: number;
  readonly offlineAt?: number;
}): StatusInterval[] => {
  const { previousStatus: status, previousAt, at } = input;
  if (!(at > previousAt)) return [];
  const offlineFrom = input.offlineAt;
  if (offlineFrom === undefined || offlineFrom >= at) return [{ status, from: previousAt, to: at }];
  const from = Math.max(offlineFrom, previousAt);
  return [
    { status, from: previousAt, to: from },
    { status: offlineStatus, from, to: at },
  ].filter((interval) => interval.to > interval.from);
};

/**
 * What an offline gap (`from` the disconnect `to` the reconnect, longer than the grace) changes on each local
 * day: each connector's time in the gap after its status began moves from its status's counter to `offlineMs`.
 * The status's interval is still open (no status comes while away) and is counted whole when the next status
 * closes it, so the gap is taken out of it now, once, at the reconnect: the days then add up to the exact split.
 */
export const offlineGapIncrements = (
  connectors: readonly { readonly status: string; readonly since: number }[],
  gap: { readonly from: number; readonly to: number },
  timeZone: string,
): Map<string, TimeCounters> => {
  const byDay = new Map<string, TimeCounters>();
  for (const connector of connectors) {
    const from = Math.max(gap.from, connector.since);
    if (!(gap.to > from)) continue;
    const counter = counterOf(connector.status);
    if (counter === 'offlineMs') continue;
    for (const [day, ms] of splitByLocalDay({ from, to: gap.to }, timeZone)) {
      const sums = byDay.get(day) ?? { usableMs: 0, faultedMs: 0, offlineMs: 0, maintenanceMs: 0 };
      sums[counter] -= ms;
      sums.offlineMs += ms;
      byDay.set(day, sums);
    }
  }
  return byDay;
};

/**
 * When a status counts from: its time, or the start of the connection it came over if that is later (a status
 * stamped during a disconnect: in a short gap the previous status holds by definition, in a long one the charger
 * is offline until the reconnect, so either way the new status begins at the reconnect).
 */
export const uptimeStartOf = (statusAt: string, connectedAt: string | undefined): string =>
  connectedAt !== undefined && Date.parse(connectedAt) > Date.parse(statusAt) ? connectedAt : statusAt;

export const addUptimeCounts = (a: UptimeDayCounts, b: UptimeIncrement): UptimeDayCounts => {
  const faults: Record<string, number> = { ...a.faults };
  for (const [code, count] of Object.entries(b.faults ?? {})) faults[code] = (faults[code] ?? 0) + count;
  const sums = Object.fromEntries(uptimeCounterNames.map((name) => [name, a[name] + (b[name] ?? 0)]));
  return { ...a, ...sums, faults };
};

/** Usable share of the counted time (maintenance excluded), 0..1 to 6 decimals; absent when nothing counted. */
export const availabilityOf = (counts: Pick<UptimeDayCounts, 'usableMs' | 'faultedMs' | 'offlineMs'>) => {
  const counted = counts.usableMs + counts.faultedMs + counts.offlineMs;
  return counted > 0 ? Math.round((counts.usableMs / counted) * 1_000_000) / 1_000_000 : undefined;
};

/** Ended sessions that delivered energy, 0..1 to 4 decimals; absent without ended sessions. */
export const sessionSuccessRateOf = (counts: Pick<UptimeDayCounts, 'sessionsEnded' | 'sessionsSucceeded'>) =>
  counts.sessionsEnded > 0
    ? Math.round((counts.sessionsSucceeded / counts.sessionsEnded) * 10_000) / 10_000
    : undefined;

/** A day's or a month's figures as the reports show them: seconds, with the rates derived. */
export interface UptimeFigures {
  readonly usableSeconds: number;
  /** usable + faulted + offline: the denominator. */
  readonly countedSeconds: number;
  readonly faultedSeconds: number;
  readonly offlineSeconds: number;
  readonly maintenanceSeconds: number;
  /** Percent, 0..100 (4 decimals); absent when nothing was counted. */
  readonly availabilityPercent?: number;
  readonly sessionsEnded: number;
  readonly sessionsSucceeded: number;
  readonly sessionSuccessRate?: number;
  readonly energyWh: number;
  readonly faults: Readonly<Record<string, number>>;
}

export const figuresOf = (counts: Omit<UptimeDayCounts, 'day'>): UptimeFigures => {
  const availability = availabilityOf(counts);
  const successRate = sessionSuccessRateOf(counts);
  return {
    usableSeconds: counts.usableMs / 1000,
    countedSeconds: (counts.usableMs + counts.faultedMs + counts.offlineMs) / 1000,
    faultedSeconds: counts.faultedMs / 1000,
    offlineSeconds: counts.offlineMs / 1000,
    maintenanceSeconds: counts.maintenanceMs / 1000,
    ...(availability !== undefined && { availabilityPercent: Math.round(availability * 1_000_000) / 10_000 }),
    sessionsEnded: counts.sessionsEnded,
    sessionsSucceeded: counts.sessionsSucceeded,
    ...(successRate !== undefined && { sessionSuccessRate: successRate }),
    energyWh: counts.energyWh,
    faults: counts.faults,
  };
};

/** Adds days up (a month, a site, a tenant): time and counts sum, rates are recomputed from the sums. */
export const rollUp = (days: readonly UptimeIncrement[]): UptimeDayCounts =>
  days.reduce<UptimeDayCounts>(addUptimeCounts, zeroUptimeDay(''));

/** The error code a Faulted status counts under. */
export const faultCodeOf = (errorCode: string | undefined): string =>
  errorCode && errorCode !== 'NoError' ? errorCode : 'unknown';
