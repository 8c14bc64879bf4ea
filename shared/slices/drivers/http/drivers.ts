import type { z } from 'zod';
import { apiErrors } from '../../../http/api-error.ts';
import {
  defineOperation,
  commonErrors as errors,
  type Operation,
  tenantOf,
} from '../../../http/operation.ts';
import { requireAllSites } from '../../../http/site-access.ts';
import type { Page } from '../../../kernel/ports.ts';
import { toIdTokenResponse } from '../../authorization/http/id-tokens.ts';
import {
  createDriver,
  createVehicle,
  DriverHasActiveSessionError,
  deleteDriver,
  deleteVehicle,
  exportDriver,
  getDriver,
  getVehicle,
  listDrivers,
  listVehicles,
  updateDriver,
  updateVehicle,
  type VehicleOutcome,
} from '../drivers.ts';
import { UnknownFleetError } from '../fleets.ts';
import type { Driver, Vehicle } from '../model.ts';
import {
  createDriverRequestSchema,
  createVehicleRequestSchema,
  driverExportResponseSchema,
  driverListResponseSchema,
  driverPathSchema,
  driverResponseSchema,
  listQuerySchema,
  updateDriverRequestSchema,
  updateVehicleRequestSchema,
  vehicleListResponseSchema,
  vehiclePathSchema,
  vehicleResponseSchema,
} from './schemas.ts';

export const toDriverResponse = ({ tenantId: _t, ...driver }: Driver): z.infer<typeof driverResponseSchema> =>
  driver;
export const toVehicleResponse = ({
  tenantId: _t,
  ...vehicle
}: Vehicle): z.infer<typeof vehicleResponseSchema> => vehicle;

/** Drivers are people of the whole tenant (personal data): only tenant-wide keys see or change them. */
const tenantWide = 'drivers and vehicles belong to the whole tenant';

const noDriver = { 404: { description: 'No such driver in this tenant' } } as const;
const noVehicle = { 404: { description: 'No such vehicle in this tenant' } } as const;

const vehicleOrError = (outcome: VehicleOutcome, vehicleId?: string): Vehicle => {
  if (outcome.ok) return outcome.vehicle;
  if (outcome.reason === 'unknown-driver')
    throw apiErrors.badRequest(`body.driverId: no driver ${outcome.driverId} in this tenant`);
  throw apiErrors.notFound(`vehicle ${vehicleId}`);
};

/** A fleet named in the body that the tenant does not have: 400 naming the field, nothing changed. */
export const orUnknownFleet = async <T>(work: Promise<T>): Promise<T> => {
  try {
    return await work;
  } catch (error) {
    if (error instanceof UnknownFleetError)
      throw apiErrors.badRequest(`body.fleetId: no fleet ${error.fleetId} in this tenant`);
    throw error;
  }
};

const page = <T, R>(items: Page<T>, map: (item: T) => R) => ({
  items: items.items.map(map),
  ...(items.cursor && { cursor: items.cursor }),
});

