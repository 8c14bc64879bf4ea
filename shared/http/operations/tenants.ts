import { createTenant } from '../../domain/use-cases/tenants.ts';
import { defineOperation, commonErrors as errors, type Operation } from '../operation.ts';
import { createTenantRequestSchema, createTenantResponseSchema } from '../schemas.ts';

/** Platform-admin operations on tenants. */
export const tenantOperations: Record<string, Operation> = {
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
};
