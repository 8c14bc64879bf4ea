import type { z } from 'zod';
import type { ChargerView } from '../../domain/model.ts';
import { getCharger, listChargers, provisionCharger } from '../../domain/use-cases/chargers.ts';
import { apiErrors } from '../api-error.ts';
import { defineOperation, commonErrors as errors, type Operation, tenantOf } from '../operation.ts';
import {
  chargerListResponseSchema,
  chargerPathSchema,
  chargerResponseSchema,
  createChargerRequestSchema,
  createChargerResponseSchema,
  listChargersQuerySchema,
} from '../schemas.ts';

const toChargerResponse = (view: ChargerView): z.infer<typeof chargerResponseSchema> => {
  const { charger, connection, connectors } = view;
  const lastSeenAt = connection?.lastSeenAt ?? charger.lastSeenAt;
  return {
    chargerId: charger.chargerId,
    ...(charger.siteId && { siteId: charger.siteId }),
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

export const chargerOperations: Record<string, Operation> = {
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
      const result = await provisionCharger(deps, {
        tenantId: tenant.tenantId,
        chargerId: body.chargerId,
        ...(body.siteId && { siteId: body.siteId }),
        actor: tenant.keyId,
      });
      if (!result.ok) throw apiErrors.conflict(`charger ${body.chargerId} already exists`);
      const { ok: _ok, ...created } = result;
      return { status: 201, body: created };
    },
  }),

  listChargers: defineOperation({
    summary: "List the tenant's chargers, optionally of one site",
    request: { query: listChargersQuerySchema },
    responses: { 200: { description: 'A page of chargers', schema: chargerListResponseSchema }, ...errors },
    role: 'viewer',
    async handle(deps, { query, principal }) {
      const tenant = tenantOf(principal);
      const page = await listChargers(deps, { tenantId: tenant.tenantId, ...query });
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
      const tenant = tenantOf(principal);
      const view = await getCharger(deps, { tenantId: tenant.tenantId, chargerId: path.chargerId });
      if (!view) throw apiErrors.notFound(`charger ${path.chargerId}`);
      return { status: 200, body: toChargerResponse(view) };
    },
  }),
};
