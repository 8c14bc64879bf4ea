import type { IdTokenRepository } from '../slices/authorization/ports.ts';
import type { BillingRepository } from '../slices/billing/ports.ts';
import type { ChargerRepository, ConnectionRegistry } from '../slices/chargers/ports.ts';
import type { ChargerChannel, CommandRepository, PendingCallStore } from '../slices/commands/ports.ts';
import type { ChargerConfigurationRepository } from '../slices/configuration/ports.ts';
import type { FileStore, MaintenanceRepository } from '../slices/firmware/ports.ts';
import type { LocalListRepository } from '../slices/local-list/ports.ts';
import type { ReservationRepository } from '../slices/reservations/ports.ts';
import type {
  ApiKeyRepository,
  AuditLog,
  RateLimiter,
  SiteRepository,
  TenantRepository,
} from '../slices/tenancy/ports.ts';
import type {
  ActiveSessionIndex,
  ChargerTransactionIdAllocator,
  SampleEventGate,
  SessionRepository,
} from '../slices/transactions/ports.ts';
import type { Clock, EventPublisher, IdGenerator, Timer } from './ports.ts';

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
  readonly chargerTransactionIds: ChargerTransactionIdAllocator;
  /** Active sessions per id token (concurrent-transaction rule). */
  readonly activeSessions: ActiveSessionIndex;
  readonly pendingCalls: PendingCallStore;
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
