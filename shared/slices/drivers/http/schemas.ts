import { z } from 'zod';
import { chargingPrioritySchema, idTokenResponseSchema } from '../../../http/schemas.ts';

const ulidSchema = z.string().regex(/^[0-9A-Za-z]{1,40}$/, 'a ULID');

export const driverPathSchema = z.strictObject({
  driverId: ulidSchema.meta({ example: '01JD8X3Q4M5N6P7R8S9T0V1W2X' }),
});
export const vehiclePathSchema = z.strictObject({
  vehicleId: ulidSchema.meta({ example: '01JD8X3Q4M5N6P7R8S9T0V1W2Y' }),
});

export const fleetPathSchema = z.strictObject({
  fleetId: ulidSchema.meta({ example: '01JD8X3Q4M5N6P7R8S9T0V1W2Z' }),
});

const fleetIdField = ulidSchema.meta({
  description: 'The fleet (of this tenant) it belongs to; its fleet-scoped keys see it and its sessions.',
});

export const listQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2048).optional(),
});

const nameSchema = z.string().trim().min(1).max(200);
const emailSchema = z.email().max(254);
const externalRefSchema = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .meta({ description: "The driver's id in the operator's own user system." });

export const createDriverRequestSchema = z.strictObject({
  name: nameSchema,
  email: emailSchema.optional(),
  externalRef: externalRefSchema.optional(),
  fleetId: fleetIdField.optional(),
});

export const updateDriverRequestSchema = z
  .strictObject({
    name: nameSchema.optional(),
    email: emailSchema.nullable().optional().meta({ description: '`null` removes it.' }),
    externalRef: externalRefSchema.nullable().optional().meta({ description: '`null` removes it.' }),
    fleetId: fleetIdField
      .nullable()
      .optional()
      .meta({ description: '`null` takes the driver out of its fleet.' }),
  })
  .refine((body) => Object.keys(body).length > 0, 'nothing to change');

const audit = {
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string(),
};

export const driverResponseSchema = z
  .object({
    driverId: z.string(),
    name: z.string(),
    email: z.string().optional(),
    externalRef: z.string().optional(),
    fleetId: z.string().optional(),
    ...audit,
  })
  .meta({ id: 'Driver' });

const page = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    cursor: z
      .string()
      .optional()
      .meta({ description: 'Pass back to get the next page; absent on the last.' }),
  });

export const driverListResponseSchema = page(driverResponseSchema);

/** Upper-case letters, digits, spaces and dashes: how plates are written across Europe and North America. */
const licencePlateSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9 -]{1,15}$/, '1-15 letters, digits, spaces or dashes')
  .transform((plate) => plate.toUpperCase());

const vehicleFields = {
  driverId: ulidSchema.meta({ description: 'The driver it belongs to (a fleet pool vehicle has none).' }),
  licencePlate: licencePlateSchema,
  make: z.string().trim().min(1).max(100),
  model: z.string().trim().min(1).max(100),
  batteryCapacityKwh: z.number().positive().max(1000),
  evccId: z
    .string()
    .trim()
    .min(1)
    .max(255)
    .meta({ description: 'ISO 15118 EVCC id the vehicle reports (OCPP 2.0.1).' }),
  contractId: z
    .string()
    .regex(
      /^[A-Za-z]{2}-?[A-Za-z0-9]{3}-?[A-Za-z0-9]{9}(-?[A-Za-z0-9])?$/,
      'an eMAID, e.g. DE-ABC-C12345678-X',
    )
    .meta({ description: 'ISO 15118 contract id (eMAID) for Plug & Charge.' }),
  macAddress: z
    .string()
    .regex(/^([0-9A-Fa-f]{2}[:-]?){5}[0-9A-Fa-f]{2}$/, 'a MAC address, e.g. 00:1A:2B:3C:4D:5E')
    .transform((mac) => mac.replace(/[:-]/g, '').toUpperCase())
    .meta({ description: 'The MAC address Autocharge reports as the id token; stored as 12 hex digits.' }),
  fleetId: fleetIdField,
  chargingPriority: chargingPrioritySchema,
};

export const createVehicleRequestSchema = z.strictObject({
  driverId: vehicleFields.driverId.optional(),
  licencePlate: vehicleFields.licencePlate.optional(),
  make: vehicleFields.make.optional(),
  model: vehicleFields.model.optional(),
  batteryCapacityKwh: vehicleFields.batteryCapacityKwh.optional(),
  evccId: vehicleFields.evccId.optional(),
  contractId: vehicleFields.contractId.optional(),
  macAddress: vehicleFields.macAddress.optional(),
  fleetId: vehicleFields.fleetId.optional(),
  chargingPriority: vehicleFields.chargingPriority.optional(),
});

