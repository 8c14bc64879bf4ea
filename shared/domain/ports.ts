import type { DomainEvent } from '../events/catalog.ts';
import type {
  Actor,
  ApiKey,
  AuditEntry,
  BootInfo,
  Charger,
  ChargerView,
  Command,
  CommandError,
  Connection,
  ConnectorStatus,
  IdToken,
  PendingCall,
  Session,
  SessionMeterValue,
  SessionStatus,
  Site,
  Tenant,
  TenantStatus,
} from './model.ts';

export interface Page<T> {
  readonly items: readonly T[];
  /** Opaque; absent on the last page. */
  readonly cursor?: string;
}

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

/** When and by whom a record is changed: goes to its `updatedAt`/`updatedBy`. */
export interface Change {
  readonly at: string;
  readonly actor: Actor;
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

export interface SiteRepository {
  /** Returns false when the site id is taken in the tenant. */
  create(site: Site): Promise<boolean>;
  get(tenantId: string, siteId: string): Promise<Site | undefined>;
  list(tenantId: string, query: { limit: number; cursor?: string }): Promise<Page<Site>>;
  /** Applies the changes (`null` removes a field); undefined when the site does not exist. */
  update(
    tenantId: string,
    siteId: string,
    changes: { name?: string; maxPowerKw?: number | null },
    change: Change,
  ): Promise<Site | undefined>;
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

export interface ChargerRepository {
  /** Returns false when the charger id is already taken in the tenant. */
  create(charger: Charger): Promise<boolean>;
  /** Tenant and charger in one round trip, for the `$connect` authorizer. */
  getWithTenant(tenantId: string, chargerId: string): Promise<{ tenant?: Tenant; charger?: Charger }>;
  getView(tenantId: string, chargerId: string, now: Date): Promise<ChargerView | undefined>;
  list(
    tenantId: string,
    /** `siteIds`: only chargers of these sites (a site-limited key); never chargers without a site. */
    query: { siteId?: string; siteIds?: readonly string[]; limit: number; cursor?: string },
    now: Date,
  ): Promise<Page<ChargerView>>;
  /** Applies the changes (`null` removes a field; a new site moves it in the listing index). */
  update(
    tenantId: string,
    chargerId: string,
    changes: { siteId?: string | null; description?: string | null },
    change: Change,
  ): Promise<Charger | undefined>;
  /** Replaces the Basic-auth password hash; false when the charger does not exist. */
  setPassword(tenantId: string, chargerId: string, passwordHash: string, change: Change): Promise<boolean>;
  /**
   * Deletes the charger and every item of its partition (connection, connectors, …), the charger item first
   * so that it can no longer connect; returns false when it did not exist.
   */
  delete(tenantId: string, chargerId: string): Promise<boolean>;
  /** Stores boot data; returns the charger's site, or undefined when the charger does not exist. */
  recordBoot(
    tenantId: string,
    chargerId: string,
    boot: BootInfo & { ocppVersion: Charger['ocppVersion']; at: string },
  ): Promise<{ siteId?: string } | undefined>;
  /**
   * Stores a connector status unless a newer one is stored; returns whether it changed and what it was.
   */
  recordConnectorStatus(
    tenantId: string,
    chargerId: string,
    status: ConnectorStatus,
  ): Promise<{ stored: boolean; previousStatus?: string }>;
}

export interface ConnectionRegistry {
  /** Makes this the charger's connection; returns the one it replaces, if any. */
  register(connection: Connection, expiresAt: Date): Promise<Connection | undefined>;
  /** Records activity on the connection if it is still the current one. */
  touch(tenantId: string, chargerId: string, connectionId: string, at: string): Promise<void>;
  /** Removes the connection only if it is still the current one; a reconnect may have replaced it. */
  remove(tenantId: string, chargerId: string, connectionId: string, at: string): Promise<boolean>;
}

/** The charger-facing side of API Gateway: `@connections`. */
export interface ChargerChannel {
  /** Closes a connection; succeeds when it is already gone. */
  close(connectionId: string): Promise<void>;
  /** Sends one frame to the charger; throws ChargerGoneError when the connection no longer exists. */
  send(connectionId: string, frame: string): Promise<void>;
}

/** The connection a frame was sent to is gone (API Gateway's 410): the charger is offline. */
export class ChargerGoneError extends Error {
  constructor(readonly connectionId: string) {
    super(`connection ${connectionId} is gone`);
    this.name = 'ChargerGoneError';
  }
}

/** The per-charger slot for the one outstanding CSMS→charger CALL. */
export interface PendingCallStore {
  /**
   * Takes the charger's slot unless a live call holds it. A holder whose time is up, or whose connection is not
   * `call.connectionId` (the charger reconnected and forgot it), is replaced and returned.
   */
  acquire(
    call: PendingCall,
    now: Date,
  ): Promise<{ acquired: true; replaced?: PendingCall } | { acquired: false; holder?: PendingCall }>;
  get(tenantId: string, chargerId: string): Promise<PendingCall | undefined>;
  /** Frees the slot only if it still holds this message id; returns whether it did. */
  release(tenantId: string, chargerId: string, messageId: string): Promise<boolean>;
}

export interface CommandRepository {
  create(command: Command): Promise<void>;
  /** Strongly consistent: the API polls it for the charger's answer. */
  get(tenantId: string, commandId: string): Promise<Command | undefined>;
  /** Records the outcome only while the command is pending; returns the command if this call completed it. */
  complete(
    tenantId: string,
    commandId: string,
    outcome: {
      status: Exclude<Command['status'], 'pending'>;
      response?: Record<string, unknown>;
      error?: CommandError;
      completedAt: string;
    },
  ): Promise<Command | undefined>;
}

export interface EventPublisher {
  publish(events: readonly DomainEvent[]): Promise<void>;
}

export interface BillingRepository {
  /** Records a finished transaction awaiting pricing; returns false if it was already recorded. */
  recordPending(record: {
    tenantId: string;
    transactionId: string;
    chargerId: string;
    energyWh: number;
    endedAt: string;
    recordedAt: string;
  }): Promise<boolean>;
}

/** A tenant's id tokens, keyed by the upper-cased token. */
export interface IdTokenRepository {
  /** Creates or replaces the token, keeping its creation fields; returns it and whether it was new. */
  put(token: IdToken): Promise<{ token: IdToken; created: boolean }>;
  get(tenantId: string, idToken: string): Promise<IdToken | undefined>;
  /** In token order. */
  list(tenantId: string, query: { limit: number; cursor?: string }): Promise<Page<IdToken>>;
  /** Returns the deleted token, or undefined when there was none. */
  delete(tenantId: string, idToken: string): Promise<IdToken | undefined>;
}

export interface SessionQuery {
  readonly chargerId?: string;
  readonly status?: SessionStatus;
  /** Only sessions of these sites (a site-limited key); never sessions without a site. */
  readonly siteIds?: readonly string[];
  readonly limit: number;
  readonly cursor?: string;
}

/** Charging sessions: one per charger transaction, under a tenant-unique session id. */
export interface SessionRepository {
  /**
   * The session id of a charger's transaction: the stored one, or `candidate` if this call is the first to ask
   * (a conditional write decides between concurrent first calls).
   */
  resolveSessionId(
    tenantId: string,
    chargerId: string,
    transactionId: string,
    candidate: string,
  ): Promise<string>;
  get(tenantId: string, sessionId: string): Promise<Session | undefined>;
  /**
   * Stores the session if the stored one still has `session.version - 1` (version 1: if there is none);
   * returns false when another write came first.
   */
  save(session: Session): Promise<boolean>;
  /** Stores each meter value once (per timestamp and seqNo); a repeated one changes nothing. */
  recordMeterValues(tenantId: string, sessionId: string, values: readonly SessionMeterValue[]): Promise<void>;
  /** The session with its meter values in time order. */
  getWithMeterValues(
    tenantId: string,
    sessionId: string,
  ): Promise<{ session: Session; meterValues: SessionMeterValue[] } | undefined>;
  /** Newest first (by start time). */
  list(tenantId: string, query: SessionQuery): Promise<Page<Session>>;
}

export interface Clock {
  now(): Date;
}

/** Waiting, apart from the clock so that tests can make time pass instead of waiting. */
export interface Timer {
  sleep(milliseconds: number): Promise<void>;
}

export interface IdGenerator {
  /** Sortable unique id (ULID). */
  next(): string;
}
