import { z } from 'zod';
import { apiErrors } from '../../../http/api-error.ts';
import { type CsvCell, formatCsv } from '../../../http/csv.ts';
import {
  defineOperation,
  commonErrors as errors,
  type Operation,
  tenantOf,
} from '../../../http/operation.ts';
import { canSeeSite, getVisibleCharger, siteScopeOf } from '../../../http/site-access.ts';
import type { Dependencies } from '../../dependencies.ts';
import type { Principal } from '../../tenancy/tenants.ts';
import { getUptimeReport, type UptimeReport } from '../report.ts';

const querySchema = z.strictObject({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM')
    .meta({ description: "YYYY-MM: the calendar month in each charger's site time zone (UTC without one)." }),
  siteId: z.string().min(1).max(128).optional(),
  chargerId: z.string().min(1).max(128).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50).meta({ description: 'Chargers per page.' }),
  cursor: z.string().max(2048).optional(),
});

const uptimeShape = {
  usableSeconds: z.number(),
  countedSeconds: z
    .number()
    .meta({ description: 'Usable + faulted + offline: planned maintenance excluded.' }),
  faultedSeconds: z.number(),
  offlineSeconds: z.number(),
  maintenanceSeconds: z
    .number()
    .meta({ description: 'Unavailable (ChangeAvailability Inoperative, scheduled).' }),
  availabilityPercent: z
    .number()
    .optional()
    .meta({ description: 'usable / counted, 0..100; absent: nothing counted.' }),
  faults: z.record(z.string(), z.number().int()).meta({ description: 'Changes to Faulted per error code.' }),
};

const sessionShape = {
  sessionsEnded: z.number().int(),
  sessionsSucceeded: z.number().int().meta({ description: 'Ended sessions that delivered energy.' }),
  sessionSuccessRate: z.number().optional().meta({ description: '0..1; absent without ended sessions.' }),
  energyWh: z.number(),
  faults: z.record(z.string(), z.number().int()).meta({ description: 'Changes to Faulted per error code.' }),
};

const reportSchema = (id: string, shape: Record<string, z.ZodType>) =>
  z
    .object({
      month: z.string(),
      chargers: z.array(
        z.object({
          chargerId: z.string(),
          siteId: z.string().optional(),
          timeZone: z.string(),
          days: z.array(z.object({ day: z.string(), ...shape })),
          totals: z.object(shape),
        }),
      ),
      sites: z.array(z.object({ siteId: z.string(), totals: z.object(shape) })),
      totals: z
        .object(shape)
        .meta({ description: "This page's chargers together (the tenant's on one page)." }),
      cursor: z.string().optional().meta({ description: 'Pass back for the next page of chargers.' }),
    })
    .meta({ id });

const uptimeReportSchema = reportSchema('UptimeReport', uptimeShape);
const sessionReportSchema = reportSchema('SessionKpiReport', sessionShape);

const pick = (figures: object, names: readonly string[]) =>
  Object.fromEntries(
    names
      .map((name) => [name, (figures as Record<string, unknown>)[name]] as const)
      .filter(([, value]) => value !== undefined),
  );

/** The report with only the fields of one route. */
const project = (report: UptimeReport, names: readonly string[]) => ({
  month: report.month,
  chargers: report.chargers.map((charger) => ({
    chargerId: charger.chargerId,
    ...(charger.siteId && { siteId: charger.siteId }),
    timeZone: charger.timeZone,
    days: charger.days.map((day) => ({ day: day.day, ...pick(day, names) })),
    totals: pick(charger.totals, names),
  })),
  sites: report.sites.map((site) => ({ siteId: site.siteId, totals: pick(site.totals, names) })),
  totals: pick(report.totals, names),
  ...(report.cursor && { cursor: report.cursor }),
});

const uptimeNames = Object.keys(uptimeShape);
const sessionNames = Object.keys(sessionShape);

/** CSV: a row per charger and day, then a `total` row per charger; faults as `code:count;…`. */
const csvOf = (body: unknown, names: readonly string[]) => {
  const report = body as ReturnType<typeof project>;
  const header = ['chargerId', 'siteId', 'day', ...names];
  const cell = (value: unknown): CsvCell =>
    value !== null && typeof value === 'object'
      ? Object.entries(value as Record<string, number>)
          .map(([code, count]) => `${code}:${count}`)
          .join(';')
      : (value as CsvCell);
  const rows = report.chargers.flatMap((charger) =>
    [...charger.days, { day: 'total', ...charger.totals }].map((row) => [
      charger.chargerId,
      charger.siteId,
      row.day,
      ...names.map((name) => cell((row as Record<string, unknown>)[name])),
    ]),
  );
  return {
    text: formatCsv(header, rows),
    ...(report.cursor && { headers: { 'x-next-cursor': report.cursor } }),
  };
};

const report = async (
  deps: Dependencies,
  principal: Principal | undefined,
  query: z.infer<typeof querySchema>,
): Promise<UptimeReport> => {
  const tenant = tenantOf(principal);
  if (query.siteId && !canSeeSite(tenant, query.siteId)) throw apiErrors.notFound(`site ${query.siteId}`);
  if (query.chargerId) {
    const view = await getVisibleCharger(deps, tenant, query.chargerId);
    if (query.siteId && view.charger.siteId !== query.siteId)
      throw apiErrors.notFound(`charger ${query.chargerId}`);
    return getUptimeReport(deps, { tenantId: tenant.tenantId, month: query.month, page: { items: [view] } });
  }
  const siteIds = siteScopeOf(tenant);
  const page = await deps.chargers.list(
    tenant.tenantId,
    {
      limit: query.limit,
      ...(query.cursor && { cursor: query.cursor }),
      ...(query.siteId && { siteId: query.siteId }),
      ...(siteIds && { siteIds }),
    },
    deps.clock.now(),
  );
  return getUptimeReport(deps, { tenantId: tenant.tenantId, month: query.month, page });
};

export const uptimeReportOperations = {
  getUptimeReport: defineOperation({
    summary:
      'Availability per charger, site and page of chargers, per day and for the month: usable, faulted, offline ' +
      'and planned-maintenance time, with faults by error code (JSON, or `Accept: text/csv`)',
    request: { query: querySchema },
    responses: { 200: { description: 'A page of chargers', schema: uptimeReportSchema }, ...errors },
    csvResponse: (body) => csvOf(body, uptimeNames),
    role: 'viewer',
    async handle(deps, { query, principal }) {
      return { status: 200, body: project(await report(deps, principal, query), uptimeNames) };
    },
  }),

  getSessionKpiReport: defineOperation({
    summary:
      'Session KPIs per charger, site and page of chargers, per day and for the month: sessions ended and ' +
      'succeeded, success rate, energy delivered, faults by error code (JSON, or `Accept: text/csv`)',
    request: { query: querySchema },
    responses: { 200: { description: 'A page of chargers', schema: sessionReportSchema }, ...errors },
    csvResponse: (body) => csvOf(body, sessionNames),
    role: 'viewer',
    async handle(deps, { query, principal }) {
      return { status: 200, body: project(await report(deps, principal, query), sessionNames) };
    },
  }),
} satisfies Record<string, Operation>;
