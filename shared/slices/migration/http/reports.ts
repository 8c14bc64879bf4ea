import { z } from 'zod';
import { apiErrors } from '../../../http/api-error.ts';
import { type CsvCell, formatCsv } from '../../../http/csv.ts';
import {
  defineOperation,
  commonErrors as errors,
  type Operation,
  tenantOf,
} from '../../../http/operation.ts';
import { cohortSchema } from '../../../http/schemas.ts';
import { requireAllSites, siteScopeOf } from '../../../http/site-access.ts';
import { daysBetween, getCohortReport, maxCohortReportDays } from '../cohort-report.ts';
import { getFleetReport } from '../fleet-report.ts';

const fleetQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(2048).optional(),
});

const countsSchema = z.record(z.string(), z.number().int());

const fleetChargerSchema = z
  .object({
    chargerId: z.string(),
    siteId: z.string().optional(),
    cohort: z.string().optional(),
    vendor: z.string().optional(),
    model: z.string().optional(),
    firmwareVersion: z.string().optional(),
    ocppVersion: z.enum(['ocpp1.6', 'ocpp2.0.1']).optional(),
    securityProfile: z.union([z.literal(1), z.literal(2)]).meta({
      description:
        'OCPP security profile: 1 (Basic auth, ws://) or 2 (Basic auth over TLS, wss://), as the endpoint serves it.',
    }),
    online: z.boolean(),
    lastBootAt: z.string().optional(),
    lastSeenAt: z.string().optional(),
    neverConnected: z.boolean().meta({ description: 'Provisioned, but never booted nor seen.' }),
  })
  .meta({ id: 'FleetCharger' });

const fleetReportSchema = z.object({
  items: z.array(fleetChargerSchema),
  summary: z
    .object({
      chargers: z.number().int(),
      online: z.number().int(),
      neverConnected: z.number().int(),
      byVendor: countsSchema,
      byModel: countsSchema.meta({ description: 'By `vendor model`.' }),
      byFirmwareVersion: countsSchema,
      byOcppVersion: countsSchema,
    })
    .meta({ description: "The counts of this page's chargers (`unknown`: not reported yet); pages add up." }),
  cursor: z.string().optional().meta({ description: 'Pass back to get the next page; absent on the last.' }),
});

const fleetCsvHeader = [
  'chargerId',
  'siteId',
  'cohort',
  'vendor',
  'model',
  'firmwareVersion',
  'ocppVersion',
  'securityProfile',
  'online',
  'lastBootAt',
  'lastSeenAt',
  'neverConnected',
] as const;

const dayParam = z.iso.date().meta({ description: 'YYYY-MM-DD (UTC)' });

const cohortQuerySchema = z
  .strictObject({
    from: dayParam.optional().meta({ description: 'First day (UTC); default: 6 days before `to`.' }),
    to: dayParam.optional().meta({ description: 'Last day (UTC); default: today.' }),
  })
  .optional();

const cohortCountsShape = {
  connections: z.number().int(),
  disconnections: z.number().int(),
  sessionsStarted: z.number().int(),
  sessionsEnded: z.number().int(),
  zeroEnergySessions: z.number().int(),
  rejectedAuthorizations: z.number().int(),
  sessionsFailed: z
    .number()
    .int()
    .meta({ description: 'Sessions ended with no energy, plus refused authorizations.' }),
  sessionSuccessRate: z
    .number()
    .optional()
    .meta({ description: 'Share of ended sessions that delivered energy; absent without ended sessions.' }),
  billed: z
    .record(z.string(), z.object({ sessions: z.number().int(), totalInclVat: z.number().int() }))
    .meta({ description: 'Per currency: billed sessions and their total incl. VAT, integer minor units.' }),
};

const cohortReportSchema = z.object({
  cohort: z.string(),
  from: z.string(),
  to: z.string(),
  days: z.array(z.object({ day: z.string(), ...cohortCountsShape })),
  totals: z.object(cohortCountsShape),
});

const dayString = (at: number) => new Date(at).toISOString().slice(0, 10);

export const reportOperations = {
  getFleetReport: defineOperation({
    summary:
      'Fleet audit: per charger its vendor, model, firmware, OCPP version, security profile, last boot, last seen ' +
      'and whether it never connected, with counts (JSON, or `Accept: text/csv`)',
    request: { query: fleetQuerySchema },
    responses: { 200: { description: 'A page of the fleet', schema: fleetReportSchema }, ...errors },
    csvResponse: (body) => {
      const page = body as z.infer<typeof fleetReportSchema>;
      return {
        text: formatCsv(
          fleetCsvHeader,
          page.items.map((charger) =>
            fleetCsvHeader.map((name) => (charger as Record<string, unknown>)[name] as CsvCell),
          ),
        ),
        ...(page.cursor && { headers: { 'x-next-cursor': page.cursor } }),
      };
    },
    role: 'viewer',
    async handle(deps, { query, principal }) {
      const tenant = tenantOf(principal);
      const siteIds = siteScopeOf(tenant);
      const report = await getFleetReport(deps, {
        tenantId: tenant.tenantId,
        limit: query.limit,
        ...(query.cursor && { cursor: query.cursor }),
        ...(siteIds && { siteIds }),
      });
      return { status: 200, body: report };
    },
  }),

  getCohortReport: defineOperation({
    summary:
      "A migration cohort's days: connections and disconnections, sessions started, ended and failed, billed totals",
    request: { path: z.strictObject({ cohort: cohortSchema }), query: cohortQuerySchema },
    responses: {
      200: { description: 'The cohort, a row per day', schema: cohortReportSchema },
      404: { description: 'The tenant has no activity recorded for this cohort' },
      ...errors,
    },
    role: 'viewer',
    async handle(deps, { path, query, principal }) {
      const tenant = tenantOf(principal);
      // The counters are the cohort's, whatever the sites of its chargers.
      requireAllSites(tenant, "a cohort's counters span its chargers' sites");
      const to = query?.to ?? dayString(deps.clock.now().getTime());
      const from = query?.from ?? dayString(Date.parse(`${to}T00:00:00Z`) - 6 * 86_400_000);
      if (from > to) throw apiErrors.badRequest('query.from: after query.to');
      if (daysBetween(from, to).length > maxCohortReportDays)
        throw apiErrors.badRequest(`query.from: at most ${maxCohortReportDays} days`);
      if (!(await deps.cohortCounters.exists(tenant.tenantId, path.cohort)))
        throw apiErrors.notFound(`cohort ${path.cohort}`);
      const report = await getCohortReport(deps, {
        tenantId: tenant.tenantId,
        cohort: path.cohort,
        from,
        to,
      });
      return { status: 200, body: report };
    },
  }),
} satisfies Record<string, Operation>;
