/**
 * Charger timestamps, read once for every message that carries one (1.6 and 2.0.1 transactions, status
 * notifications): the schemas' `date-time` admits what `Date` cannot hold, and a charger's clock may be
 * anywhere.
 */

/** A charger time as the CSMS uses it: UTC ISO-8601 (stored times compare as strings). */
export interface ChargerTime {
  readonly at: string;
  /** The charger's time minus the time received, in seconds, when beyond the bound (then `at` is the latter). */
  readonly futureSkewSeconds?: number;
}

/**
 * RFC 3339 admits a leap second (`23:59:60`), which `Date` refuses: it is read as the last millisecond of the
 * minute (`23:59:59.999`), so that it stays in order with its neighbours and never rounds into the next day.
 */
const leapSecond = /^(\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}):60(?:\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** Milliseconds since the epoch of a charger timestamp, or undefined for one no clock can show. */
export const chargerTimeMs = (timestamp: string): number | undefined => {
  const time = Date.parse(timestamp.replace(leapSecond, '$1:59.999$2'));
  return Number.isNaN(time) ? undefined : time;
};

/**
 * A charger's timestamp, bounded: at most `maxSkewSeconds` after `receivedAt` (the server's time of receipt).
 * A later one would win every "latest" comparison for good (a status dated 9999 is never replaced, a session
 * started in 2099 sorts first forever): it becomes `receivedAt`, and the skew is returned so that the caller
 * records it. Earlier times are kept whatever their age: chargers deliver what they queued offline late. An
 * absent or unreadable timestamp is `receivedAt` too (no skew: nothing to record).
 */
export const readChargerTime = (
  timestamp: string | undefined,
  receivedAt: string,
  maxSkewSeconds: number,
): ChargerTime => {
  const received = Date.parse(receivedAt);
  const time = timestamp === undefined ? undefined : chargerTimeMs(timestamp);
  if (time === undefined) return { at: new Date(received).toISOString() };
  const skewMs = time - received;
  if (skewMs > maxSkewSeconds * 1000)
    return { at: new Date(received).toISOString(), futureSkewSeconds: Math.round(skewMs / 1000) };
  return { at: new Date(time).toISOString() };
};

/**
 * The latest time a charger may claim, given the server's `now`: what `readChargerTime` lets through. A stored
 * time beyond it (written before times were bounded) loses every "latest" comparison.
 */
export const latestChargerTime = (now: string, maxSkewSeconds: number): string =>
  new Date(Date.parse(now) + maxSkewSeconds * 1000).toISOString();
