import { z } from 'zod';
import type { ChargerWiring, FailSafeState } from '../model.ts';

const currentA = (what: string) =>
  z
    .number()
    .positive()
    .max(10_000)
    .meta({ description: `${what}, in A per phase.` });

export const circuitIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,64}$/, '1-64 characters of A-Z a-z 0-9 . _ -')
  .meta({ example: 'feeder-1' });

const phasesSchema = z.union([z.literal(1), z.literal(3)]);
const phaseSchema = z.enum(['L1', 'L2', 'L3']);

export const loadManagementRequestSchema = z.strictObject({
  maxCurrentA: currentA('Grid connection limit of the site'),
  phases: phasesSchema.default(3),
  voltageV: z.number().positive().max(1000).default(230).meta({ description: 'Phase-to-neutral voltage.' }),
  minCurrentA: z
    .number()
    .positive()
    .max(100)
    .default(6)
    .meta({ description: 'Least current a charging EV is given; below it the EV is paused.' }),
  circuits: z
    .array(
      z.strictObject({
        circuitId: circuitIdSchema,
        maxCurrentA: currentA('Limit of the circuit (may exceed its parent’s: every circuit is enforced)'),
        parentCircuitId: circuitIdSchema.optional().meta({ description: 'Absent: on the grid connection.' }),
      }),
    )
    .max(1000)
    .default([]),
  leaseSeconds: z.number().int().min(0).max(86_400).default(900).meta({
    description:
      'Lease of the dynamic TxProfiles (validTo), renewed while the session runs; when it lapses the charger falls back to its fail-safe default. 0: no lease.',
  }),
});

const allocationSchema = z.object({
  chargerId: z.string(),
  evseId: z.number().int(),
  connectorId: z.number().int(),
  sessionId: z.string().optional(),
  limitA: z.number(),
  validTo: z.string().optional(),
  sentAt: z.string(),
  status: z.enum(['Pending', 'Accepted', 'Rejected', 'Unanswered', 'Budgeted']).meta({
    description:
      'What the charger made of the limit: Accepted, Rejected, Pending (sent, no answer yet), Unanswered (timed out or offline: counted at the higher of its last accepted limit and this one), Budgeted (it rejects every profile: counted at its rated current, retried after a back-off).',
  }),
  acceptedLimitA: z
    .number()
    .optional()
    .meta({ description: 'The last limit the charger accepted for the session.' }),
  flagged: z.boolean().optional().meta({ description: 'The charger rejects every profile.' }),
});

export const allocationHistoryEntrySchema = z
  .object({
    chargerId: z.string(),
    evseId: z.number().int(),
    sessionId: z.string(),
    limitA: z.number(),
    validTo: z.string().optional(),
    sentAt: z.string(),
    status: z.string().meta({ description: 'What the charger answered: Accepted, Rejected, Unanswered.' }),
  })
  .meta({ id: 'AllocationHistoryEntry' });

export const allocationHistoryPageSchema = z
  .object({ items: z.array(allocationHistoryEntrySchema), cursor: z.string().optional() })
  .meta({ id: 'AllocationHistoryPage' });

export const loadManagementResponseSchema = z
  .object({
    siteId: z.string(),
    maxCurrentA: z.number(),
    phases: phasesSchema,
    voltageV: z.number(),
    minCurrentA: z.number(),
    circuits: z.array(
      z.object({ circuitId: z.string(), maxCurrentA: z.number(), parentCircuitId: z.string().optional() }),
    ),
    leaseSeconds: z.number(),
    allocations: z.array(allocationSchema).meta({ description: 'The limit in force per charging session.' }),
    createdAt: z.string(),
    createdBy: z.string(),
    updatedAt: z.string(),
    updatedBy: z.string(),
  })
  .meta({ id: 'LoadManagement' });

/** The wiring fields of `PATCH /v1/chargers/{chargerId}`, spread into its body schema. */
export const chargerWiringChangesShape = {
  maxCurrentA: currentA('Rated current of the charger').optional(),
  phases: phasesSchema.optional(),
  phase: phaseSchema
    .nullable()
    .optional()
    .meta({ description: 'Single-phase chargers: the site phase it is wired to; `null` removes it.' }),
  circuitId: circuitIdSchema
    .nullable()
    .optional()
    .meta({ description: 'A circuit of its site’s load-management tree; `null`: the grid connection.' }),
};

/** The wiring fields of a charger's response. */
export const chargerWiringResponseShape = {
  maxCurrentA: z.number().optional(),
  phases: phasesSchema.optional(),
  phase: phaseSchema.optional(),
  circuitId: z.string().optional(),
  failSafe: z
    .object({
      limitA: z.number().meta({ description: 'The limit of its fail-safe TxDefaultProfile, planned for it' }),
      acceptedA: z.number().optional().meta({ description: 'The limit of the default it last accepted' }),
      acceptedAt: z.string().optional(),
    })
    .optional()
    .meta({
      description:
        'Chargers of a managed site: the fail-safe TxDefaultProfile (summed over each circuit and the site, within the limits)',
    }),
};

/** The wiring fields a charger has, and its fail-safe default, for its response. */
export const wiringOf = ({
  maxCurrentA,
  phases,
  phase,
  circuitId,
  failSafeLimitA,
  failSafeAcceptedA,
  failSafeAcceptedAt,
}: ChargerWiring & FailSafeState) => ({
  ...(maxCurrentA !== undefined && { maxCurrentA }),
  ...(phases !== undefined && { phases }),
  ...(phase !== undefined && { phase }),
  ...(circuitId !== undefined && { circuitId }),
  ...(failSafeLimitA !== undefined && {
    failSafe: {
      limitA: failSafeLimitA,
      ...(failSafeAcceptedA !== undefined && { acceptedA: failSafeAcceptedA }),
      ...(failSafeAcceptedAt !== undefined && { acceptedAt: failSafeAcceptedAt }),
    },
  }),
});
