import type { Actor, AuditFields } from '../../kernel/model.ts';

export type TenantStatus = 'active' | 'suspended';
export type ApiKeyRole = 'admin' | 'operator' | 'viewer';
/** A driver's own short-lived credential for the driver API (`driver-keys.ts`): it sees only that driver. */
export type DriverKeyRole = 'driver';

export interface Tenant extends AuditFields {
  readonly tenantId: string;
  readonly name: string;
  readonly status: TenantStatus;
  /** API requests per second for all of the tenant's keys together; absent: the platform default. */
  readonly rateLimitPerSecond?: number;
}

export interface ApiKey extends AuditFields {
  readonly tenantId: string;
  readonly keyId: string;
  /** SHA-256 (hex) of the secret part; the secret itself is shown once and never stored. */
  readonly secretHash: string;
  readonly role: ApiKeyRole | DriverKeyRole;
  /** Set exactly for role `driver`: the driver the key acts as. */
  readonly driverId?: string;
  /** Refused from then on (driver keys); DynamoDB TTL removes the item later. */
  readonly expiresAt?: string;
  /** When set, the key sees only chargers (and their data) of these sites. */
  readonly siteIds?: readonly string[];
  /** When set, the key sees only this fleet: its drivers, vehicles, sessions (on every site) and reports. */
  readonly fleetId?: string;
  /** A label for listings, e.g. `billing export`. */
  readonly name?: string;
  readonly description?: string;
  readonly revokedAt?: string;
}

/** A location chargers belong to; a site-limited API key sees only the chargers of its sites. */
export interface Site extends AuditFields {
  readonly tenantId: string;
  readonly siteId: string;
  readonly name: string;
  /** Grid connection limit for load management. */
  readonly maxPowerKw?: number;
  /** The tariff of sessions at this site, unless the id token or the charger has one. */
  readonly tariffId?: string;
  /** IANA time zone tariff restrictions are read in; absent: `UTC`. */
  readonly timeZone?: string;
  /** Where the site is (WGS 84 degrees), for the driver API's chargers near a position. */
  readonly location?: GeoLocation;
}

export interface GeoLocation {
  readonly latitude: number;
  readonly longitude: number;
}

/** One successful mutating API call, recorded by the router. */
export interface AuditEntry {
  readonly tenantId: string;
  readonly entryId: string;
  readonly at: string;
  /** The API key id, or `platform-admin`. */
  readonly keyId: Actor;
  readonly method: string;
  /** The route key, e.g. `PATCH /v1/chargers/{chargerId}`. */
  readonly route: string;
  readonly pathParameters: Readonly<Record<string, string>>;
  readonly status: number;
}
