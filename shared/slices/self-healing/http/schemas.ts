import { z } from 'zod';
import { chargerIdSchema, siteIdSchema } from '../../../http/schemas.ts';
import { incidentKinds } from '../model.ts';

/**
 * Whole seconds up to a day. The least one is the platform's SELF_HEALING_MIN_WAIT_SECONDS (30 by default on
 * AWS; the local runtime's tests use 1), checked by the operation, which has the settings.
 */
const waitSeconds = (what: string, fallback: number) =>
  z
    .number()
    .int()
    .min(1, 'at least 1 second')
    .max(86_400, 'at most 86400 seconds (a day)')
    .default(fallback)
    .meta({ description: `${what} At least SELF_HEALING_MIN_WAIT_SECONDS (30 by default).` });

export const selfHealingRequestSchema = z.strictObject({
  enabled: z.boolean().meta({
    description:
      'Self-healing and ghost-charger detection on or off (off by default). Turning it on applies to Faulted statuses and session ends within 5 minutes: each charger-function instance remembers a tenant’s setting that long, and until then a tenant that was off starts no healing. Turning it off stops at once (every run reads the settings first).',
  }),
  faultedDelaySeconds: waitSeconds(
    'How long a connector must stay Faulted (no transaction running) before the first reset.',
    300,
  ),
  maxResets: z
    .number()
    .int()
    .min(1, 'at least 1 reset')
    .max(5, 'at most 5 resets: more would only keep a broken charger rebooting')
    .default(2)
    .meta({ description: 'Resets per attempt: the first soft, the others hard; then an incident.' }),
  rebootWaitSeconds: waitSeconds(
    'How long a reset charger gets to reboot and report its connectors before the next step.',
    180,
  ),
  ghostSessions: z.number().int().min(0).max(10, 'at most 10 sessions').default(3).meta({
    description:
      'Ghost-charger detection: this many authorised sessions in a row that failed (no energy, or the EV never started charging) on a charger online and Available open a `ghost` incident; 0: off.',
  }),
});

export const selfHealingResponseSchema = z.object({
  enabled: z.boolean(),
  faultedDelaySeconds: z.number().int(),
  maxResets: z.number().int(),
  rebootWaitSeconds: z.number().int(),
  ghostSessions: z.number().int(),
  updatedAt: z.string().optional(),
  updatedBy: z.string().optional(),
});

const connectorRefSchema = z.object({ evseId: z.number().int(), connectorId: z.number().int() });

export const healingAttemptResponseSchema = z.object({
  chargerId: z.string(),
  lastAttempt: z
    .object({
      attemptId: z.string(),
      status: z.enum(['running', 'closed']),
      faultedSince: z.string(),
      startedAt: z.string(),
      steps: z.array(
        z.object({
          step: z.enum(['softReset', 'hardReset', 'openIncident']),
          at: z.string(),
          commandId: z.string().optional(),
          result: z.string().optional(),
          incidentId: z.string().optional(),
        }),
      ),
      outcome: z.enum(['recovered', 'transaction', 'disabled', 'incident']).optional(),
      closedAt: z.string().optional(),
    })
    .optional()
    .meta({ description: 'Absent: self-healing never ran for this charger.' }),
});

export const incidentSchema = z.object({
  incidentId: z.string(),
  kind: z.enum(incidentKinds).meta({
    description:
      '`faulted`: self-healing could not heal a Faulted charger; `ghost`: an Available charger whose sessions fail',
  }),
  chargerId: z.string(),
  siteId: z.string().optional(),
  status: z.enum(['open', 'resolved']),
  attemptId: z.string().optional().meta({ description: '`faulted` only' }),
  connectors: z.array(connectorRefSchema).optional().meta({ description: '`faulted` only' }),
  resets: z.number().int().optional().meta({ description: '`faulted` only' }),
  faultedSince: z.string().optional().meta({ description: '`faulted` only' }),
  sessionIds: z
    .array(z.string())
    .optional()
    .meta({ description: '`ghost` only: the failed sessions, newest first' }),
  openedAt: z.string(),
  resolvedAt: z.string().optional(),
  resolvedBy: z.string().optional(),
  note: z.string().optional(),
});

export const incidentPageSchema = z.object({ items: z.array(incidentSchema), cursor: z.string().optional() });

export const listIncidentsQuerySchema = z.strictObject({
  chargerId: chargerIdSchema.optional(),
  siteId: siteIdSchema.optional(),
  status: z.enum(['open', 'resolved']).optional(),
  kind: z.enum(incidentKinds).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2048).optional(),
});

export const incidentPathSchema = z.strictObject({
  incidentId: z.string().regex(/^[0-9A-Za-z]{1,64}$/, 'the id of an incident'),
});

export const resolveIncidentRequestSchema = z
  .strictObject({ note: z.string().trim().min(1).max(1000).optional() })
  .default({});
