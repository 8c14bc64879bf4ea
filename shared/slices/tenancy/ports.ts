import type { Change, Page } from '../../kernel/ports.ts';
import type { ApiKey, AuditEntry, GeoLocation, Site, Tenant, TenantStatus } from './model.ts';

export interface TenantRepository {
  /** Creates the tenant and its first API key together; fails if the tenant id exists. */
  create(tenant: Tenant, firstKey: ApiKey): Promise<void>;
  get(tenantId: string): Promise<Tenant | undefined>;
  getApiKey(tenantId: string, keyId: string): Promise<ApiKey | undefined>;
  /** All tenants, for the platform admin, in tenant id order. */
  list(query: { limit: number; cursor?: string }): Promise<Page<Tenant>>;
  /** Applies the changes (`null` removes a field); undefined when the tenant does not exist. */
  update(
    tenantId: string,
    changes: { name?: string; status?: TenantStatus; rateLimitPerSecond?: number | null },
    change: Change,
  ): Promise<Tenant | undefined>;
}

export type RevokeOutcome = 'revoked' | 'already-revoked' | 'last-admin' | 'not-found';

/**
 * A tenant's API keys. The tenant's active admin keys are counted, so that the last one cannot be revoked even
 * by two concurrent calls (no transactions: the count is updated conditionally, and it errs low, never high).
 */
export interface ApiKeyRepository {
  /** Returns false when the key id is taken. */
  create(key: ApiKey): Promise<boolean>;
  get(tenantId: string, keyId: string): Promise<ApiKey | undefined>;
  list(tenantId: string, query: { limit: number; cursor?: string }): Promise<Page<ApiKey>>;
  /** The keys of one driver (role `driver`; not in `list`), expired ones until DynamoDB TTL removes them. */
  listOfDriver(
    tenantId: string,
    driverId: string,
    query: { limit: number; cursor?: string },
  ): Promise<Page<ApiKey>>;
  /** Sets `revokedAt`, unless the key is the tenant's last active admin key. */
  revoke(tenantId: string, keyId: string, change: Change): Promise<{ outcome: RevokeOutcome; key?: ApiKey }>;
  /** Replaces the secret of an active key; undefined when it does not exist or is revoked. */
  replaceSecret(
    tenantId: string,
    keyId: string,
    secretHash: string,
    change: Change,
  ): Promise<ApiKey | undefined>;
}

/** A PATCH of a site: `undefined` leaves a field, `null` removes it. */
export interface SiteChanges {
  readonly name?: string;
  readonly maxPowerKw?: number | null;
  readonly tariffId?: string | null;
  readonly timeZone?: string;
  readonly location?: GeoLocation | null;
}

export interface SiteRepository {
  /** Returns false when the site id is taken in the tenant. */
  create(site: Site): Promise<boolean>;
  get(tenantId: string, siteId: string): Promise<Site | undefined>;
  list(tenantId: string, query: { limit: number; cursor?: string }): Promise<Page<Site>>;
  /** Applies the changes (`null` removes a field); undefined when the site does not exist. */
  update(tenantId: string, siteId: string, changes: SiteChanges, change: Change): Promise<Site | undefined>;
  /** Returns false when the site did not exist. */
  delete(tenantId: string, siteId: string): Promise<boolean>;
}

/** Per-tenant API rate limit: fixed one-second windows. */
export interface RateLimiter {
  /** Counts one request of the tenant; `allowed: false` once the window's limit is reached. */
  consume(
    tenantId: string,
    limitPerSecond: number,
    now: Date,
  ): Promise<{ allowed: boolean; retryAfterSeconds: number }>;
}

/** Successful mutating API calls, per tenant and month. */
export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
  /** Entries of one month (`yyyy-mm`), newest first. */
  list(tenantId: string, query: { month: string; limit: number; cursor?: string }): Promise<Page<AuditEntry>>;
}

/** What the tenancy slice adds to the dependencies. */
export interface TenancyDependencies {
  readonly tenants: TenantRepository;
  readonly apiKeys: ApiKeyRepository;
  readonly sites: SiteRepository;
  readonly rateLimiter: RateLimiter;
  readonly auditLog: AuditLog;
}