export const updateVehicleRequestSchema = z
  .strictObject({
    driverId: vehicleFields.driverId.nullable().optional(),
    licencePlate: vehicleFields.licencePlate.nullable().optional(),
    make: vehicleFields.make.nullable().optional(),
    model: vehicleFields.model.nullable().optional(),
    batteryCapacityKwh: vehicleFields.batteryCapacityKwh.nullable().optional(),
    evccId: vehicleFields.evccId.nullable().optional(),
    contractId: vehicleFields.contractId.nullable().optional(),
    macAddress: vehicleFields.macAddress.nullable().optional(),
    fleetId: vehicleFields.fleetId.nullable().optional(),
    chargingPriority: vehicleFields.chargingPriority.nullable().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'nothing to change')
  .meta({ description: '`null` removes a field.' });

export const vehicleResponseSchema = z
  .object({
    vehicleId: z.string(),
    driverId: z.string().optional(),
    licencePlate: z.string().optional(),
    make: z.string().optional(),
    model: z.string().optional(),
    batteryCapacityKwh: z.number().optional(),
    evccId: z.string().optional(),
    contractId: z.string().optional(),
    macAddress: z.string().optional(),
    fleetId: z.string().optional(),
    chargingPriority: z.number().int().optional(),
    ...audit,
  })
  .meta({ id: 'Vehicle' });

export const vehicleListResponseSchema = page(vehicleResponseSchema);

export const driverExportResponseSchema = z
  .object({
    driver: driverResponseSchema,
    vehicles: z.array(vehicleResponseSchema),
    idTokens: z.array(idTokenResponseSchema),
  })
  .meta({ id: 'DriverExport' });

const fleetNameSchema = z.string().trim().min(1).max(200);
const fleetDescriptionSchema = z.string().trim().min(1).max(1000);

export const createFleetRequestSchema = z.strictObject({
  name: fleetNameSchema,
  description: fleetDescriptionSchema.optional(),
});

export const updateFleetRequestSchema = z
  .strictObject({
    name: fleetNameSchema.optional(),
    description: fleetDescriptionSchema.nullable().optional().meta({ description: '`null` removes it.' }),
  })
  .refine((body) => Object.keys(body).length > 0, 'nothing to change');

export const fleetResponseSchema = z
  .object({
    fleetId: z.string(),
    name: z.string(),
    description: z.string().optional(),
    ...audit,
  })
  .meta({ id: 'Fleet' });

export const fleetListResponseSchema = page(fleetResponseSchema);

const dateTime = z.iso.datetime({ offset: true }).transform((value) => new Date(value).toISOString());

export const fleetSessionsQuerySchema = z
  .strictObject({
    from: dateTime.optional().meta({ description: 'Sessions started at or after; ISO-8601.' }),
    to: dateTime.optional().meta({ description: 'Sessions started before; ISO-8601.' }),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: z.string().max(2048).optional(),
  })
  .superRefine((query, context) => {
    if (query.from && query.to && query.from > query.to)
      context.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
  });

const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month, YYYY-MM');

/** Months a report may span at most: a year. */
export const maxReportMonths = 12;

const monthIndex = (month: string): number => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;

export const fleetReportQuerySchema = z
  .strictObject({
    month: monthSchema.optional().meta({
      description: 'One month (UTC), YYYY-MM; without month, from and to: the current one.',
      example: '2026-01',
    }),
    from: monthSchema.optional().meta({ description: 'The first month (UTC) of a range, YYYY-MM.' }),
    to: monthSchema.optional().meta({ description: 'The last month (UTC) of a range, YYYY-MM, included.' }),
  })
  .superRefine((query, context) => {
    if (query.month !== undefined && (query.from !== undefined || query.to !== undefined))
      context.addIssue({ code: 'custom', path: ['month'], message: 'either month or from/to, not both' });
    else if ((query.from === undefined) !== (query.to === undefined))
      context.addIssue({ code: 'custom', path: ['from'], message: 'from and to go together' });
    else if (query.from !== undefined && query.to !== undefined) {
      const months = monthIndex(query.to) - monthIndex(query.from) + 1;
      if (months < 1) context.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
      else if (months > maxReportMonths)
        context.addIssue({ code: 'custom', path: ['to'], message: `at most ${maxReportMonths} months` });
    }
  })
  .transform((query) => {
    const from = query.month ?? query.from;
    const to = query.month ?? query.to;
    // Neither: the current month, which the handler knows from its clock.
    return from !== undefined && to !== undefined ? { from, to } : {};
  });

export const fleetReportRowSchema = z
  .object({
    month: z.string().meta({ description: 'YYYY-MM, UTC: the month the sessions started in.' }),
    vehicleId: z.string().optional(),
    licencePlate: z.string().optional().meta({ description: "The vehicle's plate as it is now." }),
    driverId: z
      .string()
      .optional()
      .meta({ description: 'On rows without a vehicle: the driver whose sessions had none.' }),
    sessions: z.number().int(),
    energyKwh: z.number().meta({ description: 'Exact sum of the sessions’ energy, to the Wh.' }),
    currency: z.string().optional().meta({ description: 'Absent on the row of sessions not billed (yet).' }),
    totalExclVat: z.number().int().optional().meta({ description: 'Integer minor units of `currency`.' }),
    totalVat: z.number().int().optional(),
    totalInclVat: z.number().int().optional(),
  })
  .meta({ id: 'FleetReportRow' });

export const fleetReportResponseSchema = z
  .object({
    fleetId: z.string(),
    from: z.string(),
    to: z.string(),
    rows: z.array(fleetReportRowSchema),
  })
  .meta({ id: 'FleetMonthlyReport' });
