import type { Page } from '../../kernel/ports.ts';
import type { Session, SessionMeterValue, SessionStatus } from './model.ts';

/**
 * Which periodic samples of a session (meter values that change nothing but the energy so far) are published
 * as `transactionUpdated`: they are progress, not news, and an event per sample would cost as much as the
 * sample's own message.
 */
export interface SampleEventGate {
  /** Whether the sample of `sessionId` taken at `at` (UTC ISO-8601) is to be published. */
  due(sessionId: string, at: string): boolean;
}

/**
 * Whether a tenant's periodic `transactionUpdated` events reach anyone besides load management (whose sessions
 * are published regardless): each is a billed bus event, and most tenants consume none.
 */
export interface ProgressAudience {
  listening(tenantId: string): Promise<boolean>;
}

export interface SessionQuery {
  readonly chargerId?: string;
  readonly status?: SessionStatus;
  /** Only sessions of these sites (a site-limited key); never sessions without a site. */
  readonly siteIds?: readonly string[];
  /** Only sessions of these id tokens, as the charger sent them (a driver's; at most 100). */
  readonly idTokens?: readonly string[];
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
    chargerTransactionId: string,
    candidate: string,
  ): Promise<string>;
  /** The session id of a charger's transaction, if it has one; never creates one. */
  findSessionId(
    tenantId: string,
    chargerId: string,
    chargerTransactionId: string,
  ): Promise<string | undefined>;
  get(tenantId: string, sessionId: string): Promise<Session | undefined>;
  /**
   * Stores the session if the stored one still has `session.revision - 1` (revision 1: if there is none);
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
  /**
   * The sessions that count for a fleet (their `fleetId`), across every site, newest first (by start time):
   * `from` inclusive, `to` exclusive (UTC ISO-8601). Read through the fleet's own index, never the tenant's.
   */
  listByFleet(tenantId: string, fleetId: string, query: FleetSessionQuery): Promise<Page<Session>>;
}

export interface FleetSessionQuery {
  readonly from?: string;
  readonly to?: string;
  readonly limit: number;
  readonly cursor?: string;
}

/** OCPP 1.6 transaction ids are 32-bit signed integers. */
export const maxOcpp16TransactionId = 2 ** 31 - 1;

/**
 * OCPP 1.6: the CSMS numbers a charger's transactions (StartTransaction.conf `transactionId`, a 32-bit signed
 * integer), from a counter per charger.
 */
export interface ChargerTransactionIdAllocator {
  /**
   * The charger transaction id of a start identified by `startKey`: the one an earlier call with the same key
   * got (a start repeated after a lost answer; `repeated: true`), else the charger's next number. A conditional
   * write decides between concurrent calls with the same key; the loser's number stays unused.
   */
  allocate(
    tenantId: string,
    chargerId: string,
    startKey: string,
    /** The start's EVSE: its number becomes the EVSE's latest (see `latestOnEvse`), in the same write. */
    evseId?: number,
  ): Promise<{ chargerTransactionId: number; repeated: boolean }>;
  /**
   * The number the latest start on the EVSE got (1.6 StatusNotification names a connector, not a transaction):
   * undefined before any start there.
   */
  latestOnEvse(tenantId: string, chargerId: string, evseId: number): Promise<number | undefined>;
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

/** A charger's active session, as its marker says (markers may outlive their session: callers check it). */
export interface ChargerSession {
  readonly tenantId: string;
  readonly chargerId: string;
  readonly sessionId: string;
  readonly evseId?: number;
  readonly since: string;
}

/** Which sessions a charger has open: a marker per session, set while the session is active. */
export interface ChargerSessionIndex {
  /** Sets the marker; setting it again changes nothing. */
  add(entry: ChargerSession): Promise<void>;
  remove(tenantId: string, chargerId: string, sessionId: string): Promise<void>;
  list(tenantId: string, chargerId: string): Promise<ChargerSession[]>;
}

/** What the transactions slice adds to the dependencies. */
export interface TransactionsDependencies {
  /** Which periodic meter values of a session become `transactionUpdated` events. */
  readonly sampleEvents: SampleEventGate;
  /** Who wants those events outside load-managed sites. */
  readonly progressAudience: ProgressAudience;
  readonly sessions: SessionRepository;
  /** OCPP 1.6 transaction numbering. */
  readonly chargerTransactionIds: ChargerTransactionIdAllocator;
  /** Active sessions per id token (concurrent-transaction rule). */
  readonly activeSessions: ActiveSessionIndex;
  /** Active sessions per charger (load balancing, self-healing). */
  readonly chargerSessions: ChargerSessionIndex;
}
