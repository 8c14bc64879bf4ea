import { z } from 'zod';
import type { Dependencies } from '../dependencies.ts';
import { balanceSite } from '../load-management/balance-site.ts';

/** The state machine passes the event's detail and its execution id (the run's id for the site's lock). */
const inputSchema = z.object({
  detail: z.object({
    tenantId: z.string().min(1),
    siteId: z.string().min(1),
    chargerId: z.string().min(1).optional(),
    correlationId: z.string().min(1).optional(),
  }),
  executionId: z.string().min(1),
});

export const createBalanceSiteHandler = (deps: Dependencies) => async (input: unknown) => {
  const { detail, executionId } = inputSchema.parse(input);
  return balanceSite(deps.forTenant(detail.tenantId), {
    tenantId: detail.tenantId,
    siteId: detail.siteId,
    runId: executionId,
    ...(detail.chargerId && { chargerId: detail.chargerId }),
    correlationId: detail.correlationId ?? executionId,
  });
};
