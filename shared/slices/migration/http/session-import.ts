import { z } from 'zod';
import {
  defineOperation,
  commonErrors as errors,
  type Operation,
  tenantOf,
} from '../../../http/operation.ts';
import { chargerIdSchema, idTokenSchema } from '../../../http/schemas.ts';
import { siteScopeOf } from '../../../http/site-access.ts';
import { countStatuses, maxImportRowsPerRequest } from '../model.ts';
import { importSessions, type SessionImportRow } from '../session-import.ts';
import { importSummarySchema, issueOf, rowResultShape } from './schemas.ts';

const text = z.string().max(256);
/** Numbers as JSON numbers; a CSV cell that is none stays text, and its row fails naming the field. */
const numeric = z.union([z.number(), text]);

const importSessionsRequestSchema = z.strictObject({
  sessions: z
    .array(
      z.strictObject({
        externalId: text.meta({ description: "The session's id in the other CSMS (unique per tenant)." }),
        chargerId: text,
        idToken: text.optional(),
        evseId: numeric.optional(),
        connectorId: numeric.optional(),
        startedAt: text,
        endedAt: text,
        energyWh: numeric,
        costTotal: numeric
          .optional()
          .meta({ description: 'What the other CSMS billed, integer minor units.' }),
        currency: text.optional().meta({ description: 'ISO 4217, with costTotal.' }),
      }),
    )
    .min(1)
    .max(maxImportRowsPerRequest),
});

/** A row as the session is stored: the checks of one row, naming the field. */
const sessionRowSchema = z
  .strictObject({
    externalId: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .regex(/^[^\s#]*$/, 'no spaces or #'),
    chargerId: chargerIdSchema,
    idToken: idTokenSchema.optional(),
    evseId: z.number().int().min(0).optional(),
    connectorId: z.number().int().min(0).optional(),
    startedAt: z.iso.datetime({ offset: true }),
    endedAt: z.iso.datetime({ offset: true }),
    energyWh: z.number().int().min(0),
    costTotal: z.number().int().optional(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'an ISO 4217 code')
      .optional(),
  })
  .refine((row) => Date.parse(row.endedAt) >= Date.parse(row.startedAt), {
    path: ['endedAt'],
    message: 'before startedAt',
  })
  .refine((row) => (row.costTotal === undefined) === (row.currency === undefined), {
    path: ['currency'],
    message: 'costTotal and currency go together',
  });

type RequestRow = z.infer<typeof importSessionsRequestSchema>['sessions'][number];

export const checkSessionRow = (row: RequestRow): SessionImportRow => {
  const parsed = sessionRowSchema.safeParse(row);
  if (!parsed.success)
    return {
      externalId: String(row.externalId),
      chargerId: String(row.chargerId),
      startedAt: '',
      endedAt: '',
      energyWh: 0,
      invalid: issueOf(parsed) ?? 'invalid row',
    };
  const { costTotal, currency, ...fields } = parsed.data;
  return {
    ...fields,
    ...(costTotal !== undefined && currency !== undefined && { cost: { total: costTotal, currency } }),
  };
};

/**
 * CSV with the header `externalId,chargerId,startedAt,endedAt,energyWh[,idToken,evseId,connectorId,costTotal,currency]`
 * (empty cells are absent): the same rows as the JSON form.
 */
const sessionRowsFromCsv = (records: readonly Record<string, string>[]) => ({
  sessions: records.map((record) =>
    Object.fromEntries(
      Object.entries(record).flatMap(([name, value]) => {
        const cell = value.trim();
        if (cell === '') return [];
        const isNumber = ['evseId', 'connectorId', 'energyWh', 'costTotal'].includes(name);
        return [[name, isNumber && /^-?\d+(\.\d+)?$/.test(cell) ? Number(cell) : cell]];
      }),
    ),
  ),
});

const importSessionsResponseSchema = z.object({
  results: z.array(
    z.object({ ...rowResultShape, externalId: z.string().optional(), sessionId: z.string().optional() }),
  ),
  summary: importSummarySchema,
});

export const sessionImportOperations = {
  importSessions: defineOperation({
    summary:
      "Import finished sessions of the drivers' history from another CSMS (JSON, or text/csv): stored as " +
      '`imported`, never billed or re-priced; each row on its own, idempotent by external id',
    request: { body: importSessionsRequestSchema, csv: sessionRowsFromCsv },
    responses: {
      200: {
        description:
          'Per row, in order: created, updated (a changed row of an imported session), unchanged or error ' +
          '(nothing written for the row)',
        schema: importSessionsResponseSchema,
      },
      ...errors,
    },
    role: 'admin',
    async handle(deps, { body, principal }) {
      const tenant = tenantOf(principal);
      const siteIds = siteScopeOf(tenant);
      const results = await importSessions(deps, {
        tenantId: tenant.tenantId,
        rows: body.sessions.map(checkSessionRow),
        ...(siteIds && { siteIds }),
        actor: tenant.keyId,
      });
      return { status: 200, body: { results, summary: countStatuses(results) } };
    },
  }),
} satisfies Record<string, Operation>;
