import { z } from 'zod';
import { chosenChargerPasswordPattern } from '../kernel/credentials.ts';
import {
  idTokenStatuses,
  idTokenTypes,
  maxChargingPriority,
  minChargingPriority,
} from '../slices/authorization/model.ts';
import { sessionCostSchema } from '../slices/billing/http/ocpi-schemas.ts';
import { tariffAssignmentSchema } from '../slices/billing/http/scope-schemas.ts';
import { chargerWiringResponseShape } from '../slices/load-management/http/schemas.ts';
import { chargingStates } from '../slices/transactions/model.ts';

/**
 * URL-safe and usable as a Basic-auth username (RFC 7617 forbids `:`); 48 is OCPP 2.0.1's identity limit. Not only
 * dots: a URL normalizes `.` and `..` away, and the charger URL rule (`isUrlId`) refuses any all-dot segment.
 */
export const chargerIdSchema = z
  .string()
  .regex(/^(?!\.+$)[A-Za-z0-9._-]{1,48}$/, '1-48 characters of A-Z a-z 0-9 . _ -, not only dots')
  .meta({ example: 'CP-0001' });

/** Not only dots either: a site id is a path segment of /v1/sites/{siteId}. */
export const siteIdSchema = z
  .string()
  .regex(/^(?!\.+$)[A-Za-z0-9._-]{1,64}$/, '1-64 characters of A-Z a-z 0-9 . _ -, not only dots')
  .meta({ example: 'depot-north' });

export const errorResponseSchema = z
  .object({ error: z.object({ code: z.string(), message: z.string() }) })
  .meta({ id: 'Error' });

export const createTenantRequestSchema = z.strictObject({ name: z.string().trim().min(1).max(200) });
export const createTenantResponseSchema = z.object({
  tenantId: z.string(),
  apiKey: z.string().meta({ description: 'Shown once; only its hash is stored.' }),
});

/** A charger's existing Basic-auth password, brought from a legacy CSMS: stored as scrypt, never shown again. */
export const chosenChargerPasswordSchema = z
  .string()
  .regex(chosenChargerPasswordPattern, '8 to 64 printable ASCII characters, no spaces')
  .meta({
    description:
      "The charger's existing Basic-auth password (a migration from another CSMS): 8 to 64 printable ASCII " +
      'characters; stored only as a salted scrypt hash. Absent: a 40-hex-character password is generated.',
  });

/** A migration cohort: a tag of the operator's choice, safe in a URL path (`/v1/reports/cohorts/{cohort}`). */
export const cohortSchema = z
  .string()
  .regex(/^(?!\.+$)[A-Za-z0-9._-]{1,64}$/, '1-64 characters of A-Z a-z 0-9 . _ -, not only dots')
  .meta({ example: 'wave-1', description: 'The migration cohort the charger belongs to.' });

export const createChargerRequestSchema = z.strictObject({
  chargerId: chargerIdSchema,
  siteId: siteIdSchema.optional(),
  password: chosenChargerPasswordSchema.optional(),
  cohort: cohortSchema.optional(),
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
    description: z.string().optional(),
    tariffId: z
      .string()
      .optional()
      .meta({ description: "The charger's tariff, unless the id token has one." }),
    cohort: z.string().optional().meta({ description: 'The migration cohort the charger belongs to.' }),
    ...chargerWiringResponseShape,
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

const pageQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2048).optional(),
};
const nextCursor = z
  .string()
  .optional()
  .meta({ description: 'Pass back to get the next page; absent on the last.' });

/** What OCPP 2.0.1 allows (≤ 36 characters), limited to what is safe in a URL path and a storage key. */
export const idTokenSchema = z
  .string()
  .regex(/^[A-Za-z0-9._:*-]{1,36}$/, '1-36 characters of A-Z a-z 0-9 . _ : * -')
  .meta({ example: '04A1B2C3D4E5F6', description: 'Case-insensitive, as in OCPP 2.0.1.' });

export const idTokenPathSchema = z.strictObject({ idToken: idTokenSchema });

/** OCPP 2.0.1 chargingPriority (id tokens and vehicles): an integer -9…9, absent = 0, higher = more. */
export const chargingPrioritySchema = z
  .number()
  .int()
  .min(minChargingPriority)
  .max(maxChargingPriority)
  .meta({
    description:
      'OCPP 2.0.1 chargingPriority, -9…9 (absent: 0; higher: more). At a load-managed site a session weighs ' +
      '2^(priority/3) in the sharing (3 doubles its share); the vehicle’s priority wins over the token’s.',
  });

export const putIdTokenRequestSchema = z.strictObject({
  status: z.enum(idTokenStatuses),
  type: z
    .enum(idTokenTypes)
    .optional()
    .meta({ description: 'OCPP 2.0.1 IdTokenEnumType; default ISO14443.' }),
  expiresAt: z.iso
    .datetime({ offset: true })
    .optional()
    .meta({ description: 'From then on an Accepted token is answered Expired.' }),
  groupId: idTokenSchema.optional().meta({ description: 'Parent id tag (1.6) / group id token (2.0.1).' }),
  tariffId: tariffAssignmentSchema,
  driverId: z
    .string()
    .regex(/^[0-9A-Za-z]{1,40}$/, 'a ULID')
    .nullable()
    .optional()
    .meta({
      description: 'The driver the token belongs to; absent or `null`: none (a PUT replaces the token).',
    }),
  chargingPriority: chargingPrioritySchema.optional(),
});

