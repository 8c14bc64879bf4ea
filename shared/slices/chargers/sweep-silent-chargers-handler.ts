import { logger } from '../../handlers/logger.ts';
import type { Dependencies } from '../dependencies.ts';
import { sweepSilentConnections } from './charger-connection.ts';

/**
 * The scheduled liveness sweep (`schedules.sweepSilentChargers`): each active tenant's silent connections, with
 * that tenant's dependencies. One tenant failing is logged and does not stop the others; the next run retries.
 */
export const createSweepSilentChargersHandler = (deps: Dependencies) => async (_event: unknown) => {
  const correlationId = deps.ids.next();
  let cursor: string | undefined;
  let tenants = 0;
  let expired = 0;
  do {
    const page = await deps.tenants.list({ limit: 100, ...(cursor && { cursor }) });
    for (const tenant of page.items) {
      if (tenant.status !== 'active') continue;
      tenants += 1;
      try {
        const result = await sweepSilentConnections(deps.forTenant(tenant.tenantId), {
          tenantId: tenant.tenantId,
          correlationId,
        });
        expired += result.expired.length;
      } catch (error) {
        logger.error('liveness sweep of a tenant failed', {
          tenantId: tenant.tenantId,
          correlationId,
          error,
        });
      }
    }
    cursor = page.cursor;
  } while (cursor);
  if (expired > 0) logger.info('silent chargers marked offline', { tenants, expired, correlationId });
  return { tenants, expired };
};
