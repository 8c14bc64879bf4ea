import { z } from 'zod';
import type { Dependencies } from '../dependencies.ts';
import { loadSiteChargers } from './load-site-chargers.ts';

/** The state machine passes the event's detail; only events of a site reach this workflow. */
const inputSchema = z.object({ tenantId: z.string().min(1), siteId: z.string().min(1) });

export const createLoadSiteChargersHandler = (deps: Dependencies) => async (input: unknown) => {
  const site = inputSchema.parse(input);
  return loadSiteChargers(deps.forTenant(site.tenantId), site);
};
