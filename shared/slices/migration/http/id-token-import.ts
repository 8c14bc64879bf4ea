import { z } from 'zod';
import {
  defineOperation,
  commonErrors as errors,
  type Operation,
  tenantOf,
} from '../../../http/operation.ts';
import { idTokenSchema, putIdTokenRequestSchema } from '../../../http/schemas.ts';
import { requireAllSites } from '../../../http/site-access.ts';
import { createDriverRequestSchema } from '../../drivers/http/schemas.ts';
import { type IdTokenImportRow, importIdTokens } from '../id-token-import.ts';
import { maxImportRowsPerRequest, countStatuses as summaryOf } from '../model.ts';
import { importSummarySchema, issueOf, rowResultShape } from './schemas.ts';

const text = z.string().max(256);

/** Each row's fields are checked on their own (a bad one fails its row only); the shape for the whole request. */
const importIdTokensRequestSchema = z.strictObject({
  idTokens: z
    .array(
      z.strictObject({
        idToken: text,
        status: text,
        type: text.optional(),
        expiresAt: text.optional(),
        groupId: text.optional(),
        tariffId: text.optional(),
        // A number in JSON, text in CSV: checked (an integer -9…9) with the row, as PUT checks it.
        chargingPriority: z.union([z.number(), text]).optional(),
        driver: z
          .strictObject({ externalRef: text, name: text.optional(), email: text.optional() })
          .optional()
          .meta({
            description:
              "The token's driver by the operator's own id: linked when the tenant has one with this " +
              '`externalRef`, else created (with `name`, default the reference).',
          }),
      }),
    )
    .min(1)
    .max(maxImportRowsPerRequest),
});

const importIdTokensResponseSchema = z.object({
  results: z.array(
    z.object({
      ...rowResultShape,
      idToken: z.string().optional(),
      driverId: z.string().optional(),
      driverCreated: z.literal(true).optional(),
    }),
  ),
  summary: importSummarySchema,
});

/**
 * CSV with the header `idToken,status[,type,expiresAt,groupId,tariffId,chargingPriority,driverExternalRef,driverName,driverEmail]`
 * (only idToken and status required; empty cells are absent): the same rows as the JSON form.
 */
export const idTokenRowsFromCsv = (records: readonly Record<string, string>[]) => ({
  idTokens: records.map(
    ({
      idToken,
      status,
      type,
      expiresAt,
      groupId,
      tariffId,
      chargingPriority,
      driverExternalRef,
      driverName,
      driverEmail,
      ...rest
    }) => {
      const cell = (value: string | undefined) => (value?.trim() ? value.trim() : undefined);
      const externalRef = cell(driverExternalRef);
      return {
        ...rest,
        idToken: idToken?.trim() ?? '',
        status: status?.trim() ?? '',
        ...(cell(type) && { type: cell(type) }),
        ...(cell(expiresAt) && { expiresAt: cell(expiresAt) }),
        ...(cell(groupId) && { groupId: cell(groupId) }),
        ...(cell(tariffId) && { tariffId: cell(tariffId) }),
        ...(cell(chargingPriority) && { chargingPriority: numberOrText(cell(chargingPriority)!) }),
        ...(externalRef && {
          driver: {
            externalRef,
            ...(cell(driverName) && { name: cell(driverName) }),
            ...(cell(driverEmail) && { email: cell(driverEmail) }),
          },
        }),
      };
    },
  ),
});

/** A CSV cell that is an integer as a number (the row's check then takes it or not), anything else as it is. */
const numberOrText = (value: string): number | string =>
  /^[+-]?\d{1,3}$/.test(value) ? Number(value) : value;

type RequestRow = z.infer<typeof importIdTokensRequestSchema>['idTokens'][number];

/** A row checked by the single-token API's own schemas: the token as PUT takes it, the driver as POST does. */
export const checkIdTokenRow = (row: RequestRow): IdTokenImportRow => {
  const invalidToken = issueOf(idTokenSchema.safeParse(row.idToken), 'idToken');
  const { idToken: _token, driver, ...fields } = row;
  const token = putIdTokenRequestSchema.safeParse(fields);
  const driverFields =
    driver &&
    createDriverRequestSchema.safeParse({
      name: driver.name ?? driver.externalRef,
      externalRef: driver.externalRef,
      ...(driver.email !== undefined && { email: driver.email }),
    });
  const invalid = invalidToken ?? issueOf(token) ?? (driverFields && issueOf(driverFields, 'driver'));
  if (invalid || !token.success)
    return { idToken: row.idToken, status: 'Unknown', invalid: invalid ?? 'invalid row' };
  return {
    idToken: row.idToken,
    ...token.data,
    ...(driverFields?.success && {
      driver: {
        externalRef: driverFields.data.externalRef as string,
        name: driverFields.data.name,
        ...(driverFields.data.email !== undefined && { email: driverFields.data.email }),
      },
    }),
  } as IdTokenImportRow;
};

export const idTokenImportOperations = {
  importIdTokens: defineOperation({
    summary:
      'Import id tokens with their drivers from another CSMS (JSON, or text/csv); each row on its own, a re-run ' +
      'changes nothing',
    request: { body: importIdTokensRequestSchema, csv: idTokenRowsFromCsv },
    responses: {
      200: {
        description:
          'Per row, in order: created, updated, unchanged (already as asked: nothing written) or error (nothing ' +
          'written for the row)',
        schema: importIdTokensResponseSchema,
      },
      ...errors,
    },
    // As PUT /v1/id-tokens/{idToken}: authorization data, tenant-wide.
    role: 'admin',
    async handle(deps, { body, principal }) {
      const tenant = tenantOf(principal);
      requireAllSites(tenant, 'id tokens are valid at every site of the tenant');
      const results = await importIdTokens(deps, {
        tenantId: tenant.tenantId,
        rows: body.idTokens.map(checkIdTokenRow),
        actor: tenant.keyId,
      });
      return { status: 200, body: { results, summary: summaryOf(results) } };
    },
  }),
} satisfies Record<string, Operation>;
