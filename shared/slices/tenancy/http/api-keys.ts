import { z } from 'zod';
import { apiErrors } from '../../../http/api-error.ts';
import {
  defineOperation,
  commonErrors as errors,
  type Operation,
  tenantOf,
} from '../../../http/operation.ts';
import { siteIdSchema } from '../../../http/schemas.ts';
import { requireAllSites } from '../../../http/site-access.ts';
import { createApiKey, listApiKeys, revokeApiKey, rotateApiKey } from '../api-keys.ts';
import type { ApiKey } from '../model.ts';

const keyIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9-]{1,64}$/, '1-64 characters of A-Z a-z 0-9 -')
  .meta({ example: '01J0ABCDEF0123456789ABCDEF' });

const roleSchema = z.enum(['admin', 'operator', 'viewer']).meta({
  description: '`admin` everything in the tenant, `operator` commands and reads, `viewer` reads only.',
});

const keyPathSchema = z.strictObject({ keyId: keyIdSchema });

const keyNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .meta({ description: 'A label shown in listings, e.g. `billing export`', example: 'billing export' });

const fleetIdSchema = z.string().regex(/^[0-9A-Za-z]{1,40}$/, 'a ULID');

const createApiKeyRequestSchema = z
  .strictObject({
    role: roleSchema,
    siteIds: z
      .array(siteIdSchema)
      .min(1)
      .max(50)
      .optional()
      .meta({ description: 'Limits the key to the chargers of these (existing) sites.' }),
    fleetId: fleetIdSchema.optional().meta({
      description:
        'Limits the key to this (existing) fleet: its drivers, vehicles, sessions on every site and reports; every other route answers 403. Role `viewer` or `operator`; not with `siteIds`.',
    }),
    name: keyNameSchema.optional(),
    description: z.string().trim().min(1).max(200).optional(),
  })
  .refine((body) => body.fleetId === undefined || body.role !== 'admin', {
    path: ['role'],
    message: 'a fleet-scoped key is a viewer or an operator',
  })
  .refine((body) => body.fleetId === undefined || body.siteIds === undefined, {
    path: ['siteIds'],
    message: 'a fleet-scoped key sees its fleet on every site: no siteIds with fleetId',
  });

const issuedApiKeySchema = z
  .object({
    keyId: z.string(),
    apiKey: z.string().meta({ description: 'Shown once; only its hash is stored.' }),
    role: roleSchema,
    siteIds: z.array(z.string()).optional(),
    fleetId: z.string().optional(),
    name: z.string().optional(),
  })
  .meta({ id: 'IssuedApiKey' });

export const apiKeyResponseSchema = z
  .object({
    keyId: z.string(),
    role: z.enum(['admin', 'operator', 'viewer', 'driver']).meta({
      description: 'As issued; `driver` keys are issued per driver (`POST /v1/drivers/{driverId}/api-keys`).',
    }),
    driverId: z.string().optional().meta({ description: 'The driver a `driver` key acts as.' }),
    expiresAt: z.string().optional().meta({ description: 'A `driver` key is refused from then on.' }),
    siteIds: z.array(z.string()).optional(),
    fleetId: z.string().optional(),
    name: z.string().optional(),
    description: z.string().optional(),
    revokedAt: z.string().optional(),
    createdAt: z.string(),
    createdBy: z.string(),
    updatedAt: z.string(),
    updatedBy: z.string(),
  })
  .meta({ id: 'ApiKey', description: 'An API key without its secret, which is never shown again.' });

const listApiKeysQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2048).optional(),
});

const apiKeyListResponseSchema = z.object({
  items: z.array(apiKeyResponseSchema),
  cursor: z.string().optional().meta({ description: 'Pass back to get the next page; absent on the last.' }),
});

/** Never the secret's hash. */
export const toApiKeyResponse = (key: ApiKey): z.infer<typeof apiKeyResponseSchema> => ({
  keyId: key.keyId,
  role: key.role,
  ...(key.driverId && { driverId: key.driverId }),
  ...(key.expiresAt && { expiresAt: key.expiresAt }),
  ...(key.siteIds && { siteIds: [...key.siteIds] }),
  ...(key.fleetId && { fleetId: key.fleetId }),
  ...(key.name && { name: key.name }),
  ...(key.description && { description: key.description }),
  ...(key.revokedAt && { revokedAt: key.revokedAt }),
  createdAt: key.createdAt,
  createdBy: key.createdBy,
  updatedAt: key.updatedAt,
  updatedBy: key.updatedBy,
});

