import type { Actor } from '../../kernel/model.ts';
import type { Change, Page } from '../../kernel/ports.ts';
import { concurrentSessionMaxAgeMs } from '../authorization/authorization.ts';
import type { IdToken } from '../authorization/model.ts';
import type { Dependencies } from '../dependencies.ts';
import { revokeAllDriverKeys } from '../tenancy/driver-keys.ts';
import { moveMember, requireFleet } from './fleets.ts';
import type { Driver, DriverChanges, DriverExport, Vehicle, VehicleChanges } from './model.ts';

type Deps<K extends keyof Dependencies> = Pick<Dependencies, K>;

const changeOf = (deps: Deps<'clock'>, actor: Actor): Change => ({
  at: deps.clock.now().toISOString(),
  actor,
});

/** Creates a driver, in a fleet of the tenant if `fleetId` names one (else UnknownFleetError). */
export const createDriver = async (
  deps: Deps<'drivers' | 'fleets' | 'clock' | 'ids'>,
  input: {
    tenantId: string;
    name: string;
    email?: string;
    externalRef?: string;
    fleetId?: string;
    actor: Actor;
  },
): Promise<Driver> => {
  const { at } = changeOf(deps, input.actor);
  const driver: Driver = {
    tenantId: input.tenantId,
    driverId: deps.ids.next(),
    name: input.name,
    ...(input.email !== undefined && { email: input.email }),
    ...(input.externalRef !== undefined && { externalRef: input.externalRef }),
    ...(input.fleetId !== undefined && { fleetId: input.fleetId }),
    createdAt: at,
    createdBy: input.actor,
    updatedAt: at,
    updatedBy: input.actor,
  };
  return (await moveMember(deps, {
    tenantId: input.tenantId,
    kind: 'driver',
    memberId: driver.driverId,
    before: undefined,
    fleetId: input.fleetId,
    change: async () => {
      // A ULID is new by construction; a refusal would mean a broken id generator, not a user error.
      if (!(await deps.drivers.create(driver))) throw new Error(`driver id ${driver.driverId} is taken`);
      return driver;
    },
  })) as Driver;
};

export const getDriver = (deps: Deps<'drivers'>, input: { tenantId: string; driverId: string }) =>
  deps.drivers.get(input.tenantId, input.driverId);

export const listDrivers = (
  deps: Deps<'drivers'>,
  input: { tenantId: string; limit: number; cursor?: string },
): Promise<Page<Driver>> => deps.drivers.list(input.tenantId, input);

/** Changes a driver; a new `fleetId` (a fleet of the tenant, else UnknownFleetError) moves it between fleets. */
export const updateDriver = async (
  deps: Deps<'drivers' | 'fleets' | 'clock'>,
  input: { tenantId: string; driverId: string; changes: DriverChanges; actor: Actor },
): Promise<Driver | undefined> => {
  const before = await deps.drivers.get(input.tenantId, input.driverId);
  if (!before) return undefined;
  return moveMember(deps, {
    tenantId: input.tenantId,
    kind: 'driver',
    memberId: input.driverId,
    before,
    fleetId: input.changes.fleetId,
    change: () =>
      deps.drivers.update(input.tenantId, input.driverId, input.changes, changeOf(deps, input.actor)),
  });
};

/** The driver, their vehicles and id tokens: everything the CSMS holds about the person (GDPR Art. 15). */
export const exportDriver = async (
  deps: Deps<'drivers' | 'vehicles' | 'idTokens'>,
  input: { tenantId: string; driverId: string },
): Promise<DriverExport | undefined> => {
  const driver = await deps.drivers.get(input.tenantId, input.driverId);
  if (!driver) return undefined;
  const vehicleIds = await deps.drivers.vehicleIdsOf(input.tenantId, input.driverId);
  const vehicles = await Promise.all(vehicleIds.map((id) => deps.vehicles.get(input.tenantId, id)));
  const tokenIds = await deps.drivers.idTokensOf(input.tenantId, input.driverId);
  const idTokens = await Promise.all(tokenIds.map((id) => deps.idTokens.get(input.tenantId, id)));
  return {
    driver,
    idTokens: idTokens.filter(
      (token): token is IdToken => token !== undefined && token.driverId === input.driverId,
    ),
    // A link whose vehicle was moved to another driver meanwhile is not this driver's any more.
    vehicles: vehicles.filter(
      (vehicle): vehicle is Vehicle => vehicle !== undefined && vehicle.driverId === input.driverId,
    ),
  };
};

/** A driver is not erased while one of their tokens charges: their session still needs its token (409). */
export class DriverHasActiveSessionError extends Error {
  constructor(
    readonly driverId: string,
    readonly sessionId: string,
  ) {
    super(`driver ${driverId} has an active session (${sessionId}); erase the driver once it has ended`);
  }
}

