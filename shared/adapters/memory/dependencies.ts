import type { IdGenerator } from '../../kernel/ports.ts';
import { defaultSettings, testSettings } from '../../settings.ts';
import type { BillingRepository } from '../../slices/billing/ports.ts';
import type { ChargerRepository, ConnectionRegistry } from '../../slices/chargers/ports.ts';
import type { Dependencies, Settings } from '../../slices/dependencies.ts';
import { commandReactions } from '../../slices/index.ts';
import type { TenantRepository } from '../../slices/tenancy/ports.ts';
import { createSampleEventGate } from '../../slices/transactions/adapters/sample-event-gate.ts';
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
import { createMemoryChargerTransactionIdAllocator } from './transaction-id-allocator.ts';

export const defaultMemorySettings: Settings = testSettings;

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
    reactions: commandReactions,
    events: createMemoryEventPublisher(),
    sampleEvents: createSampleEventGate(defaultSettings.transactionUpdatedIntervalSeconds),
    billing: createMemoryBillingRepository(table),
    idTokens: createMemoryIdTokenRepository(table),
    sessions: createMemorySessionRepository(table),
    chargerTransactionIds: createMemoryChargerTransactionIdAllocator(table),
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
