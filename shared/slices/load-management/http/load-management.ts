import { z } from 'zod';
import { apiErrors } from '../../../http/api-error.ts';
import {
  defineOperation,
  commonErrors as errors,
  type Operation,
  tenantOf,
} from '../../../http/operation.ts';
import { siteIdSchema } from '../../../http/schemas.ts';
import { canSeeSite } from '../../../http/site-access.ts';
import { deleteLoadManagement, getLoadManagement, putLoadManagement } from '../load-management.ts';
import type { LoadManagementSettings } from '../model.ts';
import { loadManagementRequestSchema, loadManagementResponseSchema } from './schemas.ts';

const sitePathSchema = z.strictObject({ siteId: siteIdSchema });

const toResponse = (settings: LoadManagementSettings): z.infer<typeof loadManagementResponseSchema> => ({
  siteId: settings.siteId,
  maxCurrentA: settings.maxCurrentA,
  phases: settings.phases,
  voltageV: settings.voltageV,
  minCurrentA: settings.minCurrentA,
  circuits: settings.circuits.map(({ circuitId, maxCurrentA, parentCircuitId }) => ({
    circuitId,
    maxCurrentA,
    ...(parentCircuitId !== undefined && { parentCircuitId }),
  })),
  // Sessions get allocations from the load-balancing workflow; until it sends one, there is none to show.
  allocations: [],
  createdAt: settings.createdAt,
  createdBy: settings.createdBy,
  updatedAt: settings.updatedAt,
  updatedBy: settings.updatedBy,
});

const notFound = {
  404: { description: 'No such site in this tenant (or not one of the key’s sites), or it is not managed' },
} as const;

/** A site's load management: a site-limited key manages only its own sites. */
export const loadManagementOperations = {
  putLoadManagement: defineOperation({
    summary: 'Turn on load management of a site, or replace its grid limit and circuit tree',
    request: { path: sitePathSchema, body: loadManagementRequestSchema },
    responses: {
      200: { description: 'The settings, replaced', schema: loadManagementResponseSchema },
      201: { description: 'The settings; the site is now managed', schema: loadManagementResponseSchema },
      ...notFound,
      409: { description: 'A charger of the site hangs on a circuit the new tree no longer has' },
      ...errors,
    },
    role: 'admin',
    async handle(deps, { path, body, principal }) {
      const tenant = tenantOf(principal);
      if (!canSeeSite(tenant, path.siteId)) throw apiErrors.notFound(`site ${path.siteId}`);
      const result = await putLoadManagement(deps, {
        tenantId: tenant.tenantId,
        siteId: path.siteId,
        settings: body,
        actor: tenant.keyId,
      });
      if (result.ok) return { status: result.created ? 201 : 200, body: toResponse(result.settings) };
      if (result.reason === 'unknown-site') throw apiErrors.notFound(`site ${path.siteId}`);
      if (result.reason === 'invalid')
        throw apiErrors.badRequest(result.issues.map((i) => `body.${i.field}: ${i.message}`).join('; '));
      throw apiErrors.conflict(
        `charger ${result.chargerId} hangs on circuit ${result.circuitId}; move it first (PATCH /v1/chargers/${result.chargerId})`,
      );
    },
  }),

  getLoadManagement: defineOperation({
    summary: "A site's load-management settings and the allocations in force",
    request: { path: sitePathSchema },
    responses: {
      200: { description: 'The settings', schema: loadManagementResponseSchema },
      ...notFound,
      ...errors,
    },
    role: 'viewer',
    async handle(deps, { path, principal }) {
      const tenant = tenantOf(principal);
      const settings = canSeeSite(tenant, path.siteId)
        ? await getLoadManagement(deps, { tenantId: tenant.tenantId, siteId: path.siteId })
        : undefined;
      if (!settings) throw apiErrors.notFound(`load management of site ${path.siteId}`);
      return { status: 200, body: toResponse(settings) };
    },
  }),

  deleteLoadManagement: defineOperation({
    summary: 'Turn load management of a site off',
    request: { path: sitePathSchema },
    responses: { 204: { description: 'Turned off' }, ...notFound, ...errors },
    role: 'admin',
    async handle(deps, { path, principal }) {
      const tenant = tenantOf(principal);
      const deleted =
        canSeeSite(tenant, path.siteId) &&
        (await deleteLoadManagement(deps, { tenantId: tenant.tenantId, siteId: path.siteId }));
      if (!deleted) throw apiErrors.notFound(`load management of site ${path.siteId}`);
      return { status: 204, body: undefined };
    },
  }),
} satisfies Record<string, Operation>;
