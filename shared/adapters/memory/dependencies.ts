import type { Dependencies, Settings } from '../../domain/dependencies.ts';
import type {
  BillingRepository,
  ChargerRepository,
  ConnectionRegistry,
  IdGenerator,
  TenantRepository,
} from '../../domain/ports.ts';
import { createMemoryBillingRepository } from './billing-repository.ts';
import { createMemoryChargerChannel, type MemoryChargerChannel } from './charger-channel.ts';
import { createMemoryChargerRepository } from './charger-repository.ts';
import { createFixedClock, type SettableClock } from './clock.ts';
import { createMemoryConnectionRegistry } from './connection-registry.ts';
import { createMemoryEventPublisher, type MemoryEventPublisher } from './event-publisher.ts';
import { createSequentialIds } from './ids.ts';
import { MemoryTable } from './table.ts';
import { createMemoryTenantRepository } from './tenant-repository.ts';

export const defaultMemorySettings: Settings = {
  heartbeatIntervalSeconds: 300,
  ocppBaseUrl: 'wss://ocpp.example.test/ocpp',
  adminKeySha256: '',
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
  return {
    table,
    tenants: createMemoryTenantRepository(table),
    chargers: createMemoryChargerRepository(table),
    connections: createMemoryConnectionRegistry(table),
    channel: createMemoryChargerChannel(),
    events: createMemoryEventPublisher(),
    billing: createMemoryBillingRepository(table),
    clock: createFixedClock(),
    ids: createSequentialIds(),
    ...parts,
    settings: { ...defaultMemorySettings, ...settings },
  };
};
