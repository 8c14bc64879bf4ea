import { z } from 'zod';
import { siteIdSchema } from '../../../http/schemas.ts';
import { availabilityStates } from '../model.ts';

export const availabilityQuerySchema = z.strictObject({
  siteId: siteIdSchema
    .optional()
    .meta({ description: "One site's chargers; absent: every charger the key may see." }),
});

const stateSchema = z.enum(availabilityStates).meta({
  id: 'AvailabilityState',
  description:
    'Available: can take a car now. Occupied: in use or reserved. Faulted: reported Faulted. Unavailable: ' +
    'taken out of service (or no status known yet). Offline: no connection, or a silent one.',
});

const maxPowerW = z
  .number()
  .int()
  .optional()
  .meta({ description: 'maxCurrentA × phases × 230 V, when the wiring gives both.' });

const connectorAvailabilitySchema = z.object({
  evseId: z.number().int(),
  connectorId: z.number().int(),
  state: stateSchema,
  status: z.string().meta({ description: 'The status as the charger last reported it.' }),
  errorCode: z.string().optional(),
  statusAt: z.string(),
  maxPowerW,
});

export const chargerAvailabilitySchema = z
  .object({
    chargerId: z.string(),
    siteId: z.string().optional(),
    state: stateSchema,
    online: z.boolean(),
    offlineReason: z
      .enum(['never-connected', 'disconnected', 'silent'])
      .optional()
      .meta({
        description:
          '`silent`: its connection record stays but no message came within the liveness deadline (two heartbeat ' +
          'intervals, the lastSeenAt write interval and a margin).',
      }),
    lastSeenAt: z.string().optional(),
    maxPowerW,
    connectors: z.array(connectorAvailabilitySchema),
  })
  .meta({ id: 'ChargerAvailability' });

const stateCountsSchema = z.object({
  total: z.number().int(),
  ...Object.fromEntries(availabilityStates.map((state) => [state, z.number().int()])),
} as { total: z.ZodNumber } & Record<(typeof availabilityStates)[number], z.ZodNumber>);

export const availabilityResponseSchema = z.object({
  siteId: z.string().optional(),
  at: z.string().meta({ description: 'When the availability was computed.' }),
  summary: z.object({
    chargers: stateCountsSchema,
    connectors: stateCountsSchema,
    availablePowerW: z
      .number()
      .int()
      .meta({ description: 'Summed rated power of the Available chargers (of known wiring), W.' }),
  }),
  chargers: z.array(chargerAvailabilitySchema),
});
