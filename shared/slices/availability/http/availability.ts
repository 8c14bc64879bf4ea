import { apiErrors } from '../../../http/api-error.ts';
import {
  defineOperation,
  commonErrors as errors,
  type Operation,
  tenantOf,
} from '../../../http/operation.ts';
import { siteScopeOf } from '../../../http/site-access.ts';
import { siteAvailability } from '../availability.ts';
import { availabilityQuerySchema, availabilityResponseSchema } from './schemas.ts';

export const availabilityOperations = {
  getAvailability: defineOperation({
    summary:
      'Availability of every charger of a site (or of all the key may see) and of each connector, with counts per ' +
      'state; a charger whose connection went silent shows Offline',
    request: { query: availabilityQuerySchema },
    responses: {
      200: { description: 'Counts and one row per charger', schema: availabilityResponseSchema },
      404: { description: 'No such site in this tenant (or not of the key’s sites)' },
      ...errors,
    },
    role: 'viewer',
    async handle(deps, { query, principal }) {
      const tenant = tenantOf(principal);
      const scope = siteScopeOf(tenant);
      const at = deps.clock.now().toISOString();
      const result = await siteAvailability(deps, {
        tenantId: tenant.tenantId,
        ...(query.siteId && { siteId: query.siteId }),
        ...(scope && { siteIds: scope }),
      });
      if (!result.ok) throw apiErrors.notFound(`site ${query.siteId}`);
      return {
        status: 200,
        body: {
          ...(query.siteId && { siteId: query.siteId }),
          at,
          summary: result.summary,
          chargers: result.chargers,
        },
      };
    },
  }),
} satisfies Record<string, Operation>;
