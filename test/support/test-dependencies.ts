import { createSampleEventGate } from '../../shared/adapters/sample-event-gate.ts';
import { createDynamoRepositories } from '../../shared/composition-root.ts';
import {
  defaultApiRateLimitPerSecond,
  defaultCommandTimeoutSeconds,
  defaultHeartbeatIntervalSeconds,
  defaultTransactionUpdatedIntervalSeconds,
  maxCommandWaitSeconds,
} from '../../shared/config.ts';
import type { Dependencies, Settings } from '../../shared/domain/dependencies.ts';
import { createDynaliteTable, type TestTable } from './dynalite-table.ts';
import { createRecordingChargerChannel, type RecordingChargerChannel } from './fakes/charger-channel.ts';
import { createFixedClock, type SettableClock } from './fakes/clock.ts';
import { createRecordingEventPublisher, type RecordingEventPublisher } from './fakes/event-publisher.ts';
import { createFakeFileStore, type FakeFileStore } from './fakes/file-store.ts';
import { createSequentialIds } from './fakes/ids.ts';
import { createClockTimer } from './fakes/timer.ts';

/** The project's defaults; the two without one are values of the tests' own. */
export const defaultTestSettings: Settings = {
  heartbeatIntervalSeconds: defaultHeartbeatIntervalSeconds,
  ocppBaseUrl: 'wss://ocpp.example.test/ocpp',
  adminKeySha256: '',
  apiRateLimitPerSecond: defaultApiRateLimitPerSecond,
  commandWaitSeconds: maxCommandWaitSeconds,
  commandTimeoutSeconds: defaultCommandTimeoutSeconds,
};

/** The real DynamoDB repositories on a table of the test's own, and fakes that record what was sent. */
export interface TestDependencies extends Dependencies {
  readonly table: TestTable;
  readonly channel: RecordingChargerChannel;
  readonly events: RecordingEventPublisher;
  readonly files: FakeFileStore;
  readonly clock: SettableClock;
}

export type TestOverrides = Partial<Omit<TestDependencies, 'settings' | 'table'>> & {
  readonly settings?: Partial<Settings>;
  /** Another test dependencies' table, to share its items (repositories see each other's writes). */
  readonly table?: TestTable;
};

/**
 * Dependencies for domain and use-case tests: the repositories production builds (`createDynamoRepositories`)
 * on a new table of the file's in-memory dynalite, so that every test starts empty; fakes for what is no
 * repository (see dynalite-table.ts).
 * Overrides replace single parts (e.g. a failing port); `settings` is merged into the defaults.
 */
export const createTestDependencies = async (overrides: TestOverrides = {}): Promise<TestDependencies> => {
  const { settings, table: shared, ...parts } = overrides;
  const table = shared ?? (await createDynaliteTable());
  const clock = parts.clock ?? createFixedClock();
  return {
    ...createDynamoRepositories(table.documentClient, table.name),
    table,
    channel: createRecordingChargerChannel(),
    events: createRecordingEventPublisher(),
    sampleEvents: createSampleEventGate(defaultTransactionUpdatedIntervalSeconds),
    files: createFakeFileStore(),
    clock,
    // Sleeping moves this clock: polling runs instantly in tests.
    timer: createClockTimer(clock),
    ids: createSequentialIds(),
    ...parts,
    settings: { ...defaultTestSettings, ...settings },
  };
};