export const driverOperations = {
  createDriver: defineOperation({
    summary: 'Create a driver (the person behind id tokens and sessions; no password is ever stored)',
    request: { body: createDriverRequestSchema },
    responses: { 201: { description: 'Created', schema: driverResponseSchema }, ...errors },
    role: 'admin',
    async handle(deps, { body, principal }) {
      const tenant = tenantOf(principal);
      requireAllSites(tenant, tenantWide);
      const driver = await orUnknownFleet(
        createDriver(deps, { tenantId: tenant.tenantId, ...body, actor: tenant.keyId }),
      );
      return { status: 201, body: toDriverResponse(driver) };
    },
  }),

  listDrivers: defineOperation({
    summary: "List the tenant's drivers, in creation order",
    request: { query: listQuerySchema },
    responses: { 200: { description: 'A page of drivers', schema: driverListResponseSchema }, ...errors },
    role: 'viewer',
    async handle(deps, { query, principal }) {
      const tenant = tenantOf(principal);
      requireAllSites(tenant, tenantWide);
      const drivers = await listDrivers(deps, { tenantId: tenant.tenantId, ...query });
      return { status: 200, body: page(drivers, toDriverResponse) };
    },
  }),

  getDriver: defineOperation({
    summary: 'A driver',
    request: { path: driverPathSchema },
    responses: { 200: { description: 'The driver', schema: driverResponseSchema }, ...noDriver, ...errors },
    role: 'viewer',
    async handle(deps, { path, principal }) {
      const tenant = tenantOf(principal);
      requireAllSites(tenant, tenantWide);
      const driver = await getDriver(deps, { tenantId: tenant.tenantId, driverId: path.driverId });
      if (!driver) throw apiErrors.notFound(`driver ${path.driverId}`);
      return { status: 200, body: toDriverResponse(driver) };
    },
  }),

  updateDriver: defineOperation({
    summary: "Change a driver's name, e-mail, external reference or fleet",
    request: { path: driverPathSchema, body: updateDriverRequestSchema },
    responses: { 200: { description: 'The driver', schema: driverResponseSchema }, ...noDriver, ...errors },
    role: 'admin',
    async handle(deps, { path, body, principal }) {
      const tenant = tenantOf(principal);
      requireAllSites(tenant, tenantWide);
      const driver = await orUnknownFleet(
        updateDriver(deps, {
          tenantId: tenant.tenantId,
          driverId: path.driverId,
          changes: body,
          actor: tenant.keyId,
        }),
      );
      if (!driver) throw apiErrors.notFound(`driver ${path.driverId}`);
      return { status: 200, body: toDriverResponse(driver) };
    },
  }),

  deleteDriver: defineOperation({
    summary: 'Erase a driver (GDPR): the record goes; their vehicles and id tokens stay, without a driver',
    request: { path: driverPathSchema },
    responses: {
      200: { description: 'Erased; the driver as it was', schema: driverResponseSchema },
      ...noDriver,
      409: { description: "One of the driver's tokens has an active session: erase once it has ended" },
      ...errors,
    },
    role: 'admin',
    async handle(deps, { path, principal }) {
      const tenant = tenantOf(principal);
      requireAllSites(tenant, tenantWide);
      const driver = await deleteDriver(deps, {
        tenantId: tenant.tenantId,
        driverId: path.driverId,
        actor: tenant.keyId,
      }).catch((error: unknown) => {
        if (error instanceof DriverHasActiveSessionError) throw apiErrors.conflict(error.message);
        throw error;
      });
      if (!driver) throw apiErrors.notFound(`driver ${path.driverId}`);
      return { status: 200, body: toDriverResponse(driver) };
    },
  }),

  exportDriver: defineOperation({
    summary:
      'Everything held about a driver, for a GDPR access request: the driver, their vehicles and id tokens',
    request: { path: driverPathSchema },
    responses: {
      200: { description: "The driver's data", schema: driverExportResponseSchema },
      ...noDriver,
      ...errors,
    },
    role: 'admin',
    async handle(deps, { path, principal }) {
      const tenant = tenantOf(principal);
      requireAllSites(tenant, tenantWide);
      const exported = await exportDriver(deps, { tenantId: tenant.tenantId, driverId: path.driverId });
      if (!exported) throw apiErrors.notFound(`driver ${path.driverId}`);
      return {
        status: 200,
        body: {
          driver: toDriverResponse(exported.driver),
          vehicles: exported.vehicles.map(toVehicleResponse),
          idTokens: exported.idTokens.map(toIdTokenResponse),
        },
      };
    },
  }),

  createVehicle: defineOperation({
    summary: "Create a vehicle, with the identifiers chargers report for it, optionally a driver's",
    request: { body: createVehicleRequestSchema },
    responses: { 201: { description: 'Created', schema: vehicleResponseSchema }, ...errors },
    role: 'admin',
    async handle(deps, { body, principal }) {
      const tenant = tenantOf(principal);
      requireAllSites(tenant, tenantWide);
      const outcome = await orUnknownFleet(
        createVehicle(deps, {
          tenantId: tenant.tenantId,
          fields: body,
          actor: tenant.keyId,
        }),
      );
      return { status: 201, body: toVehicleResponse(vehicleOrError(outcome)) };
    },
  }),

  listVehicles: defineOperation({
    summary: "List the tenant's vehicles, in creation order",
    request: { query: listQuerySchema },
    responses: { 200: { description: 'A page of vehicles', schema: vehicleListResponseSchema }, ...errors },
    role: 'viewer',
    async handle(deps, { query, principal }) {
      const tenant = tenantOf(principal);
      requireAllSites(tenant, tenantWide);
      const vehicles = await listVehicles(deps, { tenantId: tenant.tenantId, ...query });
      return { status: 200, body: page(vehicles, toVehicleResponse) };
    },
  }),

  getVehicle: defineOperation({
    summary: 'A vehicle',
    request: { path: vehiclePathSchema },
    responses: {
      200: { description: 'The vehicle', schema: vehicleResponseSchema },
      ...noVehicle,
      ...errors,
    },
    role: 'viewer',
    async handle(deps, { path, principal }) {
      const tenant = tenantOf(principal);
      requireAllSites(tenant, tenantWide);
      const vehicle = await getVehicle(deps, { tenantId: tenant.tenantId, vehicleId: path.vehicleId });
      if (!vehicle) throw apiErrors.notFound(`vehicle ${path.vehicleId}`);
      return { status: 200, body: toVehicleResponse(vehicle) };
    },
  }),

  updateVehicle: defineOperation({
    summary: 'Change a vehicle: its driver, fleet, plate, model, battery or identifiers',
    request: { path: vehiclePathSchema, body: updateVehicleRequestSchema },
    responses: {
      200: { description: 'The vehicle', schema: vehicleResponseSchema },
      ...noVehicle,
      ...errors,
    },
    role: 'admin',
    async handle(deps, { path, body, principal }) {
      const tenant = tenantOf(principal);
      requireAllSites(tenant, tenantWide);
      const outcome = await orUnknownFleet(
        updateVehicle(deps, {
          tenantId: tenant.tenantId,
          vehicleId: path.vehicleId,
          changes: body,
          actor: tenant.keyId,
        }),
      );
      return { status: 200, body: toVehicleResponse(vehicleOrError(outcome, path.vehicleId)) };
    },
  }),

  deleteVehicle: defineOperation({
    summary: 'Delete a vehicle',
    request: { path: vehiclePathSchema },
    responses: {
      200: { description: 'Deleted; the vehicle as it was', schema: vehicleResponseSchema },
      ...noVehicle,
      ...errors,
    },
    role: 'admin',
    async handle(deps, { path, principal }) {
      const tenant = tenantOf(principal);
      requireAllSites(tenant, tenantWide);
      const vehicle = await deleteVehicle(deps, { tenantId: tenant.tenantId, vehicleId: path.vehicleId });
      if (!vehicle) throw apiErrors.notFound(`vehicle ${path.vehicleId}`);
      return { status: 200, body: toVehicleResponse(vehicle) };
    },
  }),
} satisfies Record<string, Operation>;
