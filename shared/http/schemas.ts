import { z } from 'zod';

/** URL-safe and usable as a Basic-auth username (RFC 7617 forbids `:`); 48 is OCPP 2.0.1's identity limit. */
export const chargerIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,48}$/, 'chargerId: 1-48 characters of A-Z a-z 0-9 . _ -')
  .meta({ example: 'CP-0001' });

export const siteIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,64}$/, 'siteId: 1-64 characters of A-Z a-z 0-9 . _ -')
  .meta({ example: 'depot-north' });

export const errorResponseSchema = z
  .object({ error: z.object({ code: z.string(), message: z.string() }) })
  .meta({ id: 'Error' });

export const createTenantRequestSchema = z.strictObject({ name: z.string().trim().min(1).max(200) });
export const createTenantResponseSchema = z.object({
  tenantId: z.string(),
  apiKey: z.string().meta({ description: 'Shown once; only its hash is stored.' }),
});

export const createChargerRequestSchema = z.strictObject({
  chargerId: chargerIdSchema,
  siteId: siteIdSchema.optional(),
});
export const createChargerResponseSchema = z.object({
  chargerId: z.string(),
  password: z.string().meta({ description: 'Basic-auth password for the charger; shown once.' }),
  ocppUrl: z.string(),
});

export const connectorSchema = z
  .object({
    evseId: z.number().int(),
    connectorId: z.number().int(),
    status: z.string(),
    errorCode: z.string().optional(),
    info: z.string().optional(),
    statusAt: z.string(),
  })
  .meta({ id: 'ConnectorStatus' });

export const chargerResponseSchema = z
  .object({
    chargerId: z.string(),
    siteId: z.string().optional(),
    online: z.boolean(),
    ocppVersion: z.enum(['ocpp1.6', 'ocpp2.0.1']).optional(),
    vendor: z.string().optional(),
    model: z.string().optional(),
    serialNumber: z.string().optional(),
    firmwareVersion: z.string().optional(),
    bootedAt: z.string().optional(),
    connectedAt: z.string().optional(),
    lastSeenAt: z.string().optional(),
    connectors: z.array(connectorSchema),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Charger' });

export const listChargersQuerySchema = z.strictObject({
  siteId: siteIdSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2048).optional(),
});
export const chargerListResponseSchema = z.object({
  items: z.array(chargerResponseSchema),
  cursor: z.string().optional().meta({ description: 'Pass back to get the next page; absent on the last.' }),
});

export const chargerPathSchema = z.strictObject({ chargerId: chargerIdSchema });
