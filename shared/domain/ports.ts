import type { DomainEvent } from '../events/catalog.ts';
import type {
  Actor,
  ApiKey,
  AuditEntry,
  BootInfo,
  Charger,
  ChargerConfiguration,
  ChargerView,
  Command,
  CommandError,
  Connection,
  ConnectorStatus,
  IdToken,
  LocalListSnapshot,
  LocalListSummary,
  MaintenanceKind,
  MaintenanceState,
  PendingCall,
  QueuedCall,
  Reservation,
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
  /** The calls waiting for the slot, oldest first, at most `limit` (strongly consistent). */
  queued(tenantId: string, chargerId: string, limit: number): Promise<QueuedCall[]>;
  /** Adds a call to the end of the charger's queue (its command id, a ULID, orders it). */
  enqueue(call: QueuedCall): Promise<void>;
  /**
   * Takes a call out of the queue; returns whether this call removed it. Whoever removes a queued call owns it:
   * sends it (holding the slot) or fails it, so it can never go out twice.
   */
  dequeue(tenantId: string, chargerId: string, commandId: string): Promise<boolean>;
}

/** When a charger's queue is to be looked at again: the time-out of the call in its slot. */
export interface CallQueueWake {
  readonly tenantId: string;
  readonly chargerId: string;
  /** The call in the slot when the wake was set; the wake times it out if it is still there. */
  readonly messageId: string;
  /** UTC ISO-8601. */
  readonly at: string;
}

/**
 * Wakes a charger's call queue later, for a time-out nobody else would notice (the caller stopped waiting and
 * others wait behind). At least once, never early; extra wakes are harmless.
 */
export interface CallQueueTimer {
  schedule(wake: CallQueueWake): Promise<void>;
}

export interface CommandRepository {
  create(command: Command): Promise<void>;
  /** Strongly consistent: the API polls it for the charger's answer. */
  get(tenantId: string, commandId: string): Promise<Command | undefined>;
  /** Records that a queued command's CALL goes out now; returns it if it was still queued. */
  markSent(
    tenantId: string,
    commandId: string,
    sent: { sentAt: string; expiresAt: string },
  ): Promise<Command | undefined>;
  /**
   * Records the outcome only while the command is queued or pending; returns the command if this call
   * completed it.
   */
  complete(
    tenantId: string,
    commandId: string,
    outcome: {
      status: Exclude<Command['status'], 'pending' | 'queued'>;
      response?: Record<string, unknown>;
      error?: CommandError;
      completedAt: string;
    },
  ): Promise<Command | undefined>;
}

/**
 * Which periodic samples of a session (meter values that change nothing but the energy so far) are published
 * as `transactionUpdated`: they are progress, not news, and an event per sample would cost as much as the
 * sample's own message.
 */
export interface SampleEventGate {
  /** Whether the sample of `sessionId` taken at `at` (UTC ISO-8601) is to be published. */
  due(sessionId: string, at: string): boolean;
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
  /** The session id of a charger's transaction, if it has one; never creates one. */
  findSessionId(tenantId: string, chargerId: string, transactionId: string): Promise<string | undefined>;
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
  /** The session's last `limit` meter values, newest first (none for an unknown session). */
  latestMeterValues(tenantId: string, sessionId: string, limit: number): Promise<SessionMeterValue[]>;
  /** Newest first (by start time). */
  list(tenantId: string, query: SessionQuery): Promise<Page<Session>>;
}

/** OCPP 1.6 transaction ids are 32-bit signed integers. */
export const maxOcpp16TransactionId = 2 ** 31 - 1;

/**
 * OCPP 1.6: the CSMS numbers a charger's transactions (StartTransaction.conf `transactionId`, a 32-bit signed
 * integer), from a counter per charger.
 */
export interface TransactionIdAllocator {
  /**
   * The transaction id of a start identified by `startKey`: the one an earlier call with the same key got (a
   * start repeated after a lost answer; `repeated: true`), else the charger's next number. A conditional write
   * decides between concurrent calls with the same key; the loser's number stays unused.
   */
  allocate(
    tenantId: string,
    chargerId: string,
    startKey: string,
  ): Promise<{ transactionId: number; repeated: boolean }>;
}

/** An active session of an id token (upper-cased), for the concurrent-transaction rule. */
export interface TokenSession {
  readonly tenantId: string;
  readonly idToken: string;
  readonly sessionId: string;
  readonly chargerId: string;
  readonly evseId?: number;
  /** When the CSMS first stored the session (its `createdAt`): CSMS time, whatever the charger's clock says. */
  readonly since: string;
}

/** Which sessions an id token has open: a marker per session, set while the session is active. */
export interface ActiveSessionIndex {
  /** Sets the marker; setting it again changes nothing. */
  add(entry: TokenSession): Promise<void>;
  remove(tenantId: string, idToken: string, sessionId: string): Promise<void>;
  /** Markers may outlive their session (a failed removal): callers check the session. */
  list(tenantId: string, idToken: string): Promise<TokenSession[]>;
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

/** What chargers reported about their configuration (OCPP 1.6 GetConfiguration answers). */
export interface ChargerConfigurationRepository {
  get(tenantId: string, chargerId: string): Promise<ChargerConfiguration | undefined>;
  /** Stores it if the stored one still has `revision - 1` (revision 1: if there is none); false otherwise. */
  save(configuration: ChargerConfiguration): Promise<boolean>;
}

/** Reservations of a charger, by their per-charger integer id. */
export interface ReservationRepository {
  /** The charger's next reservation id (1, 2, …); ids are never reused, even after the charger is deleted. */
  nextId(tenantId: string, chargerId: string): Promise<number>;
  get(tenantId: string, chargerId: string, reservationId: number): Promise<Reservation | undefined>;
  /** The most recent first (by id), at most `limit`. */
  list(tenantId: string, chargerId: string, query: { limit: number }): Promise<Reservation[]>;
  /** Stores it if the stored one still has `revision - 1` (revision 1: if there is none); false otherwise. */
  save(reservation: Reservation): Promise<boolean>;
}

/** The local authorization list each charger holds, as far as the updates it accepted tell. */
export interface LocalListRepository {
  getSummary(tenantId: string, chargerId: string): Promise<LocalListSummary | undefined>;
  getSnapshot(tenantId: string, chargerId: string): Promise<LocalListSnapshot | undefined>;
  /**
   * Stores the snapshot if the stored one still has `revision - 1` (revision 1: if there is none), then its
   * summary; false when another write came first.
   */
  save(snapshot: LocalListSnapshot): Promise<boolean>;
}

/** Firmware and diagnostics state per charger. */
export interface MaintenanceRepository {
  get(tenantId: string, chargerId: string, kind: MaintenanceKind): Promise<MaintenanceState | undefined>;
  /** Stores it if the stored one still has `revision - 1` (revision 1: if there is none); false otherwise. */
  save(state: MaintenanceState): Promise<boolean>;
}

/**
 * Files chargers upload (diagnostics, logs) and download (firmware), by key (tenant first). Chargers get plain
 * HTTP(S) URLs valid for a while: presigned S3 URLs on AWS, the local runtime's emulation of them locally.
 */
export interface FileStore {
  /** A URL the file can be uploaded to with a plain HTTP PUT (no extra headers), for `expiresInSeconds`. */
  uploadUrl(key: string, expiresInSeconds: number): Promise<string>;
  /** A URL the file can be downloaded from with a plain HTTP GET, for `expiresInSeconds`. */
  downloadUrl(key: string, expiresInSeconds: number): Promise<string>;
}
