import type { ChargerView } from '../chargers/model.ts';
import type { Dependencies } from '../dependencies.ts';

/** Every charger of a site with its connection and connectors, page by page (a site has at most a few hundred). */
export const siteChargerViews = async (
  deps: Pick<Dependencies, 'chargers' | 'clock'>,
  tenantId: string,
  siteId: string,
): Promise<ChargerView[]> => {
  const views: ChargerView[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.chargers.list(
      tenantId,
      { siteId, limit: 100, ...(cursor && { cursor }) },
      deps.clock.now(),
    );
    views.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return views;
};
