import { z } from 'zod';
import { apiErrors } from '../../../http/api-error.ts';
import {
  defineOperation,
  commonErrors as errors,
  type Operation,
  tenantOf,
} from '../../../http/operation.ts';
import {
  chargerIdSchema,
  chargerListResponseSchema,
  chargerPathSchema,
  chargerResponseSchema,
  chosenChargerPasswordSchema,
  cohortSchema,
  createChargerRequestSchema,
  createChargerResponseSchema,
  listChargersQuerySchema,
  siteIdSchema,
} from '../../../http/schemas.ts';
import { canSeeSite, getVisibleCharger, siteScopeOf } from '../../../http/site-access.ts';
import { tariffAssignmentSchema, unknownTariff } from '../../billing/http/scope-schemas.ts';
import { chargerWiringChangesShape, wiringOf } from '../../load-management/http/schemas.ts';
import {
  deleteCharger,
  type ImportRow,
  importChargers,
  listChargers,
  provisionCharger,
  resetChargerPassword,
  updateCharger,
} from '../chargers.ts';
import type { ChargerView } from '../model.ts';

const updateChargerRequestSchema = z
  .strictObject({
    siteId: siteIdSchema.nullable().optional().meta({ description: 'An existing site; `null`: no site.' }),
    description: z.string().trim().min(1).max(200).nullable().optional(),
    tariffId: tariffAssignmentSchema,
    cohort: cohortSchema.nullable().optional().meta({ description: 'A migration cohort; `null`: none.' }),
    ...chargerWiringChangesShape,
  })
  .refine((body) => Object.keys(body).length > 0, 'nothing to change');

const chargerPasswordResponseSchema = z.object({
  password: z
    .string()
    .meta({ description: 'The new Basic-auth password, shown once; the old one stops working.' }),
});

/** Most chargers one import may hold: about 100 KB of JSON, and well within the API's 29 s. */
export const maxImportRows = 1000;

/** Rows are checked one by one (a bad id fails its row only); their shape is checked for the whole request. */
const importChargersRequestSchema = z.strictObject({
  chargers: z
    .array(
      z.strictObject({
        chargerId: z.string().max(256),
        siteId: z.string().max(256).optional(),
        password: z.string().max(256).optional(),
        cohort: z.string().max(256).optional(),
      }),
    )
    .min(1)
    .max(maxImportRows),
});

const importChargersResponseSchema = z.object({
  created: z.array(createChargerResponseSchema),
  failed: z.array(
    z.object({
      chargerId: z.string(),
      code: z.enum(['invalid_request', 'duplicate', 'conflict', 'unknown_site', 'forbidden']),
      message: z.string(),
    }),
  ),
});

/**
 * CSV with the header `chargerId,siteId[,password,cohort]` (all but chargerId optional, may be empty): the same body as
 * the JSON form. A password is taken as it is (no trimming: spaces are refused, not removed).
 */
const importRowsFromCsv = (records: readonly Record<string, string>[]) => ({
  chargers: records.map(({ chargerId, siteId, password, cohort, ...rest }) => ({
    ...rest,
    ...(chargerId !== undefined && { chargerId: chargerId.trim() }),
    ...(siteId?.trim() && { siteId: siteId.trim() }),
    ...(password && { password }),
    ...(cohort?.trim() && { cohort: cohort.trim() }),
  })),
});

/** No body: a new password is generated; `{password}`: the charger's existing one is kept (a migration). */
const resetChargerPasswordRequestSchema = z
  .strictObject({ password: chosenChargerPasswordSchema.optional() })
  .optional();

