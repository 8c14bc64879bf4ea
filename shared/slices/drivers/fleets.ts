import type { Actor } from '../../kernel/model.ts';
import type { Change, Page } from '../../kernel/ports.ts';
import { isStorableIdToken, normalizeIdToken } from '../authorization/id-tokens.ts';
import type { Dependencies } from '../dependencies.ts';
import type { Driver, Fleet, FleetChanges, FleetMemberKind, SessionAttribution, Vehicle } from './model.ts';

type Deps<K extends keyof Dependencies> = Pick<Dependencies, K>;

/** A fleet to put a driver or vehicle in that the tenant does not have: the request names the field. */
export class UnknownFleetError extends Error {
  constructor(readonly fleetId: string) {
    super(`unknown fleet ${fleetId}`);
    this.name = 'UnknownFleetError';
  }
}

const changeOf = (deps: Deps<'clock'>, actor: Actor): Change => ({
  at: deps.clock.now().toISOString(),
  actor,
});

export const createFleet = async (
  deps: Deps<'fleets' | 'clock' | 'ids'>,
  input: { tenantId: string; name: string; description?: string; actor: Actor },
): Promise<Fleet> => {
  const { at } = changeOf(deps, input.actor);
  const fleet: Fleet = {
    tenantId: input.tenantId,
    fleetId: deps.ids.next(),
    name: input.name,
    ...(input.description !== undefined && { description: input.description }),
    createdAt: at,
    createdBy: input.actor,
    updatedAt: at,
    updatedBy: input.actor,
  };
  // A ULID is new by construction; a refusal would mean a broken id generator, not a user error.
  if (!(await deps.fleets.create(fleet))) throw new Error(`fleet id ${fleet.fleetId} is taken`);
  return fleet;
};

export const getFleet = (deps: Deps<'fleets'>, input: { tenantId: string; fleetId: string }) =>
  deps.fleets.get(input.tenantId, input.fleetId);

export const listFleets = (
  deps: Deps<'fleets'>,
  input: { tenantId: string; limit: number; cursor?: string },
): Promise<Page<Fleet>> => deps.fleets.list(input.tenantId, input);

export const updateFleet = (
  deps: Deps<'fleets' | 'clock'>,
  input: { tenantId: string; fleetId: string; changes: FleetChanges; actor: Actor },
): Promise<Fleet | undefined> =>
  deps.fleets.update(input.tenantId, input.fleetId, input.changes, changeOf(deps, input.actor));

/**
 * Deletes a fleet that has no members; one with drivers or vehicles is refused (`has-members`, a 409): detaching
 * them silently would change what the operator's fleet keys and reports see. Its sessions keep their `fleetId`
 * (history stays as it was); its keys find nothing afterwards. A member added while the delete runs can be left
 * pointing at the deleted fleet (no transaction spans a partition's unknown items); `PATCH … {fleetId: null}`
 * takes it out.
 */
export const deleteFleet = (
  deps: Deps<'fleets'>,
  input: { tenantId: string; fleetId: string },
): Promise<Fleet | 'not-found' | 'has-members'> => deps.fleets.delete(input.tenantId, input.fleetId);

/** 400 for a fleet the tenant does not have (`UnknownFleetError`). */
export const requireFleet = async (
  deps: Deps<'fleets'>,
  tenantId: string,
  fleetId: string,
): Promise<void> => {
  if (!(await deps.fleets.get(tenantId, fleetId))) throw new UnknownFleetError(fleetId);
};

/**
 * Keeps the fleet's member links in step with a change of a member's `fleetId`: `change` stores the member (its
 * new fleet, if any, already checked) and returns it, or undefined when it does not exist. The new link is
 * written before the member, the old one removed after, so a crash in between leaves a link too many (a
 * listing skips members that are not in the fleet any more), never a member its fleet does not list.
 */
