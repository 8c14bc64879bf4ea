import { listChargers } from '../chargers/chargers.ts';
import type { Dependencies } from '../dependencies.ts';
import {
  type AvailabilitySummary,
  type ChargerAvailability,
  chargerAvailability,
  summarizeAvailability,
} from './model.ts';

/** Chargers read per page of the charger index (each costs one query of its partition). */
const pageSize = 100;

export type SiteAvailabilityResult =
  | { ok: true; summary: AvailabilitySummary; chargers: readonly ChargerAvailability[] }
  | { ok: false; reason: 'unknown-site' };

/**
 * Availability of a site's chargers (or, without `siteId`, of all the tenant's chargers a key may see:
 * `siteIds` for a site-limited key) with counts per state. A site must exist and be among `siteIds` when they
 * are given. Reads the charger index and each charger's view range (record, connection, connector statuses):
 * one query per charger, like the charger listing.
 */
export const siteAvailability = async (
  deps: Pick<Dependencies, 'chargers' | 'sites' | 'clock' | 'settings'>,
  input: { tenantId: string; siteId?: string; siteIds?: readonly string[] },
): Promise<SiteAvailabilityResult> => {
  const { tenantId, siteId, siteIds } = input;
  if (siteId !== undefined) {
    const visible = siteIds === undefined || siteIds.includes(siteId);
    if (!visible || !(await deps.sites.get(tenantId, siteId))) return { ok: false, reason: 'unknown-site' };
  }
  const now = deps.clock.now();
  const chargers: ChargerAvailability[] = [];
  let cursor: string | undefined;
  do {
    const page = await listChargers(deps, {
      tenantId,
      ...(siteId !== undefined && { siteId }),
      ...(siteIds && { siteIds }),
      limit: pageSize,
      ...(cursor && { cursor }),
    });
    for (const view of page.items)
      chargers.push(chargerAvailability(view, now, deps.settings.heartbeatIntervalSeconds));
    cursor = page.cursor;
  } while (cursor);
  chargers.sort((a, b) => (a.chargerId < b.chargerId ? -1 : a.chargerId > b.chargerId ? 1 : 0));
  return { ok: true, summary: summarizeAvailability(chargers), chargers };
};
