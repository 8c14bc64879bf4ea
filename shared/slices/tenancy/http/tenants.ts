import { z } from 'zod';
import { maxApiRateLimitPerSecond } from '../../../config.ts';
import { apiErrors } from '../../../http/api-error.ts';
import { defineOperation, commonErrors as errors, type Operation } from '../../../http/operation.ts';
import { createTenantRequestSchema, createTenantResponseSchema } from '../../../http/schemas.ts';
import type { Tenant } from '../model.ts';
import { createTenant, getTenant, listTenants, updateTenant } from '../tenants.ts';

/** Tenant ids are ULIDs; `_` is left out so that the reserved platform tenant can never be named. */
export const tenantIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9-]{1,64}$/, '1-64 characters of A-Z a-z 0-9 -')
  .meta({ example: '01J0ABCDEF0123456789ABCDEF' });

const tenantPathSchema = z.strictObject({ tenantId: tenantIdSchema });

export const tenantResponseSchema = z
  .object({
    tenantId: z.string(),
    name: z.string(),
    status: z.enum(['active', 'suspended']),
    rateLimitPerSecond: z
      .number()
      .int()
      .optional()
      .meta({ description: "The tenant's own API rate limit; absent: the platform default." }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Tenant' });

const listTenantsQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2048).optional(),
});

const tenantListResponseSchema = z.object({
  items: z.array(tenantResponseSchema),
  cursor: z.string().optional().meta({ description: 'Pass back to get the next page; absent on the last.' }),
});

const updateTenantRequestSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    status: z.enum(['active', 'suspended']).optional().meta({
      description:
        "`suspended` refuses the tenant's API keys and charger connections from then on, and closes its chargers' live connections.",
    }),
    rateLimitPerSecond: z.number().int().min(1).max(maxApiRateLimitPerSecond).nullable().optional().meta({
      description: 'API requests per second for all its keys together; `null`: the platform default.',
    }),
  })
  .refine((body) => Object.keys(body).length > 0, 'nothing to change');

const toTenantResponse = (tenant: Tenant): z.infer<typeof tenantResponseSchema> => ({
  tenantId: tenant.tenantId,
  name: tenant.name,
  status: tenant.status,
  ...(tenant.rateLimitPerSecond !== undefined && { rateLimitPerSecond: tenant.rateLimitPerSecond }),
  createdAt: tenant.createdAt,
  updatedAt: tenant.updatedAt,
});

const notFound = { 404: { description: 'No such tenant' } } as const;

/** Platform-admin operations on tenants (`role` does not apply to platform-admin routes). */
export const tenantOperations = {
  createTenant: defineOperation({
    summary: 'Create a tenant (platform admin); returns its first admin API key',
    request: { body: createTenantRequestSchema },
    responses: { 201: { description: 'Created', schema: createTenantResponseSchema }, ...errors },
    role: 'admin',
    async handle(deps, { body, principal }) {
      const { tenantId, apiKey } = await createTenant(deps, {
        name: body.name,
        actor: principal?.keyId ?? '?',
      });
      return { status: 201, body: { tenantId, apiKey } };
    },
  }),

  listTenants: defineOperation({
    summary: 'List all tenants (platform admin)',
    request: { query: listTenantsQuerySchema },
    responses: { 200: { description: 'A page of tenants', schema: tenantListResponseSchema }, ...errors },
    role: 'admin',
    async handle(deps, { query }) {
      const page = await listTenants(deps, query);
      return {
        status: 200,
        body: { items: page.items.map(toTenantResponse), ...(page.cursor && { cursor: page.cursor }) },
      };
    },
  }),

  getTenant: defineOperation({
    summary: 'A tenant (platform admin)',
    request: { path: tenantPathSchema },
    responses: { 200: { description: 'The tenant', schema: tenantResponseSchema }, ...notFound, ...errors },
    role: 'admin',
    async handle(deps, { path }) {
      const tenant = await getTenant(deps, path);
      if (!tenant) throw apiErrors.notFound(`tenant ${path.tenantId}`);
      return { status: 200, body: toTenantResponse(tenant) };
    },
  }),

  updateTenant: defineOperation({
    summary: 'Rename, suspend or reactivate a tenant, or set its API rate limit (platform admin)',
    request: { path: tenantPathSchema, body: updateTenantRequestSchema },
    responses: { 200: { description: 'The tenant', schema: tenantResponseSchema }, ...notFound, ...errors },
    role: 'admin',
    async handle(deps, { path, body, principal }) {
      const tenant = await updateTenant(deps, {
        tenantId: path.tenantId,
        changes: body,
        actor: principal?.keyId ?? '?',
      });
      if (!tenant) throw apiErrors.notFound(`tenant ${path.tenantId}`);
      return { status: 200, body: toTenantResponse(tenant) };
    },
  }),
} satisfies Record<string, Operation>;
