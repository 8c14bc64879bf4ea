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
import { defaultLeaseSeconds } from '../charging-profiles.ts';
import {
  allocationHistory,
  deleteLoadManagement,
  getLoadManagement,
  putLoadManagement,
} from '../load-management.ts';
import type { AllocationHistoryEntry, LoadManagementSettings, SessionAllocation } from '../model.ts';
import {
  allocationHistoryPageSchema,
  loadManagementRequestSchema,
  loadManagementResponseSchema,
} from './schemas.ts';

const sitePathSchema = z.strictObject({ siteId: siteIdSchema });

const historyQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2048).optional(),
});

const toAllocation = (record: SessionAllocation) => ({
  chargerId: record.chargerId,
  evseId: record.evseId,
  connectorId: record.connectorId,
  sessionId: record.sessionId,
  limitA: record.limitA,
  ...(record.validTo !== undefined && { validTo: record.validTo }),
  sentAt: record.sentAt,
  status: record.status,
  ...(record.acceptedLimitA !== undefined && { acceptedLimitA: record.acceptedLimitA }),
  ...(record.flagged && { flagged: true }),
});

const toHistoryEntry = (entry: AllocationHistoryEntry) => ({
  chargerId: entry.chargerId,
  evseId: entry.evseId,
  sessionId: entry.sessionId,
  limitA: entry.limitA,
  ...(entry.validTo !== undefined && { validTo: entry.validTo }),
  sentAt: entry.sentAt,
  status: entry.status,
});

const toResponse = (
  settings: LoadManagementSettings,
  allocations: readonly SessionAllocation[] = [],
): z.infer<typeof loadManagementResponseSchema> => ({
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
  leaseSeconds: settings.leaseSeconds ?? defaultLeaseSeconds,
  // The load-balancing workflow's last run; a freshly managed site has none until it runs.
  allocations: allocations.map(toAllocation),
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
      const found = canSeeSite(tenant, path.siteId)
        ? await getLoadManagement(deps, { tenantId: tenant.tenantId, siteId: path.siteId })
        : undefined;
      if (!found) throw apiErrors.notFound(`load management of site ${path.siteId}`);
      return { status: 200, body: toResponse(found.settings, found.allocations) };
    },
  }),

  listAllocationHistory: defineOperation({
    summary: "The limits sent to a site's chargers, newest first (kept 30 days)",
    request: { path: sitePathSchema, query: historyQuerySchema },
    responses: {
      200: { description: 'A page of limits sent', schema: allocationHistoryPageSchema },
      404: { description: 'No such site in this tenant (or not one of the key’s sites)' },
      ...errors,
    },
    role: 'viewer',
    async handle(deps, { path, query, principal }) {
      const tenant = tenantOf(principal);
      const page = canSeeSite(tenant, path.siteId)
        ? await allocationHistory(deps, { tenantId: tenant.tenantId, siteId: path.siteId, ...query })
        : undefined;
      if (!page) throw apiErrors.notFound(`site ${path.siteId}`);
      return {
        status: 200,
        body: { items: page.items.map(toHistoryEntry), ...(page.cursor && { cursor: page.cursor }) },
      };
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
