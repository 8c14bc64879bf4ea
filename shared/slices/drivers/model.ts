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
}

/** The fields of a driver a change may set (`null` removes an optional one). */
export interface DriverChanges {
  readonly name?: string;
  readonly email?: string | null;
  readonly externalRef?: string | null;
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
