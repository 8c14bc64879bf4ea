import type { z } from 'zod';
import { apiErrors } from '../../../http/api-error.ts';
import {
  defineOperation,
  commonErrors as errors,
  type Operation,
  tenantOf,
} from '../../../http/operation.ts';
import {
  idTokenListResponseSchema,
  idTokenPathSchema,
  idTokenResponseSchema,
  listIdTokensQuerySchema,
  putIdTokenRequestSchema,
} from '../../../http/schemas.ts';
import { requireAllSites } from '../../../http/site-access.ts';
import { refusingUnknownTariff } from '../../billing/http/scope-schemas.ts';
import { deleteIdToken, getIdToken, listIdTokens, putIdToken, UnknownDriverError } from '../id-tokens.ts';
import type { IdToken } from '../model.ts';

export const toIdTokenResponse = (token: IdToken): z.infer<typeof idTokenResponseSchema> => ({
  idToken: token.displayIdToken,
  type: token.tokenType,
  status: token.status,
  ...(token.expiresAt && { expiresAt: token.expiresAt }),
  ...(token.groupId && { groupId: token.groupId }),
  ...(token.tariffId && { tariffId: token.tariffId }),
  ...(token.driverId && { driverId: token.driverId }),
  ...(token.chargingPriority !== undefined && { chargingPriority: token.chargingPriority }),
  createdAt: token.createdAt,
  updatedAt: token.updatedAt,
});

/** A token linked to a driver the tenant does not have: 400 naming the field. */
const refusingUnknownDriver = async <T>(work: Promise<T>): Promise<T> => {
  try {
    return await work;
  } catch (error) {
    if (error instanceof UnknownDriverError)
      throw apiErrors.badRequest(`body.driverId: no driver ${error.driverId} in this tenant`);
    throw error;
  }
};

/** Id tokens hold at every site of the tenant, so a site-limited key must not change them for the others. */
const tenantWide = 'id tokens are valid at every site of the tenant';

export const idTokenOperations = {
  putIdToken: defineOperation({
    summary: 'Create or replace an id token (case-insensitive) with its authorization status',
    request: { path: idTokenPathSchema, body: putIdTokenRequestSchema },
    responses: {
      200: { description: 'Replaced', schema: idTokenResponseSchema },
      201: { description: 'Created', schema: idTokenResponseSchema },
      ...errors,
    },
    // Who may charge is authorization data: only admins with a tenant-wide key change it.
    role: 'admin',
    async handle(deps, { path, body, principal }) {
      const tenant = tenantOf(principal);
      requireAllSites(tenant, tenantWide);
      const { token, created } = await refusingUnknownDriver(
        refusingUnknownTariff(
          putIdToken(deps, {
            tenantId: tenant.tenantId,
            idToken: path.idToken,
            status: body.status,
            ...(body.type && { type: body.type }),
            ...(body.expiresAt && { expiresAt: body.expiresAt }),
            ...(body.groupId && { groupId: body.groupId }),
            ...(body.tariffId && { tariffId: body.tariffId }),
            ...(body.driverId && { driverId: body.driverId }),
            ...(body.chargingPriority !== undefined && { chargingPriority: body.chargingPriority }),
            actor: tenant.keyId,
          }),
        ),
      );
      return { status: created ? 201 : 200, body: toIdTokenResponse(token) };
    },
  }),

  listIdTokens: defineOperation({
    summary: "List the tenant's id tokens, in token order",
    request: { query: listIdTokensQuerySchema },
    responses: { 200: { description: 'A page of id tokens', schema: idTokenListResponseSchema }, ...errors },
    role: 'viewer',
    async handle(deps, { query, principal }) {
      const tenant = tenantOf(principal);
      const page = await listIdTokens(deps, { tenantId: tenant.tenantId, ...query });
      return {
        status: 200,
        body: { items: page.items.map(toIdTokenResponse), ...(page.cursor && { cursor: page.cursor }) },
      };
    },
  }),

  getIdToken: defineOperation({
    summary: 'An id token (case-insensitive)',
    request: { path: idTokenPathSchema },
    responses: {
      200: { description: 'The id token', schema: idTokenResponseSchema },
      404: { description: 'No such id token in this tenant' },
      ...errors,
    },
    role: 'viewer',
    async handle(deps, { path, principal }) {
      const tenant = tenantOf(principal);
      const token = await getIdToken(deps, { tenantId: tenant.tenantId, idToken: path.idToken });
      if (!token) throw apiErrors.notFound(`id token ${path.idToken}`);
      return { status: 200, body: toIdTokenResponse(token) };
    },
  }),

  deleteIdToken: defineOperation({
    summary: 'Delete an id token; chargers then get Unknown (1.6: Invalid) for it',
    request: { path: idTokenPathSchema },
    responses: {
      200: { description: 'Deleted; the token as it was', schema: idTokenResponseSchema },
      404: { description: 'No such id token in this tenant' },
      ...errors,
    },
    role: 'admin',
    async handle(deps, { path, principal }) {
      const tenant = tenantOf(principal);
      requireAllSites(tenant, tenantWide);
      const token = await deleteIdToken(deps, { tenantId: tenant.tenantId, idToken: path.idToken });
      if (!token) throw apiErrors.notFound(`id token ${path.idToken}`);
      return { status: 200, body: toIdTokenResponse(token) };
    },
  }),
} satisfies Record<string, Operation>;