export const idTokenResponseSchema = z
  .object({
    idToken: z.string().meta({ description: 'As last written; lookups ignore case.' }),
    type: z.enum(idTokenTypes),
    status: z.enum(idTokenStatuses),
    expiresAt: z.string().optional(),
    groupId: z.string().optional(),
    tariffId: z.string().optional().meta({ description: 'The tariff of its sessions, before any other.' }),
    driverId: z.string().optional(),
    chargingPriority: z.number().int().optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'IdToken' });

export const listIdTokensQuerySchema = z.strictObject(pageQuery);
export const idTokenListResponseSchema = z.object({
  items: z.array(idTokenResponseSchema),
  cursor: nextCursor,
});

export const sessionStatusSchema = z.enum(['Active', 'Completed']);

export const sessionIdSchema = z
  .string()
  .regex(/^[0-9A-Za-z]{1,40}$/, 'a ULID')
  .meta({ example: '01JD8X3Q4M5N6P7R8S9T0V1W2X' });

export const sessionPathSchema = z.strictObject({ sessionId: sessionIdSchema });

export const listSessionsQuerySchema = z.strictObject({
  chargerId: chargerIdSchema.optional(),
  status: sessionStatusSchema.optional(),
  ...pageQuery,
});

export const meterValueSchema = z
  .object({
    timestamp: z.string(),
    seqNo: z.number().int().meta({ description: 'Of the transaction event that carried it.' }),
    outOfWindow: z
      .literal(true)
      .optional()
      .meta({
        description:
          "Present when the value lies outside the session's window (before its start or after its end, by time " +
          'or seqNo): kept, but it changes neither the energy nor the times.',
      }),
    sampledValues: z.array(
      z.object({
        value: z.number(),
        measurand: z.string().optional().meta({ description: 'Absent: Energy.Active.Import.Register.' }),
        unit: z.string().optional(),
        multiplier: z.number().int().optional(),
        phase: z.string().optional(),
        location: z.string().optional(),
        context: z.string().optional(),
      }),
    ),
  })
  .meta({ id: 'MeterValue' });

export const sessionResponseSchema = z
  .object({
    sessionId: z.string(),
    chargerId: z.string(),
    siteId: z.string().optional(),
    chargerTransactionId: z.string().meta({
      description: "The charger's own transaction id (OCPP `transactionId`; unique per charger only).",
    }),
    transactionId: z.string().meta({
      description: 'Deprecated: the same as `chargerTransactionId`; removed in the next major version.',
      deprecated: true,
    }),
    evseId: z.number().int().optional(),
    connectorId: z.number().int().optional(),
    idToken: z.string().optional(),
    idTokenType: z.string().optional(),
    driverId: z
      .string()
      .optional()
      .meta({ description: "The id token's driver when the session got its token." }),
    vehicleId: z.string().optional().meta({
      description:
        "The vehicle: the driver's vehicle whose MAC address or contract id is the token, else the driver's only one.",
    }),
    fleetId: z.string().optional().meta({
      description: "The vehicle's fleet (else the driver's) at the start; kept when members move later.",
    }),
    status: sessionStatusSchema,
    startedAt: z.string(),
    endedAt: z.string().optional(),
    stoppedReason: z.string().optional(),
    energyWh: z
      .number()
      .int()
      .meta({ description: 'Last minus first Energy.Active.Import.Register reading.' }),
    meterStartWh: z.number().optional(),
    meterStopWh: z.number().optional(),
    chargingStates: z
      .array(
        z.object({
          at: z.string(),
          state: z.enum(chargingStates),
        }),
      )
      .optional()
      .meta({
        description:
          'Changes of what the EV did, as the charger reported them (2.0.1 `chargingState`; 1.6 the connector ' +
          'status during the transaction), in time order. Charging is billed as TIME, the others as PARKING_TIME.',
      }),
    version: z.number().int().min(1).meta({
      description:
        '1, and one more each time late data corrected the session after it ended (`SessionCorrected.v1`).',
    }),
    imported: z.literal(true).optional().meta({
      description:
        'Imported from another CSMS (`POST /v1/sessions/import`): history only, never billed or re-priced here.',
    }),
    externalId: z.string().optional().meta({ description: "An imported session's id in the other CSMS." }),
    importedCost: z
      .object({
        currency: z.string().meta({ description: 'ISO 4217' }),
        total: z.number().int().meta({ description: 'Integer minor units, as the other CSMS billed it.' }),
      })
      .optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Session' });

export const sessionDetailResponseSchema = sessionResponseSchema
  .extend({
    meterValues: z.array(meterValueSchema),
    cost: sessionCostSchema.optional().meta({
      description:
        'Present once the session is billed: the price of its latest billed version (integer minor units); its CDRs are at `GET /v1/cdrs`.',
    }),
  })
  .meta({ id: 'SessionDetail' });

export const sessionListResponseSchema = z.object({
  items: z.array(sessionResponseSchema),
  cursor: nextCursor,
});
