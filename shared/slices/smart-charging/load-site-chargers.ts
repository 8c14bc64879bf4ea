import type { Dependencies } from '../dependencies.ts';

export interface SiteCharger {
  readonly chargerId: string;
  readonly ocppVersion?: string;
  readonly connectors: readonly { evseId: number; connectorId: number; status: string }[];
}

/**
 * First step of load balancing: the site's chargers that are online now, with their connector states. A site
 * without load-management settings has no limit to keep: its run stops here, after one read, instead of
 * listing every charger of the site on each of their status changes.
 */
export const loadSiteChargers = async (
  deps: Pick<Dependencies, 'chargers' | 'loadManagement' | 'clock'>,
  input: { tenantId: string; siteId: string },
): Promise<{ tenantId: string; siteId: string; managed: boolean; chargers: SiteCharger[] }> => {
  if (!(await deps.loadManagement.get(input.tenantId, input.siteId)))
    return { tenantId: input.tenantId, siteId: input.siteId, managed: false, chargers: [] };
  const chargers: SiteCharger[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.chargers.list(
      input.tenantId,
      { siteId: input.siteId, limit: 100, ...(cursor && { cursor }) },
      deps.clock.now(),
    );
    for (const view of page.items) {
      if (!view.connection) continue;
      chargers.push({
        chargerId: view.charger.chargerId,
        ...(view.connection.ocppVersion && { ocppVersion: view.connection.ocppVersion }),
        connectors: view.connectors.map(({ evseId, connectorId, status }) => ({
          evseId,
          connectorId,
          status,
        })),
      });
    }
    cursor = page.cursor;
  } while (cursor);
  return { tenantId: input.tenantId, siteId: input.siteId, managed: true, chargers };
};