export const moveMember = async <M extends { readonly fleetId?: string }>(
  deps: Deps<'fleets'>,
  input: {
    tenantId: string;
    kind: FleetMemberKind;
    memberId: string;
    before: M | undefined;
    fleetId: string | null | undefined;
    change: () => Promise<M | undefined>;
  },
): Promise<M | undefined> => {
  const { tenantId, kind, memberId, fleetId } = input;
  if (typeof fleetId === 'string') {
    await requireFleet(deps, tenantId, fleetId);
    await deps.fleets.link(tenantId, fleetId, kind, memberId);
  }
  const after = await input.change();
  const was = input.before?.fleetId;
  if (after && was !== undefined && was !== after.fleetId)
    await deps.fleets.unlink(tenantId, was, kind, memberId);
  return after;
};

/** The fleet's drivers (undefined: no such fleet), in id order; a page may be short after a stale link. */
export const listFleetDrivers = async (
  deps: Deps<'fleets' | 'drivers'>,
  input: { tenantId: string; fleetId: string; limit: number; cursor?: string },
): Promise<Page<Driver> | undefined> => {
  if (!(await deps.fleets.get(input.tenantId, input.fleetId))) return undefined;
  const ids = await deps.fleets.memberIds(input.tenantId, input.fleetId, 'driver', input);
  const drivers = await Promise.all(ids.items.map((id) => deps.drivers.get(input.tenantId, id)));
  return {
    items: drivers.filter((driver): driver is Driver => driver?.fleetId === input.fleetId),
    ...(ids.cursor && { cursor: ids.cursor }),
  };
};

/** The fleet's vehicles (undefined: no such fleet), in id order; a page may be short after a stale link. */
export const listFleetVehicles = async (
  deps: Deps<'fleets' | 'vehicles'>,
  input: { tenantId: string; fleetId: string; limit: number; cursor?: string },
): Promise<Page<Vehicle> | undefined> => {
  if (!(await deps.fleets.get(input.tenantId, input.fleetId))) return undefined;
  const ids = await deps.fleets.memberIds(input.tenantId, input.fleetId, 'vehicle', input);
  const vehicles = await Promise.all(ids.items.map((id) => deps.vehicles.get(input.tenantId, id)));
  return {
    items: vehicles.filter((vehicle): vehicle is Vehicle => vehicle?.fleetId === input.fleetId),
    ...(ids.cursor && { cursor: ids.cursor }),
  };
};

/** Whether the vehicle is the one the token names: its Autocharge MAC address or its contract id (eMAID). */
const tokenNamesVehicle = (vehicle: Vehicle, token: string): boolean => {
  const mac = token.replace(/[:-]/g, '');
  const emaid = token.replace(/-/g, '');
  return (
    (vehicle.macAddress !== undefined && vehicle.macAddress === mac) ||
    (vehicle.contractId !== undefined && vehicle.contractId.replace(/-/g, '').toUpperCase() === emaid)
  );
};

/**
 * Who a session is of, from its id token, as the CSMS knows it now (the session keeps it: later changes of
 * membership do not rewrite history). The driver is the token's; the vehicle is the driver's vehicle the token
 * names (its Autocharge MAC address or Plug & Charge contract id), else the driver's only vehicle, else none;
 * the fleet is the vehicle's, else the driver's.
 */
export const attributeSession = async (
  deps: Deps<'idTokens' | 'drivers' | 'vehicles'>,
  input: { tenantId: string; idToken: string | undefined },
): Promise<SessionAttribution> => {
  if (!input.idToken || !isStorableIdToken(input.idToken)) return {};
  const token = normalizeIdToken(input.idToken);
  const driverId = (await deps.idTokens.get(input.tenantId, token))?.driverId;
  const driver = driverId === undefined ? undefined : await deps.drivers.get(input.tenantId, driverId);
  if (!driver) return {};
  const vehicleIds = await deps.drivers.vehicleIdsOf(input.tenantId, driver.driverId);
  const vehicles = (await Promise.all(vehicleIds.map((id) => deps.vehicles.get(input.tenantId, id)))).filter(
    (vehicle): vehicle is Vehicle => vehicle?.driverId === driver.driverId,
  );
  const vehicle =
    vehicles.find((candidate) => tokenNamesVehicle(candidate, token)) ??
    (vehicles.length === 1 ? vehicles[0] : undefined);
  const fleetId = vehicle?.fleetId ?? driver.fleetId;
  return {
    driverId: driver.driverId,
    ...(vehicle && { vehicleId: vehicle.vehicleId }),
    ...(fleetId !== undefined && { fleetId }),
  };
};