const notFound = { 404: { description: 'No such API key in this tenant' } } as const;

/** The tenant's own API keys; managed by admin keys that are not limited to sites. */
export const apiKeyOperations = {
  createApiKey: defineOperation({
    summary:
      'Issue another API key with a role, optionally limited to sites or to a fleet; the key is shown once',
    request: { body: createApiKeyRequestSchema },
    responses: { 201: { description: 'Created', schema: issuedApiKeySchema }, ...errors },
    role: 'admin',
    async handle(deps, { body, principal }) {
      const tenant = tenantOf(principal);
      requireAllSites(tenant);
      const result = await createApiKey(deps, {
        tenantId: tenant.tenantId,
        role: body.role,
        ...(body.siteIds && { siteIds: body.siteIds }),
        ...(body.fleetId && { fleetId: body.fleetId }),
        ...(body.name && { name: body.name }),
        ...(body.description && { description: body.description }),
        actor: tenant.keyId,
      });
      if (!result.ok && result.reason === 'unknown-fleet')
        throw apiErrors.badRequest(`body.fleetId: no fleet ${result.fleetId} in this tenant`);
      if (!result.ok) throw apiErrors.badRequest(`unknown site ${result.siteId}`);
      const { ok: _ok, ...issued } = result;
      return { status: 201, body: issued };
    },
  }),

  listApiKeys: defineOperation({
    summary: "List the tenant's API keys, revoked ones included (never their secrets)",
    request: { query: listApiKeysQuerySchema },
    responses: { 200: { description: 'A page of API keys', schema: apiKeyListResponseSchema }, ...errors },
    role: 'admin',
    async handle(deps, { query, principal }) {
      const tenant = tenantOf(principal);
      requireAllSites(tenant);
      const page = await listApiKeys(deps, { tenantId: tenant.tenantId, ...query });
      return {
        status: 200,
        body: { items: page.items.map(toApiKeyResponse), ...(page.cursor && { cursor: page.cursor }) },
      };
    },
  }),

  revokeApiKey: defineOperation({
    summary: "Revoke an API key at once (not the tenant's last active admin key)",
    request: { path: keyPathSchema },
    responses: {
      200: { description: 'The revoked key', schema: apiKeyResponseSchema },
      ...notFound,
      409: { description: "The tenant's last active admin key" },
      ...errors,
    },
    role: 'admin',
    async handle(deps, { path, principal }) {
      const tenant = tenantOf(principal);
      requireAllSites(tenant);
      const { outcome, key } = await revokeApiKey(deps, {
        tenantId: tenant.tenantId,
        keyId: path.keyId,
        actor: tenant.keyId,
      });
      if (outcome === 'not-found' || !key) throw apiErrors.notFound(`API key ${path.keyId}`);
      if (outcome === 'last-admin')
        throw apiErrors.conflict("the tenant's last active admin key cannot be revoked");
      return { status: 200, body: toApiKeyResponse(key) };
    },
  }),

  rotateApiKey: defineOperation({
    summary: 'A new secret for an API key (same id and role); the old secret stops working at once',
    request: { path: keyPathSchema },
    responses: {
      200: { description: 'The key with its new secret, shown once', schema: issuedApiKeySchema },
      ...notFound,
      409: { description: 'The key is revoked' },
      ...errors,
    },
    role: 'admin',
    async handle(deps, { path, principal }) {
      const tenant = tenantOf(principal);
      requireAllSites(tenant);
      const result = await rotateApiKey(deps, {
        tenantId: tenant.tenantId,
        keyId: path.keyId,
        actor: tenant.keyId,
      });
      if (!result.ok && result.reason === 'revoked')
        throw apiErrors.conflict(`API key ${path.keyId} is revoked`);
      if (!result.ok) throw apiErrors.notFound(`API key ${path.keyId}`);
      const { ok: _ok, ...issued } = result;
      return { status: 200, body: issued };
    },
  }),
} satisfies Record<string, Operation>;
