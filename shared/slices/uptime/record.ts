import type { Dependencies } from '../dependencies.ts';
import {
  closedIntervals,
  faultCodeOf,
  incrementsOfIntervals,
  isOfflineGap,
  localDayOf,
  offlineGapIncrements,
  type UptimeIncrement,
} from './model.ts';

/*
 * The per-day counters, kept up to date by the paths that already know what changed: a status change closes the
 * previous status's interval (the connector item's old image says since when) and adds it to each local day it
 * spans; a change to Faulted counts its error code; a session end counts the session and its energy; a reconnect
 * after a gap longer than the grace moves the gap to offline. A disconnect and a routine reconnect write nothing.
 * Nothing here reads history: a report reads a charger's month of days.
 */

/** The site's time zone (UTC without a site or a zone): days are the site's local days. */
export const timeZoneOf = async (
  deps: Pick<Dependencies, 'sites'>,
  tenantId: string,
  siteId: string | undefined,
): Promise<string> => {
  if (!siteId) return 'UTC';
  return (await deps.sites.get(tenantId, siteId))?.timeZone ?? 'UTC';
};

export interface StatusChange {
  readonly tenantId: string;
  readonly chargerId: string;
  readonly siteId?: string;
  readonly evseId: number;
  readonly status: string;
  readonly errorCode?: string;
  /** ISO 8601: when the new status counts from (`uptimeStartOf`). */
  readonly statusAt: string;
  /** The stored status this one replaces (absent: the connector's first) and when it counted from. */
  readonly previous?: { readonly status: string; readonly statusAt: string };
  /** Whether the status differs from the previous one (a repeat only closes an interval). */
  readonly changed: boolean;
}

/**
 * Adds what a stored status change closes to its charger's days: one write per local day the interval spans
 * (nearly always one), none for the whole-charger status (EVSE 0) nor for a first status that is not Faulted.
 */
export const recordStatusUptime = async (
  deps: Pick<Dependencies, 'uptimeCounters' | 'sites'>,
  change: StatusChange,
): Promise<void> => {
  if (change.evseId === 0) return;
  const faulted = change.changed && change.status === 'Faulted';
  if (!change.previous && !faulted) return;
  const timeZone = await timeZoneOf(deps, change.tenantId, change.siteId);
  const days = new Map<string, UptimeIncrement>(
    change.previous
      ? incrementsOfIntervals(
          closedIntervals({
            previousStatus: change.previous.status,
            previousAt: Date.parse(change.previous.statusAt),
            at: Date.parse(change.statusAt),
          }),
          timeZone,
        )
      : [],
  );
  if (faulted) {
    const day = localDayOf(Date.parse(change.statusAt), timeZone);
    days.set(day, { ...days.get(day), faults: { [faultCodeOf(change.errorCode)]: 1 } });
  }
  await deps.uptimeCounters.add(change.tenantId, change.chargerId, change.siteId, days);
};

/** Counts an ended session on the local day it ended: one write. */
export const recordSessionEndUptime = async (
  deps: Pick<Dependencies, 'uptimeCounters' | 'sites'>,
  session: { tenantId: string; chargerId: string; siteId?: string; endedAt: string; energyWh?: number },
): Promise<void> => {
  const timeZone = await timeZoneOf(deps, session.tenantId, session.siteId);
  const energyWh = session.energyWh ?? 0;
  await deps.uptimeCounters.add(
    session.tenantId,
    session.chargerId,
    session.siteId,
    new Map([
      [
        localDayOf(Date.parse(session.endedAt), timeZone),
        { sessionsEnded: 1, ...(energyWh > 0 && { sessionsSucceeded: 1, energyWh }) },
      ],
    ]),
  );
};

/**
 * At a reconnect: if the charger was away longer than the grace (`lastSeenAt`, kept at its disconnect, to
 * `connectedAt`), its connectors' time in the gap moves to offline, one write per local day the gap spans (and a
 * query of its connectors); a routine reconnect (shorter gap) writes and reads nothing more.
 */
export const recordReconnectUptime = async (
  deps: Pick<Dependencies, 'uptimeCounters' | 'sites' | 'chargers'>,
  input: { tenantId: string; chargerId: string; siteId?: string; lastSeenAt: string; connectedAt: string },
): Promise<{ offline: boolean }> => {
  const gap = { from: Date.parse(input.lastSeenAt), to: Date.parse(input.connectedAt) };
  if (!isOfflineGap(gap.from, gap.to)) return { offline: false };
  const view = await deps.chargers.getView(input.tenantId, input.chargerId, new Date(gap.to));
  const connectors = (view?.connectors ?? [])
    .filter((connector) => connector.evseId !== 0)
    .map((connector) => ({
      status: connector.status,
      since: Date.parse(connector.uptimeFrom ?? connector.statusAt),
    }));
  if (connectors.length === 0) return { offline: true };
  const timeZone = await timeZoneOf(deps, input.tenantId, input.siteId);
  await deps.uptimeCounters.add(
    input.tenantId,
    input.chargerId,
    input.siteId,
    offlineGapIncrements(connectors, gap, timeZone),
  );
  return { offline: true };
};