/**
 * An active session of one of these tokens, if any: the token's markers, each checked against its session
 * (markers may outlive it). A session known for longer than the concurrent-transaction limit (a lost stop)
 * does not block, as it does not block the token either.
 */
const activeSessionOf = async (
  deps: Deps<'sessions' | 'activeSessions' | 'clock'>,
  tenantId: string,
  tokens: readonly IdToken[],
): Promise<string | undefined> => {
  const now = deps.clock.now().getTime();
  for (const token of tokens) {
    for (const marker of await deps.activeSessions.list(tenantId, token.idToken)) {
      const session = await deps.sessions.get(tenantId, marker.sessionId);
      if (session?.status === 'Active' && now - Date.parse(session.createdAt) < concurrentSessionMaxAgeMs)
        return session.sessionId;
    }
  }
  return undefined;
};

/**
 * Erases a driver (GDPR Art. 17): the driver's record goes; their vehicles and id tokens stay, without a driver
 * (a fleet's car or card outlives its driver; the operator deletes them if they were private). The driver's
 * keys are revoked first, so that no app acts as the driver while it is being erased. Refused
 * (DriverHasActiveSessionError) while one of the driver's tokens has an active session.
 */
export const deleteDriver = async (
  deps: Deps<
    'drivers' | 'vehicles' | 'idTokens' | 'apiKeys' | 'sessions' | 'activeSessions' | 'fleets' | 'clock'
  >,
  input: { tenantId: string; driverId: string; actor: Actor },
): Promise<Driver | undefined> => {
  const exported = await exportDriver(deps, input);
  if (!exported) return undefined;
  const active = await activeSessionOf(deps, input.tenantId, exported.idTokens);
  if (active) throw new DriverHasActiveSessionError(input.driverId, active);
  await revokeAllDriverKeys(deps, input);
  const change = changeOf(deps, input.actor);
  for (const vehicle of exported.vehicles)
    await deps.vehicles.update(input.tenantId, vehicle.vehicleId, { driverId: null }, change);
  for (const { driverId: _driver, ...token } of exported.idTokens)
    await deps.idTokens.put({ ...token, updatedAt: change.at, updatedBy: change.actor });
  // The links last: until they are gone, a retry after a crash finds the vehicles again.
  const vehicleIds = await deps.drivers.vehicleIdsOf(input.tenantId, input.driverId);
  for (const vehicleId of vehicleIds)
    await deps.drivers.unlinkVehicle(input.tenantId, input.driverId, vehicleId);
  for (const idToken of await deps.drivers.idTokensOf(input.tenantId, input.driverId))
    await deps.drivers.unlinkIdToken(input.tenantId, input.driverId, idToken);
  if (!(await deps.drivers.delete(input.tenantId, input.driverId))) return undefined;
  if (exported.driver.fleetId !== undefined)
    await deps.fleets.unlink(input.tenantId, exported.driver.fleetId, 'driver', input.driverId);
  return exported.driver;
};

export type VehicleOutcome =
  | { readonly ok: true; readonly vehicle: Vehicle }
  | { readonly ok: false; readonly reason: 'unknown-driver'; readonly driverId: string }
  | { readonly ok: false; readonly reason: 'not-found' };

type VehicleFields = Omit<
  Vehicle,
  'tenantId' | 'vehicleId' | 'createdAt' | 'createdBy' | 'updatedAt' | 'updatedBy'
>;

/** Creates a vehicle; its driver and fleet, if named, must be the tenant's (else an outcome / UnknownFleetError). */
export const createVehicle = async (
  deps: Deps<'drivers' | 'vehicles' | 'fleets' | 'clock' | 'ids'>,
  input: { tenantId: string; fields: VehicleFields; actor: Actor },
): Promise<VehicleOutcome> => {
  const { driverId } = input.fields;
  if (driverId !== undefined && !(await deps.drivers.get(input.tenantId, driverId)))
    return { ok: false, reason: 'unknown-driver', driverId };
  const { at } = changeOf(deps, input.actor);
  const vehicle: Vehicle = {
    ...input.fields,
    tenantId: input.tenantId,
    vehicleId: deps.ids.next(),
    createdAt: at,
    createdBy: input.actor,
    updatedAt: at,
    updatedBy: input.actor,
  };
  await moveMember(deps, {
    tenantId: input.tenantId,
    kind: 'vehicle',
    memberId: vehicle.vehicleId,
    before: undefined,
    fleetId: input.fields.fleetId,
    change: async () => {
      if (!(await deps.vehicles.create(vehicle))) throw new Error(`vehicle id ${vehicle.vehicleId} is taken`);
      return vehicle;
    },
  });
  if (driverId !== undefined) await deps.drivers.linkVehicle(input.tenantId, driverId, vehicle.vehicleId);
  return { ok: true, vehicle };
};