const toChargerResponse = (view: ChargerView): z.infer<typeof chargerResponseSchema> => {
  const { charger, connection, connectors } = view;
  const lastSeenAt = connection?.lastSeenAt ?? charger.lastSeenAt;
  return {
    chargerId: charger.chargerId,
    ...(charger.siteId && { siteId: charger.siteId }),
    ...(charger.description && { description: charger.description }),
    ...(charger.tariffId && { tariffId: charger.tariffId }),
    ...(charger.cohort && { cohort: charger.cohort }),
    ...wiringOf(charger),
    online: connection !== undefined,
    ...((connection?.ocppVersion ?? charger.ocppVersion) && {
      ocppVersion: connection?.ocppVersion ?? charger.ocppVersion,
    }),
    ...(charger.vendor && { vendor: charger.vendor }),
    ...(charger.model && { model: charger.model }),
    ...(charger.serialNumber && { serialNumber: charger.serialNumber }),
    ...(charger.firmwareVersion && { firmwareVersion: charger.firmwareVersion }),
    ...(charger.bootedAt && { bootedAt: charger.bootedAt }),
    ...(connection && { connectedAt: connection.connectedAt }),
    ...(lastSeenAt && { lastSeenAt }),
    connectors: connectors.map(({ evseId, connectorId, status, errorCode, info, statusAt }) => ({
      evseId,
      connectorId,
      status,
      ...(errorCode && { errorCode }),
      ...(info && { info }),
      statusAt,
    })),
    createdAt: charger.createdAt,
    updatedAt: charger.updatedAt,
  };
};

