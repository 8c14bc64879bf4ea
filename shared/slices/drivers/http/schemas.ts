import { z } from 'zod';
import { idTokenResponseSchema } from '../../../http/schemas.ts';

const ulidSchema = z.string().regex(/^[0-9A-Za-z]{1,40}$/, 'a ULID');

export const driverPathSchema = z.strictObject({
  driverId: ulidSchema.meta({ example: '01JD8X3Q4M5N6P7R8S9T0V1W2X' }),
});
export const vehiclePathSchema = z.strictObject({
  vehicleId: ulidSchema.meta({ example: '01JD8X3Q4M5N6P7R8S9T0V1W2Y' }),
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
});

export const updateDriverRequestSchema = z
  .strictObject({
    name: nameSchema.optional(),
    email: emailSchema.nullable().optional().meta({ description: '`null` removes it.' }),
    externalRef: externalRefSchema.nullable().optional().meta({ description: '`null` removes it.' }),
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
