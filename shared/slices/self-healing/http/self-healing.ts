import { apiErrors } from '../../../http/api-error.ts';
import {
  defineOperation,
  commonErrors as errors,
  type Operation,
  tenantOf,
} from '../../../http/operation.ts';
import { chargerPathSchema } from '../../../http/schemas.ts';
import { canSeeSite, getVisibleCharger, requireAllSites, siteScopeOf } from '../../../http/site-access.ts';
import { getIncident, listIncidents, resolveIncident } from '../incidents.ts';
import {
  defaultGhostSessions,
  defaultSelfHealingSettings,
  type HealingAttempt,
  type Incident,
  type SelfHealingSettings,
} from '../model.ts';
import {
  healingAttemptResponseSchema,
  incidentPageSchema,
  incidentPathSchema,
  incidentSchema,
  listIncidentsQuerySchema,
  resolveIncidentRequestSchema,
  selfHealingRequestSchema,
  selfHealingResponseSchema,
} from './schemas.ts';

const toSettings = ({ tenantId: _tenantId, ...settings }: SelfHealingSettings) => ({
  ...settings,
  ghostSessions: settings.ghostSessions ?? defaultGhostSessions,
});
const toIncident = ({ tenantId: _tenantId, ...incident }: Incident) => incident;
const toAttempt = ({
  tenantId: _tenantId,
  chargerId: _chargerId,
  leaseUntil: _lease,
  ...rest
}: HealingAttempt) => rest;

const incidentNotFound = {
  404: { description: 'No such incident in this tenant (or not of the key’s sites)' },
};

/** The tenant's self-healing settings, its incidents, and each charger's latest attempt. */
export const selfHealingOperations = {
  putSelfHealing: defineOperation({
    summary: 'Turn self-healing on or off, and set its delays, number of resets and ghost-charger detection',
    request: { body: selfHealingRequestSchema },
    responses: { 200: { description: 'The settings', schema: selfHealingResponseSchema }, ...errors },
    role: 'admin',
    async handle(deps, { body, principal }) {
      const tenant = tenantOf(principal);
      requireAllSites(tenant, 'self-healing settings are the tenant’s');
      const min = deps.settings.selfHealingMinWaitSeconds;
      for (const field of ['faultedDelaySeconds', 'rebootWaitSeconds'] as const)
        if (body[field] < min)
          throw apiErrors.badRequest(
            `body.${field}: at least ${min} seconds (SELF_HEALING_MIN_WAIT_SECONDS)`,
          );
      const settings: SelfHealingSettings = {
        tenantId: tenant.tenantId,
        ...body,
        updatedAt: deps.clock.now().toISOString(),
        updatedBy: tenant.keyId,
      };
      await deps.selfHealing.putSettings(settings);
      // This container's memory of the tenant (the local runtime's only one); on AWS the charger functions'
      // containers see the change within 5 minutes (see cached-self-healing-audience.ts).
      deps.selfHealingAudience.forget(tenant.tenantId);
      return { status: 200, body: toSettings(settings) };
    },
  }),

  getSelfHealing: defineOperation({
    summary: 'The self-healing settings (off until set)',
    request: {},
    responses: { 200: { description: 'The settings', schema: selfHealingResponseSchema }, ...errors },
    role: 'viewer',
    async handle(deps, { principal }) {
      const tenant = tenantOf(principal);
      const settings =
        (await deps.selfHealing.getSettings(tenant.tenantId)) ?? defaultSelfHealingSettings(tenant.tenantId);
      return { status: 200, body: toSettings(settings) };
    },
  }),

  getChargerSelfHealing: defineOperation({
    summary: "A charger's latest self-healing attempt: its steps, with their times, and how it ended",
    request: { path: chargerPathSchema },
    responses: {
      200: { description: 'The latest attempt', schema: healingAttemptResponseSchema },
      404: { description: 'No such charger in this tenant (or not of the key’s sites)' },
      ...errors,
    },
    role: 'viewer',
    async handle(deps, { path, principal }) {
      const tenant = tenantOf(principal);
      await getVisibleCharger(deps, tenant, path.chargerId);
      const attempt = await deps.selfHealing.getAttempt(tenant.tenantId, path.chargerId);
      return {
        status: 200,
        body: { chargerId: path.chargerId, ...(attempt && { lastAttempt: toAttempt(attempt) }) },
      };
    },
  }),

  listIncidents: defineOperation({
    summary:
      'Incidents self-healing opened (Faulted chargers it could not heal, ghost chargers), newest first',
    request: { query: listIncidentsQuerySchema },
    responses: { 200: { description: 'A page of incidents', schema: incidentPageSchema }, ...errors },
    role: 'viewer',
    async handle(deps, { query, principal }) {
      const tenant = tenantOf(principal);
      const siteIds = siteScopeOf(tenant);
      const page = await listIncidents(deps, tenant.tenantId, {
        ...query,
        ...(siteIds && { siteIds }),
      });
      return {
        status: 200,
        body: { items: page.items.map(toIncident), ...(page.cursor && { cursor: page.cursor }) },
      };
    },
  }),

  getIncident: defineOperation({
    summary: 'One incident',
    request: { path: incidentPathSchema },
    responses: {
      200: { description: 'The incident', schema: incidentSchema },
      ...incidentNotFound,
      ...errors,
    },
    role: 'viewer',
    async handle(deps, { path, principal }) {
      const tenant = tenantOf(principal);
      const incident = await getIncident(deps, tenant.tenantId, path.incidentId);
      if (!incident || !canSeeSite(tenant, incident.siteId))
        throw apiErrors.notFound(`incident ${path.incidentId}`);
      return { status: 200, body: toIncident(incident) };
    },
  }),

  resolveIncident: defineOperation({
    summary: 'Mark an incident resolved (again: answered as it is)',
    request: { path: incidentPathSchema, body: resolveIncidentRequestSchema },
    responses: {
      200: { description: 'The incident, resolved', schema: incidentSchema },
      ...incidentNotFound,
      ...errors,
    },
    role: 'operator',
    async handle(deps, { path, body, principal }) {
      const tenant = tenantOf(principal);
      const found = await getIncident(deps, tenant.tenantId, path.incidentId);
      if (!found || !canSeeSite(tenant, found.siteId))
        throw apiErrors.notFound(`incident ${path.incidentId}`);
      const incident = await resolveIncident(deps, {
        tenantId: tenant.tenantId,
        incidentId: path.incidentId,
        actor: tenant.keyId,
        ...(body.note !== undefined && { note: body.note }),
        correlationId: deps.ids.next(),
      });
      if (!incident) throw apiErrors.notFound(`incident ${path.incidentId}`);
      return { status: 200, body: toIncident(incident) };
    },
  }),
} satisfies Record<string, Operation>;
