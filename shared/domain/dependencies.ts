import type {
  ActiveSessionIndex,
  ApiKeyRepository,
  AuditLog,
  BillingRepository,
  CallQueueTimer,
  ChargerChannel,
  ChargerConfigurationRepository,
  ChargerRepository,
  Clock,
  CommandRepository,
  ConnectionRegistry,
  EventPublisher,
  FileStore,
  IdGenerator,
  IdTokenRepository,
  LocalListRepository,
  MaintenanceRepository,
  PendingCallStore,
  RateLimiter,
  ReservationRepository,
  SampleEventGate,
  SessionRepository,
  SiteRepository,
  TenantRepository,
  Timer,
  TransactionIdAllocator,
} from './ports.ts';

export interface Settings {
  readonly heartbeatIntervalSeconds: number;
  /** Charger URL base; a charger's URL is `${ocppBaseUrl}/{tenantId}/{chargerId}`. */
  readonly ocppBaseUrl: string;
  /** SHA-256 (hex) of the platform-admin key; empty: no platform admin. */
  readonly adminKeySha256: string;
  /** API requests per second of a tenant without a limit of its own. */
  readonly apiRateLimitPerSecond: number;
  /** How long the API waits for a charger's answer before it answers 202 (at most 25: API Gateway's 29 s). */
  readonly commandWaitSeconds: number;
  /** How long a CSMS→charger CALL may stay unanswered before its command times out and frees the slot. */
  readonly commandTimeoutSeconds: number;
  /** How many calls may wait per charger behind the one outstanding; beyond, a request is refused (429). */
  readonly maxQueuedCalls: number;
}

/** Everything a use case may need; each one asks only for its part with `Pick`. */
export interface Dependencies {
  readonly tenants: TenantRepository;
  readonly apiKeys: ApiKeyRepository;
  readonly sites: SiteRepository;
  readonly rateLimiter: RateLimiter;
  readonly auditLog: AuditLog;
  readonly chargers: ChargerRepository;
  readonly connections: ConnectionRegistry;
  readonly channel: ChargerChannel;
  readonly events: EventPublisher;
  /** Which periodic meter values of a session become `transactionUpdated` events. */
  readonly sampleEvents: SampleEventGate;
  readonly billing: BillingRepository;
  readonly idTokens: IdTokenRepository;
  readonly sessions: SessionRepository;
  /** OCPP 1.6 transaction numbering. */
  readonly transactionIds: TransactionIdAllocator;
  /** Active sessions per id token (concurrent-transaction rule). */
  readonly activeSessions: ActiveSessionIndex;
  /** The charger's call slot and the queue of calls waiting for it. */
  readonly pendingCalls: PendingCallStore;
  /** Wakes a charger's queue when its outstanding call times out. */
  readonly callQueueTimer: CallQueueTimer;
  readonly commands: CommandRepository;
  /** OCPP 1.6 configuration, reservations, local lists, firmware and diagnostics, and their files. */
  readonly chargerConfigs: ChargerConfigurationRepository;
  readonly reservations: ReservationRepository;
  readonly localLists: LocalListRepository;
  readonly maintenance: MaintenanceRepository;
  readonly files: FileStore;
  readonly clock: Clock;
  readonly timer: Timer;
  readonly ids: IdGenerator;
  readonly settings: Settings;
}
