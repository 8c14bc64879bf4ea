import { z } from 'zod';
import { apiErrors } from '../../../http/api-error.ts';
import {
  defineOperation,
  commonErrors as errors,
  type Operation,
  tenantOf,
} from '../../../http/operation.ts';
import { requireAllSites } from '../../../http/site-access.ts';
import {
  defaultDriverKeyTtlSeconds,
  issueDriverKey,
  listDriverKeys,
  maxDriverKeyTtlSeconds,
  minDriverKeyTtlSeconds,
  revokeDriverKey,
} from '../../tenancy/driver-keys.ts';
import { apiKeyResponseSchema, toApiKeyResponse } from '../../tenancy/http/api-keys.ts';
import { driverPathSchema, listQuerySchema } from './schemas.ts';

const driverKeyPathSchema = driverPathSchema.extend({
  keyId: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,64}$/, '1-64 characters of A-Z a-z 0-9 -')
    .meta({ example: '01J0ABCDEF0123456789ABCDEF' }),
});

const issueDriverKeyRequestSchema = z
  .strictObject({
    ttlSeconds: z
      .number()
      .int()
      .min(minDriverKeyTtlSeconds)
      .max(maxDriverKeyTtlSeconds)
      .optional()
      .meta({
        description: `Lifetime in seconds; default ${defaultDriverKeyTtlSeconds} (24 h), at most 7 days.`,
      }),
    name: z.string().trim().min(1).max(100).optional().meta({ example: 'iPhone app login' }),
  })
  .optional();

const issuedDriverKeySchema = z
  .object({
    keyId: z.string(),
    apiKey: z.string().meta({ description: 'Shown once; only its hash is stored.' }),
    role: z.literal('driver'),
    driverId: z.string(),
    expiresAt: z
      .string()
      .meta({ description: 'Refused (401) from then on; issue a new one at the next login.' }),
    name: z.string().optional(),
  })
  .meta({ id: 'IssuedDriverKey' });

const driverKeyListSchema = z.object({
  items: z.array(apiKeyResponseSchema),
  cursor: z.string().optional().meta({ description: 'Pass back to get the next page; absent on the last.' }),
});

/** Drivers belong to the whole tenant (personal data): only tenant-wide keys issue their keys. */
const tenantWide = 'drivers belong to the whole tenant';

/**
 * Driver keys, issued by the operator's backend after it authenticated the driver (`tenancy/driver-keys.ts`):
 * operator keys may issue and revoke them, as they may send a charger commands on a driver's behalf.
 */
export const driverKeyOperations = {
  issueDriverKey: defineOperation({
    summary:
      "Issue a short-lived driver key (role driver) for the driver API: it sees only this driver's data; shown once",
    request: { path: driverPathSchema, body: issueDriverKeyRequestSchema },
    responses: {
      201: { description: 'Issued', schema: issuedDriverKeySchema },
      404: { description: 'No such driver in this tenant' },
      ...errors,
    },
    role: 'operator',
    async handle(deps, { path, body, principal }) {
      const tenant = tenantOf(principal);
      requireAllSites(tenant, tenantWide);
      const issued = await issueDriverKey(deps, {
        tenantId: tenant.tenantId,
        driverId: path.driverId,
        ...(body?.ttlSeconds !== undefined && { ttlSeconds: body.ttlSeconds }),
        ...(body?.name && { name: body.name }),
        actor: tenant.keyId,
      });
      if (!issued) throw apiErrors.notFound(`driver ${path.driverId}`);
      return { status: 201, body: issued };
    },
  }),

  listDriverKeys: defineOperation({
    summary: "List a driver's keys (revoked and expired ones until they are removed; never their secrets)",
    request: { path: driverPathSchema, query: listQuerySchema },
    responses: {
      200: { description: 'A page of driver keys', schema: driverKeyListSchema },
      404: { description: 'No such driver in this tenant' },
      ...errors,
    },
    role: 'operator',
    async handle(deps, { path, query, principal }) {
      const tenant = tenantOf(principal);
      requireAllSites(tenant, tenantWide);
      const page = await listDriverKeys(deps, {
        tenantId: tenant.tenantId,
        driverId: path.driverId,
        ...query,
      });
      if (!page) throw apiErrors.notFound(`driver ${path.driverId}`);
      return {
        status: 200,
        body: { items: page.items.map(toApiKeyResponse), ...(page.cursor && { cursor: page.cursor }) },
      };
    },
  }),

  revokeDriverKey: defineOperation({
    summary: "Revoke one of a driver's keys at once (the app's log-out)",
    request: { path: driverKeyPathSchema },
    responses: {
      200: { description: 'The revoked key', schema: apiKeyResponseSchema },
      404: { description: 'No such key of this driver in this tenant' },
      ...errors,
    },
    role: 'operator',
    async handle(deps, { path, principal }) {
      const tenant = tenantOf(principal);
      requireAllSites(tenant, tenantWide);
      const key = await revokeDriverKey(deps, {
        tenantId: tenant.tenantId,
        driverId: path.driverId,
        keyId: path.keyId,
        actor: tenant.keyId,
      });
      if (!key) throw apiErrors.notFound(`API key ${path.keyId} of driver ${path.driverId}`);
      return { status: 200, body: toApiKeyResponse(key) };
    },
  }),
} satisfies Record<string, Operation>;
