import { defaultTransactionUpdatedIntervalSeconds } from '../../config.ts';
import type { Dependencies, Settings } from '../../domain/dependencies.ts';
import type {
  BillingRepository,
  ChargerRepository,
  ConnectionRegistry,
  IdGenerator,
  TenantRepository,
} from '../../domain/ports.ts';
import { createSampleEventGate } from '../sample-event-gate.ts';
import { createMemoryActiveSessionIndex } from './active-session-index.ts';
import { createMemoryApiKeyRepository } from './api-key-repository.ts';
import { createMemoryAuditLog } from './audit-log.ts';
import { createMemoryBillingRepository } from './billing-repository.ts';
import { createMemoryChargerChannel, type MemoryChargerChannel } from './charger-channel.ts';
import { createMemoryChargerConfigurationRepository } from './charger-configuration-repository.ts';
import { createMemoryChargerRepository } from './charger-repository.ts';
import { createFixedClock, type SettableClock } from './clock.ts';
import { createMemoryCommandRepository } from './command-repository.ts';
import { createMemoryConnectionRegistry } from './connection-registry.ts';
import { createMemoryEventPublisher, type MemoryEventPublisher } from './event-publisher.ts';
import { createMemoryFileStore, type MemoryFileStore } from './file-store.ts';
import { createMemoryIdTokenRepository } from './id-token-repository.ts';
import { createSequentialIds } from './ids.ts';
import { createMemoryLocalListRepository } from './local-list-repository.ts';
import { createMemoryMaintenanceRepository } from './maintenance-repository.ts';
import { createMemoryPendingCallStore } from './pending-call-store.ts';
import { createMemoryRateLimiter } from './rate-limiter.ts';
import { createMemoryReservationRepository } from './reservation-repository.ts';
import { createMemorySessionRepository } from './session-repository.ts';
import { createMemorySiteRepository } from './site-repository.ts';
import { MemoryTable } from './table.ts';
import { createMemoryTenantRepository } from './tenant-repository.ts';
import { createClockTimer } from './timer.ts';
import { createMemoryTransactionIdAllocator } from './transaction-id-allocator.ts';

export const defaultMemorySettings: Settings = {
  heartbeatIntervalSeconds: 300,
  ocppBaseUrl: 'wss://ocpp.example.test/ocpp',
  adminKeySha256: '',
  apiRateLimitPerSecond: 50,
  commandWaitSeconds: 25,
  commandTimeoutSeconds: 60,
  maxQueuedCalls: 20,
};

/** All ports in memory, sharing one table; the concrete types let tests look at what was recorded. */
export interface MemoryDependencies extends Dependencies {
  readonly table: MemoryTable;
  readonly tenants: TenantRepository;
  readonly chargers: ChargerRepository;
  readonly connections: ConnectionRegistry;
  readonly channel: MemoryChargerChannel;
  readonly events: MemoryEventPublisher;
  readonly billing: BillingRepository;
  readonly clock: SettableClock;
  readonly ids: IdGenerator;
  readonly files: MemoryFileStore;
}

export type MemoryOverrides = Partial<Omit<MemoryDependencies, 'settings'>> & {
  readonly settings?: Partial<Settings>;
};

/**
 * Dependencies for domain tests without mocks. Overrides replace single parts (e.g. a failing port);
 * `settings` is merged into the defaults.
 */
export const createMemoryDependencies = (overrides: MemoryOverrides = {}): MemoryDependencies => {
  const { settings, ...parts } = overrides;
  const table = parts.table ?? new MemoryTable();
  const clock = parts.clock ?? createFixedClock();
  return {
    table,
    tenants: createMemoryTenantRepository(table),
    apiKeys: createMemoryApiKeyRepository(table),
    sites: createMemorySiteRepository(table),
    rateLimiter: createMemoryRateLimiter(table),
    auditLog: createMemoryAuditLog(table),
    chargers: createMemoryChargerRepository(table),
    connections: createMemoryConnectionRegistry(table),
    channel: createMemoryChargerChannel(),
    events: createMemoryEventPublisher(),
    sampleEvents: createSampleEventGate(defaultTransactionUpdatedIntervalSeconds),
    billing: createMemoryBillingRepository(table),
    idTokens: createMemoryIdTokenRepository(table),
    sessions: createMemorySessionRepository(table),
    transactionIds: createMemoryTransactionIdAllocator(table),
    activeSessions: createMemoryActiveSessionIndex(table),
    pendingCalls: createMemoryPendingCallStore(table),
    // Queue wakes are not run over memory: the queue is tested over DynamoDB (test/unit/domain/call-queue.test.ts).
    callQueueTimer: { schedule: async () => undefined },
    commands: createMemoryCommandRepository(table),
    chargerConfigs: createMemoryChargerConfigurationRepository(table),
    reservations: createMemoryReservationRepository(table),
    localLists: createMemoryLocalListRepository(table),
    maintenance: createMemoryMaintenanceRepository(table),
    files: createMemoryFileStore(),
    clock,
    // Sleeping moves this clock: polling runs instantly in tests.
    timer: createClockTimer(clock),
    ids: createSequentialIds(),
    ...parts,
    settings: { ...defaultMemorySettings, ...settings },
  };
};