export const getVehicle = (deps: Deps<'vehicles'>, input: { tenantId: string; vehicleId: string }) =>
  deps.vehicles.get(input.tenantId, input.vehicleId);

export const listVehicles = (
  deps: Deps<'vehicles'>,
  input: { tenantId: string; limit: number; cursor?: string },
): Promise<Page<Vehicle>> => deps.vehicles.list(input.tenantId, input);

/**
 * Changes a vehicle; a new `driverId` moves the vehicle's link from the old driver to the new one, a new
 * `fleetId` (a fleet of the tenant, else UnknownFleetError) from the old fleet to the new one.
 */
export const updateVehicle = async (
  deps: Deps<'drivers' | 'vehicles' | 'fleets' | 'clock'>,
  input: { tenantId: string; vehicleId: string; changes: VehicleChanges; actor: Actor },
): Promise<VehicleOutcome> => {
  const before = await deps.vehicles.get(input.tenantId, input.vehicleId);
  if (!before) return { ok: false, reason: 'not-found' };
  const { driverId } = input.changes;
  if (typeof driverId === 'string' && !(await deps.drivers.get(input.tenantId, driverId)))
    return { ok: false, reason: 'unknown-driver', driverId };
  // Before any write: bad input changes nothing.
  const { fleetId } = input.changes;
  if (typeof fleetId === 'string') await requireFleet(deps, input.tenantId, fleetId);
  if (typeof driverId === 'string') await deps.drivers.linkVehicle(input.tenantId, driverId, input.vehicleId);
  const vehicle = await moveMember(deps, {
    tenantId: input.tenantId,
    kind: 'vehicle',
    memberId: input.vehicleId,
    before,
    fleetId: input.changes.fleetId,
    change: () =>
      deps.vehicles.update(input.tenantId, input.vehicleId, input.changes, changeOf(deps, input.actor)),
  });
  if (!vehicle) return { ok: false, reason: 'not-found' };
  if (before.driverId !== undefined && before.driverId !== vehicle.driverId)
    await deps.drivers.unlinkVehicle(input.tenantId, before.driverId, input.vehicleId);
  return { ok: true, vehicle };
};

export const deleteVehicle = async (
  deps: Deps<'drivers' | 'vehicles' | 'fleets'>,
  input: { tenantId: string; vehicleId: string },
): Promise<Vehicle | undefined> => {
  const vehicle = await deps.vehicles.delete(input.tenantId, input.vehicleId);
  if (vehicle?.fleetId !== undefined)
    await deps.fleets.unlink(input.tenantId, vehicle.fleetId, 'vehicle', input.vehicleId);
  if (vehicle?.driverId !== undefined)
    await deps.drivers.unlinkVehicle(input.tenantId, vehicle.driverId, input.vehicleId);
  return vehicle;
};

/**
 * The driver with this external reference (the operator's own user id), created if the tenant has none: what a
 * migration's re-runs rely on to find the same driver and never make a second one. The reference item is written
 * first, as a reservation of the id the driver then gets: a run cut off between the two writes leaves a
 * reference to a driver not created yet, which the next run creates under that same id. A reference whose driver
 * was given another reference since is taken over with a conditional write on what it named.
 */
export const ensureDriverByExternalRef = async (
  deps: Deps<'drivers' | 'clock' | 'ids'>,
  input: { tenantId: string; externalRef: string; name: string; email?: string; actor: Actor },
): Promise<{ driver: Driver; created: boolean }> => {
  const { tenantId, externalRef } = input;
  for (let attempt = 0; attempt < 5; attempt++) {
    const named = await deps.drivers.driverIdOfExternalRef(tenantId, externalRef);
    const existing = named === undefined ? undefined : await deps.drivers.get(tenantId, named);
    if (existing?.externalRef === externalRef) return { driver: existing, created: false };
    // No driver under the reservation yet (a run cut off, or another one under way): create it there.
    const driverId = named !== undefined && existing === undefined ? named : deps.ids.next();
    if (driverId !== named && !(await deps.drivers.claimExternalRef(tenantId, externalRef, driverId, named)))
      continue;
    const { at } = changeOf(deps, input.actor);
    const driver: Driver = {
      tenantId,
      driverId,
      name: input.name,
      ...(input.email !== undefined && { email: input.email }),
      externalRef,
      createdAt: at,
      createdBy: input.actor,
      updatedAt: at,
      updatedBy: input.actor,
    };
    if (await deps.drivers.create(driver)) return { driver, created: true };
  }
  throw new Error(`the driver of external reference ${externalRef} keeps changing; try again`);
};
