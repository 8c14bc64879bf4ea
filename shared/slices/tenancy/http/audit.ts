import { z } from 'zod';
import {
  defineOperation,
  commonErrors as errors,
  type Operation,
  tenantOf,
} from '../../../http/operation.ts';
import { requireAllSites } from '../../../http/site-access.ts';
import { listAuditLog } from '../audit.ts';
import type { AuditEntry } from '../model.ts';

const listAuditLogQuerySchema = z.strictObject({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'month: YYYY-MM')
    .optional()
    .meta({ description: 'UTC month, `YYYY-MM`; the current month when absent.', example: '2025-01' }),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2048).optional(),
});

const auditEntrySchema = z
  .object({
    entryId: z.string(),
    at: z.string(),
    keyId: z.string().meta({ description: 'The API key that made the call, or `platform-admin`.' }),
    method: z.string(),
    route: z.string().meta({ example: 'PATCH /v1/chargers/{chargerId}' }),
    pathParameters: z.record(z.string(), z.string()),
    status: z.number().int(),
  })
  .meta({ id: 'AuditEntry' });

const auditLogResponseSchema = z.object({
  items: z.array(auditEntrySchema),
  cursor: z.string().optional().meta({ description: 'Pass back to get the next page; absent on the last.' }),
});

const toAuditEntryResponse = ({ tenantId: _tenantId, ...entry }: AuditEntry) => ({
  ...entry,
  pathParameters: { ...entry.pathParameters },
});

export const auditOperations: Record<string, Operation> = {
  listAuditLog: defineOperation({
    summary: "The tenant's successful changes of one month, newest first",
    request: { query: listAuditLogQuerySchema },
    responses: { 200: { description: 'A page of audit entries', schema: auditLogResponseSchema }, ...errors },
    role: 'admin',
    async handle(deps, { query, principal }) {
      const tenant = tenantOf(principal);
      requireAllSites(tenant);
      const page = await listAuditLog(deps, { tenantId: tenant.tenantId, ...query });
      return {
        status: 200,
        body: { items: page.items.map(toAuditEntryResponse), ...(page.cursor && { cursor: page.cursor }) },
      };
    },
  }),
};
