import type { z } from 'zod';
import { apiErrors } from '../../../http/api-error.ts';
import {
  defineOperation,
  commonErrors as errors,
  type Operation,
  tenantOf,
} from '../../../http/operation.ts';
import { requireAllSites } from '../../../http/site-access.ts';
import type { OcpiTariff } from '../model.ts';
import { PricingInputError } from '../pricing.ts';
import {
  deleteTariff,
  getTariff,
  listTariffs,
  priceWithTariff,
  putTariff,
  type TariffView,
  TariffWriteConflict,
} from '../tariffs.ts';
import {
  listTariffsQuerySchema,
  priceTariffRequestSchema,
  priceTariffResponseSchema,
  putTariffRequestSchema,
  tariffListResponseSchema,
  tariffPathSchema,
  tariffResponseSchema,
} from './ocpi-schemas.ts';

/** The OCPI Tariff with its id and last_updated, and the CSMS's version and default flag. */
const toTariffResponse = ({ head, isDefault }: TariffView): z.infer<typeof tariffResponseSchema> => ({
  ...(head.tariff as Omit<z.infer<typeof tariffResponseSchema>, 'id'>),
  id: head.tariffId,
  last_updated: head.validFrom,
  version: head.version,
  default: isDefault,
  createdAt: head.createdAt,
});

/** The OCPI content of a PUT body: without the party fields the CSMS fills and the default flag. */
const tariffOf = (body: z.infer<typeof putTariffRequestSchema>): OcpiTariff => {
  const {
    default: _default,
    country_code: _country,
    party_id: _party,
    id: _id,
    last_updated: _updated,
    ...tariff
  } = body;
  return tariff;
};

/** Tariffs price every site's sessions: only a tenant-wide admin key changes them. */
const tenantWide = 'tariffs hold at every site of the tenant';

export const tariffOperations = {
  putTariff: defineOperation({
    summary:
      'Create or replace a tariff (OCPI 2.2.1 Tariff); every change is a new version, sessions keep theirs',
    request: { path: tariffPathSchema, body: putTariffRequestSchema },
    responses: {
      200: { description: 'Replaced (a new version if the content changed)', schema: tariffResponseSchema },
      201: { description: 'Created', schema: tariffResponseSchema },
      409: { description: 'Changed by another request at the same time; retry' },
      ...errors,
    },
    role: 'admin',
    async handle(deps, { path, body, principal }) {
      const tenant = tenantOf(principal);
      requireAllSites(tenant, tenantWide);
      try {
        const { view, created } = await putTariff(deps, {
          tenantId: tenant.tenantId,
          tariffId: path.tariffId,
          tariff: tariffOf(body),
          isDefault: body.default === true,
          actor: tenant.keyId,
        });
        return { status: created ? 201 : 200, body: toTariffResponse(view) };
      } catch (error) {
        if (error instanceof TariffWriteConflict) throw apiErrors.conflict(error.message);
        throw error;
      }
    },
  }),

  listTariffs: defineOperation({
    summary: "List the tenant's tariffs (their latest versions), in id order",
    request: { query: listTariffsQuerySchema },
    responses: { 200: { description: 'A page of tariffs', schema: tariffListResponseSchema }, ...errors },
    role: 'viewer',
    async handle(deps, { query, principal }) {
      const tenant = tenantOf(principal);
      const page = await listTariffs(deps, { tenantId: tenant.tenantId, ...query });
      return {
        status: 200,
        body: { items: page.items.map(toTariffResponse), ...(page.cursor && { cursor: page.cursor }) },
      };
    },
  }),

  getTariff: defineOperation({
    summary: 'A tariff: its latest version',
    request: { path: tariffPathSchema },
    responses: {
      200: { description: 'The tariff', schema: tariffResponseSchema },
      404: { description: 'No such tariff in this tenant' },
      ...errors,
    },
    role: 'viewer',
    async handle(deps, { path, principal }) {
      const tenant = tenantOf(principal);
      const view = await getTariff(deps, { tenantId: tenant.tenantId, tariffId: path.tariffId });
      if (!view) throw apiErrors.notFound(`tariff ${path.tariffId}`);
      return { status: 200, body: toTariffResponse(view) };
    },
  }),

  deleteTariff: defineOperation({
    summary: 'Delete a tariff; sessions priced with it keep their version',
    request: { path: tariffPathSchema },
    responses: {
      200: { description: 'Deleted; the tariff as it was', schema: tariffResponseSchema },
      404: { description: 'No such tariff in this tenant' },
      ...errors,
    },
    role: 'admin',
    async handle(deps, { path, principal }) {
      const tenant = tenantOf(principal);
      requireAllSites(tenant, tenantWide);
      const view = await deleteTariff(deps, { tenantId: tenant.tenantId, tariffId: path.tariffId });
      if (!view) throw apiErrors.notFound(`tariff ${path.tariffId}`);
      return { status: 200, body: toTariffResponse(view) };
    },
  }),

  priceTariff: defineOperation({
    summary:
      "Price a session with a tariff (an OCPI 2.2.1 CDR's times and charging periods): the OCPI totals and the cost lines",
    request: { path: tariffPathSchema, body: priceTariffRequestSchema },
    responses: {
      200: { description: 'OCPI CDR totals and the cost in minor units', schema: priceTariffResponseSchema },
      404: { description: 'No such tariff (or version) in this tenant' },
      ...errors,
    },
    // A computation, no change: whoever may read tariffs may check one against a CDR.
    role: 'viewer',
    async handle(deps, { path, body, principal }) {
      const tenant = tenantOf(principal);
      try {
        const priced = await priceWithTariff(deps, {
          tenantId: tenant.tenantId,
          tariffId: path.tariffId,
          ...(body.version !== undefined && { version: body.version }),
          start_date_time: body.start_date_time,
          end_date_time: body.end_date_time,
          charging_periods: body.charging_periods,
          timeZone: body.time_zone ?? 'UTC',
        });
        if (!priced)
          throw apiErrors.notFound(
            `tariff ${path.tariffId}${body.version === undefined ? '' : ` version ${body.version}`}`,
          );
        return { status: 200, body: { ...priced.ocpi, cost: priced.cost } };
      } catch (error) {
        if (error instanceof PricingInputError) throw apiErrors.badRequest(`body.${error.message}`);
        throw error;
      }
    },
  }),
} satisfies Record<string, Operation>;
