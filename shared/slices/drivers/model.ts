import type { AuditFields } from '../../kernel/model.ts';
import type { IdToken } from '../authorization/model.ts';

/**
 * A driver of the tenant: the person behind id tokens and sessions. Who the driver is, for the operator's own
 * user system, is `externalRef`; the platform keeps no driver passwords (the operator's backend authenticates
 * drivers).
 */
export interface Driver extends AuditFields {
  readonly tenantId: string;
  /** ULID given by the CSMS. */
  readonly driverId: string;
  readonly name: string;
  readonly email?: string;
  /** The driver's id in the operator's own user system. */
  readonly externalRef?: string;
  /** The fleet the driver belongs to, if any (see `Fleet`). */
  readonly fleetId?: string;
}

/**
 * A vehicle, with the identifiers chargers report for it: the ISO 15118 EVCC id (2.0.1), the contract id
 * (eMAID) of Plug & Charge, and the MAC address Autocharge reports as the id token.
 */
export interface Vehicle extends AuditFields {
  readonly tenantId: string;
  /** ULID given by the CSMS. */
  readonly vehicleId: string;
  /** The driver the vehicle belongs to, if any (a pool vehicle of a fleet has none). */
  readonly driverId?: string;
  readonly licencePlate?: string;
  readonly make?: string;
  readonly model?: string;
  readonly batteryCapacityKwh?: number;
  readonly evccId?: string;
  readonly contractId?: string;
  readonly macAddress?: string;
  /** The fleet the vehicle belongs to, if any (see `Fleet`). */
  readonly fleetId?: string;
  /**
   * OCPP 2.0.1 chargingPriority semantics (-9…9, absent = 0, higher = more): weighs the vehicle's sessions' share
   * at a load-managed site, and wins over the priority of the session's id token.
   */
  readonly chargingPriority?: number;
}

/** The fields of a driver a change may set (`null` removes an optional one). */
export interface DriverChanges {
  readonly name?: string;
  readonly email?: string | null;
  readonly externalRef?: string | null;
  readonly fleetId?: string | null;
}

/** The fields of a vehicle a change may set (`null` removes one). */
export type VehicleChanges = {
  readonly [K in Exclude<keyof Vehicle, keyof AuditFields | 'tenantId' | 'vehicleId'>]?: Vehicle[K] | null;
};

/** Everything the CSMS holds about one driver: what a GDPR access request is answered with. */
export interface DriverExport {
  readonly driver: Driver;
  readonly vehicles: readonly Vehicle[];
  readonly idTokens: readonly IdToken[];
}

/**
 * A group of drivers and vehicles of the tenant (a company's cars and staff): a fleet-scoped API key sees the
 * fleet's sessions across every site of the tenant, and its reports. A session counts for the fleet its vehicle
 * (else its driver) belonged to when it started, so that history stays as it was when members move.
 */
export interface Fleet extends AuditFields {
  readonly tenantId: string;
  /** ULID given by the CSMS. */
  readonly fleetId: string;
  readonly name: string;
  readonly description?: string;
}

/** The fields of a fleet a change may set (`null` removes the description). */
export interface FleetChanges {
  readonly name?: string;
  readonly description?: string | null;
}

export type FleetMemberKind = 'driver' | 'vehicle';

/** Who a session was of, as the CSMS knew it when the session started. */
export interface SessionAttribution {
  readonly driverId?: string;
  readonly vehicleId?: string;
  /** The vehicle's fleet, else the driver's. */
  readonly fleetId?: string;
}
