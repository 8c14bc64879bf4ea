import type { Dependencies } from '../dependencies.ts';

/**
 * First step of load balancing: whether the site has load-management settings, one read. A site without them
 * has no limit to keep: its run stops here. The balancing step reads the site's chargers itself, once it holds
 * the site's lock; reading them here too would cost every trigger (most of which a running run absorbs) a
 * listing of the whole site.
 */
export const checkSiteManaged = async (
  deps: Pick<Dependencies, 'loadManagement'>,
  input: { tenantId: string; siteId: string },
): Promise<{ tenantId: string; siteId: string; managed: boolean }> => ({
  tenantId: input.tenantId,
  siteId: input.siteId,
  managed: (await deps.loadManagement.get(input.tenantId, input.siteId)) !== undefined,
});
