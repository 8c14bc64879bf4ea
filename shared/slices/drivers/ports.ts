import type { Change, Page } from '../../kernel/ports.ts';
import type {
  Driver,
  DriverChanges,
  Fleet,
  FleetChanges,
  FleetMemberKind,
  Vehicle,
  VehicleChanges,
} from './model.ts';

export interface DriverRepository {
  /** False when the id is taken. */
  create(driver: Driver): Promise<boolean>;
  get(tenantId: string, driverId: string): Promise<Driver | undefined>;
  list(tenantId: string, query: { limit: number; cursor?: string }): Promise<Page<Driver>>;
  /** Applies the changes; undefined when the driver does not exist. */
  update(
    tenantId: string,
    driverId: string,
    changes: DriverChanges,
    change: Change,
  ): Promise<Driver | undefined>;
  /** False when there was none. */
  delete(tenantId: string, driverId: string): Promise<boolean>;
  /** The ids of the driver's vehicles (their link items in the driver's partition). */
  vehicleIdsOf(tenantId: string, driverId: string): Promise<string[]>;
  linkVehicle(tenantId: string, driverId: string, vehicleId: string): Promise<void>;
  unlinkVehicle(tenantId: string, driverId: string, vehicleId: string): Promise<void>;
  /** The (normalized) id tokens linked to the driver. */
  idTokensOf(tenantId: string, driverId: string): Promise<string[]>;
  linkIdToken(tenantId: string, driverId: string, idToken: string): Promise<void>;
  unlinkIdToken(tenantId: string, driverId: string, idToken: string): Promise<void>;
  /**
   * The driver id an external reference was last given to (its reference item), if any. The driver itself may
   * be gone or renamed since: callers check it.
   */
  driverIdOfExternalRef(tenantId: string, externalRef: string): Promise<string | undefined>;
  /**
   * Points the external reference at `driverId` if it names no driver yet (`expected` undefined) or still names
   * `expected`; false when another write came first.
   */
  claimExternalRef(
    tenantId: string,
    externalRef: string,
    driverId: string,
    expected: string | undefined,
  ): Promise<boolean>;
}

export interface VehicleRepository {
  /** False when the id is taken. */
  create(vehicle: Vehicle): Promise<boolean>;
  get(tenantId: string, vehicleId: string): Promise<Vehicle | undefined>;
  list(tenantId: string, query: { limit: number; cursor?: string }): Promise<Page<Vehicle>>;
  /** Applies the changes; undefined when the vehicle does not exist. */
  update(
    tenantId: string,
    vehicleId: string,
    changes: VehicleChanges,
    change: Change,
  ): Promise<Vehicle | undefined>;
  /** The vehicle as it was; undefined when there was none. */
  delete(tenantId: string, vehicleId: string): Promise<Vehicle | undefined>;
}

export interface FleetRepository {
  /** False when the id is taken. */
  create(fleet: Fleet): Promise<boolean>;
  get(tenantId: string, fleetId: string): Promise<Fleet | undefined>;
  list(tenantId: string, query: { limit: number; cursor?: string }): Promise<Page<Fleet>>;
  /** Applies the changes; undefined when the fleet does not exist. */
  update(
    tenantId: string,
    fleetId: string,
    changes: FleetChanges,
    change: Change,
  ): Promise<Fleet | undefined>;
  /** Deletes the fleet only if it has no members: `has-members` then, `not-found` when there was none. */
  delete(tenantId: string, fleetId: string): Promise<Fleet | 'not-found' | 'has-members'>;
  /** The ids of the fleet's members of a kind (their link items in the fleet's partition), in id order. */
  memberIds(
    tenantId: string,
    fleetId: string,
    kind: FleetMemberKind,
    query: { limit: number; cursor?: string },
  ): Promise<Page<string>>;
  link(tenantId: string, fleetId: string, kind: FleetMemberKind, memberId: string): Promise<void>;
  unlink(tenantId: string, fleetId: string, kind: FleetMemberKind, memberId: string): Promise<void>;
}

/** What the drivers slice adds to the dependencies. */
export interface DriversDependencies {
  readonly drivers: DriverRepository;
  readonly vehicles: VehicleRepository;
  readonly fleets: FleetRepository;
}
