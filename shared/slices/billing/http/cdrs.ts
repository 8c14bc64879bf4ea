import type { z } from 'zod';
import { apiErrors } from '../../../http/api-error.ts';
import { type CsvCell, formatCsv } from '../../../http/csv.ts';
import {
  defineOperation,
  commonErrors as errors,
  type Operation,
  tenantOf,
} from '../../../http/operation.ts';
import { canSeeSite, siteScopeOf } from '../../../http/site-access.ts';
import type { Cdr } from '../cdr.ts';
import { getCdr, listCdrs } from '../cdrs.ts';
import {
  cdrListResponseSchema,
  cdrPathSchema,
  cdrResponseSchema,
  listCdrsQuerySchema,
} from './ocpi-schemas.ts';

type CdrResponse = z.infer<typeof cdrResponseSchema>;

/** The OCPI CDR with the CSMS's fields; the tenant is the caller's, not repeated. */
const toCdrResponse = ({ tenantId: _tenant, ...cdr }: Cdr): CdrResponse => cdr as CdrResponse;

/** One row per CDR: what an accounting import needs; amounts in major (OCPI) and minor (ours) units. */
const csvHeader = [
  'id',
  'session_id',
  'credit',
  'credit_reference_id',
  'start_date_time',
  'end_date_time',
  'last_updated',
  'charger_id',
  'site_id',
  'evse_uid',
  'connector_id',
  'cdr_token_uid',
  'auth_method',
  'tariff_id',
  'tariff_version',
  'currency',
  'total_energy',
  'total_time',
  'total_parking_time',
  'total_cost_excl_vat',
  'total_cost_incl_vat',
  'total_excl_vat_minor',
  'total_vat_minor',
  'total_incl_vat_minor',
] as const;

const csvRow = (cdr: CdrResponse): CsvCell[] => [
  cdr.id,
  cdr.session_id,
  cdr.credit,
  cdr.credit_reference_id,
  cdr.start_date_time,
  cdr.end_date_time,
  cdr.last_updated,
  cdr.chargerId,
  cdr.siteId,
  cdr.cdr_location.evse_uid,
  cdr.cdr_location.connector_id,
  cdr.cdr_token.uid,
  cdr.auth_method,
  cdr.cost.tariffId,
  cdr.cost.tariffVersion,
  cdr.currency,
  cdr.total_energy,
  cdr.total_time,
  cdr.total_parking_time,
  cdr.total_cost.excl_vat,
  cdr.total_cost.incl_vat,
  cdr.cost.totalExclVat,
  cdr.cost.totalVat,
  cdr.cost.totalInclVat,
];

export const cdrOperations = {
  listCdrs: defineOperation({
    summary:
      'List CDRs (OCPI 2.2.1) by issue time, oldest first; `Accept: text/csv` for CSV (the next cursor in `x-next-cursor`)',
    request: { query: listCdrsQuerySchema },
    responses: {
      200: {
        description:
          'A page of CDRs issued in [from, to). A key limited to sites sees its sites’ CDRs only (a page may then be short and still have a cursor).',
        schema: cdrListResponseSchema,
      },
      ...errors,
    },
    csvResponse: (body) => {
      const page = body as z.infer<typeof cdrListResponseSchema>;
      return {
        // Text cells a spreadsheet would run as a formula are escaped by formatCsv.
        text: formatCsv(csvHeader, page.items.map(csvRow)),
        ...(page.cursor && { headers: { 'x-next-cursor': page.cursor } }),
      };
    },
    role: 'viewer',
    async handle(deps, { query, principal }) {
      const tenant = tenantOf(principal);
      const siteIds = siteScopeOf(tenant);
      const page = await listCdrs(deps, { tenantId: tenant.tenantId, ...query, ...(siteIds && { siteIds }) });
      return {
        status: 200,
        body: { items: page.items.map(toCdrResponse), ...(page.cursor && { cursor: page.cursor }) },
      };
    },
  }),

  getCdr: defineOperation({
    summary: 'A CDR (OCPI 2.2.1); it never changes once issued',
    request: { path: cdrPathSchema },
    responses: {
      200: { description: 'The CDR', schema: cdrResponseSchema },
      404: { description: 'No such CDR in this tenant (or outside the key’s sites)' },
      ...errors,
    },
    role: 'viewer',
    async handle(deps, { path, principal }) {
      const tenant = tenantOf(principal);
      const cdr = await getCdr(deps, { tenantId: tenant.tenantId, cdrId: path.cdrId });
      if (!cdr || !canSeeSite(tenant, cdr.siteId)) throw apiErrors.notFound(`CDR ${path.cdrId}`);
      return { status: 200, body: toCdrResponse(cdr) };
    },
  }),
} satisfies Record<string, Operation>;
