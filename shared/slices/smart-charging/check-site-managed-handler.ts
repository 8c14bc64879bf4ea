import { z } from 'zod';
import type { Dependencies } from '../dependencies.ts';
import { checkSiteManaged } from './check-site-managed.ts';

/** The state machine passes the event's detail; only events of a site reach this workflow. */
const inputSchema = z.object({ tenantId: z.string().min(1), siteId: z.string().min(1) });

export const createCheckSiteManagedHandler = (deps: Dependencies) => async (input: unknown) => {
  const site = inputSchema.parse(input);
  return checkSiteManaged(deps.forTenant(site.tenantId), site);
};