export const chargerOperations = {
  createCharger: defineOperation({
    summary: 'Provision a charger; returns its Basic-auth password once',
    request: { body: createChargerRequestSchema },
    responses: {
      201: { description: 'Created', schema: createChargerResponseSchema },
      409: { description: 'A charger with this id exists in the tenant' },
      ...errors,
    },
    role: 'admin',
    async handle(deps, { body, principal }) {
      const tenant = tenantOf(principal);
      if (!canSeeSite(tenant, body.siteId))
        throw apiErrors.forbidden('this key may only add chargers to its own sites');
      const result = await provisionCharger(deps, {
        tenantId: tenant.tenantId,
        chargerId: body.chargerId,
        ...(body.siteId && { siteId: body.siteId }),
        ...(body.password && { password: body.password }),
        ...(body.cohort && { cohort: body.cohort }),
        actor: tenant.keyId,
      });
      if (!result.ok && result.reason === 'unknown-site')
        throw apiErrors.badRequest(`unknown site ${body.siteId}`);
      if (!result.ok) throw apiErrors.conflict(`charger ${body.chargerId} already exists`);
      const { ok: _ok, ...created } = result;
      return { status: 201, body: created };
    },
  }),

  listChargers: defineOperation({
    summary: "List the tenant's chargers, optionally of one site (a site-limited key: of its sites)",
    request: { query: listChargersQuerySchema },
    responses: { 200: { description: 'A page of chargers', schema: chargerListResponseSchema }, ...errors },
    role: 'viewer',
    async handle(deps, { query, principal }) {
      const tenant = tenantOf(principal);
      const scope = siteScopeOf(tenant);
      const page = await listChargers(deps, {
        tenantId: tenant.tenantId,
        ...query,
        ...(scope && { siteIds: scope }),
      });
      return {
        status: 200,
        body: { items: page.items.map(toChargerResponse), ...(page.cursor && { cursor: page.cursor }) },
      };
    },
  }),

  getCharger: defineOperation({
    summary: 'A charger with its connection and connector states',
    request: { path: chargerPathSchema },
    responses: {
      200: { description: 'The charger', schema: chargerResponseSchema },
      404: { description: 'No such charger in this tenant' },
      ...errors,
    },
    role: 'viewer',
    async handle(deps, { path, principal }) {
      const view = await getVisibleCharger(deps, tenantOf(principal), path.chargerId);
      return { status: 200, body: toChargerResponse(view) };
    },
  }),

  updateCharger: defineOperation({
    summary:
      'Move a charger to another site, change its description, its tariff, its migration cohort or its wiring (load management)',
    request: { path: chargerPathSchema, body: updateChargerRequestSchema },
    responses: {
      200: { description: 'The charger', schema: chargerResponseSchema },
      404: { description: 'No such charger in this tenant' },
      ...errors,
    },
    role: 'admin',
    async handle(deps, { path, body, principal }) {
      const tenant = tenantOf(principal);
      await getVisibleCharger(deps, tenant, path.chargerId);
      if (body.siteId !== undefined && !canSeeSite(tenant, body.siteId ?? undefined))
        throw apiErrors.forbidden('this key may only move chargers to its own sites');
      const result = await updateCharger(deps, {
        tenantId: tenant.tenantId,
        chargerId: path.chargerId,
        changes: body,
        actor: tenant.keyId,
      });
      if (!result.ok && result.reason === 'unknown-site')
        throw apiErrors.badRequest(`unknown site ${body.siteId}`);
      if (!result.ok && result.reason === 'unknown-tariff') throw unknownTariff(body.tariffId);
      if (!result.ok && result.reason === 'invalid-wiring')
        throw apiErrors.badRequest(`body.${result.issue.field}: ${result.issue.message}`);
      if (!result.ok) throw apiErrors.notFound(`charger ${path.chargerId}`);
      return { status: 200, body: toChargerResponse(await getVisibleCharger(deps, tenant, path.chargerId)) };
    },
  }),

  deleteCharger: defineOperation({
    summary: 'Delete a charger with its connection and connector states; closes its live connection',
    request: { path: chargerPathSchema },
    responses: {
      204: { description: 'Deleted' },
      404: { description: 'No such charger in this tenant' },
      ...errors,
    },
    role: 'admin',
    async handle(deps, { path, principal }) {
      const tenant = tenantOf(principal);
      await getVisibleCharger(deps, tenant, path.chargerId);
      if (!(await deleteCharger(deps, { tenantId: tenant.tenantId, chargerId: path.chargerId })))
        throw apiErrors.notFound(`charger ${path.chargerId}`);
      return { status: 204, body: undefined };
    },
  }),

  resetChargerPassword: defineOperation({
    summary:
      'A new Basic-auth password for a charger, or (with `password`) the one it already has, brought from another ' +
      'CSMS; closes its live connection, the old password is refused',
    request: { path: chargerPathSchema, body: resetChargerPasswordRequestSchema },
    responses: {
      200: { description: 'The new password', schema: chargerPasswordResponseSchema },
      404: { description: 'No such charger in this tenant' },
      ...errors,
    },
    role: 'admin',
    async handle(deps, { path, body, principal }) {
      const tenant = tenantOf(principal);
      await getVisibleCharger(deps, tenant, path.chargerId);
      const result = await resetChargerPassword(deps, {
        tenantId: tenant.tenantId,
        chargerId: path.chargerId,
        ...(body?.password && { password: body.password }),
        actor: tenant.keyId,
      });
      if (!result) throw apiErrors.notFound(`charger ${path.chargerId}`);
      return { status: 200, body: result };
    },
  }),

  importChargers: defineOperation({
    summary:
      'Provision many chargers (JSON, or text/csv with the header `chargerId,siteId[,password,cohort]`), with their existing ' +
      'passwords where given (a migration); each row succeeds or fails on its own',
    request: { body: importChargersRequestSchema, csv: importRowsFromCsv },
    responses: {
      200: {
        description: 'What was created (passwords shown once) and what failed',
        schema: importChargersResponseSchema,
      },
      ...errors,
    },
    role: 'admin',
    async handle(deps, { body, principal }) {
      const tenant = tenantOf(principal);
      const scope = siteScopeOf(tenant);
      const rows = body.chargers.map((row): ImportRow => {
        const invalidId = chargerIdSchema.safeParse(row.chargerId).error?.issues[0]?.message;
        const invalidSite =
          row.siteId === undefined ? undefined : siteIdSchema.safeParse(row.siteId).error?.issues[0]?.message;
        const invalidPassword =
          row.password === undefined
            ? undefined
            : chosenChargerPasswordSchema.safeParse(row.password).error?.issues[0]?.message;
        const invalidCohort =
          row.cohort === undefined ? undefined : cohortSchema.safeParse(row.cohort).error?.issues[0]?.message;
        if (invalidId) return { ...row, invalid: `chargerId: ${invalidId}` };
        if (invalidSite) return { ...row, invalid: `siteId: ${invalidSite}` };
        if (invalidCohort) return { ...row, invalid: `cohort: ${invalidCohort}` };
        return invalidPassword ? { ...row, invalid: `password: ${invalidPassword}` } : row;
      });
      const result = await importChargers(deps, {
        tenantId: tenant.tenantId,
        rows,
        ...(scope && { siteIds: scope }),
        actor: tenant.keyId,
      });
      return { status: 200, body: result };
    },
  }),
} satisfies Record<string, Operation>;
