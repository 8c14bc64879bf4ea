import { createDynamoRepositories } from '../../shared/composition-root.ts';
import { defaultTransactionUpdatedIntervalSeconds } from '../../shared/config.ts';
import { defaultSettings, testSettings } from '../../shared/settings.ts';
import { createRunningCostGate } from '../../shared/slices/billing/adapters/running-cost-gate.ts';
import { createUnconfiguredCertificateProvider } from '../../shared/slices/certificates/adapters/unconfigured-certificate-provider.ts';
import {
  livenessIndexed,
  notLivenessIndexed,
} from '../../shared/slices/chargers/adapters/dynamodb-connection-registry.ts';
import type { CommandReactions } from '../../shared/slices/commands/command-reactions.ts';
import type { Dependencies, Settings } from '../../shared/slices/dependencies.ts';
import { commandReactions } from '../../shared/slices/index.ts';
import { cacheSelfHealingAudience } from '../../shared/slices/self-healing/adapters/cached-self-healing-audience.ts';
import { tenantHasSelfHealing } from '../../shared/slices/self-healing/self-healing-audience.ts';
import { createSampleEventGate } from '../../shared/slices/transactions/adapters/sample-event-gate.ts';
import { cacheWebhookAudience } from '../../shared/slices/webhooks/adapters/cached-webhook-audience.ts';
import {
  progressAudienceOf,
  tenantWebhookSubscriptions,
} from '../../shared/slices/webhooks/progress-audience.ts';
import { defaultRetryPolicy } from '../../shared/slices/webhooks/retry-schedule.ts';
import { createDynaliteTable, type TestTable } from './dynalite-table.ts';
import { createRecordingChargerChannel, type RecordingChargerChannel } from './fakes/charger-channel.ts';
import { createFixedClock, type FixedClock } from './fakes/clock.ts';
import { createRecordingEventPublisher, type RecordingEventPublisher } from './fakes/event-publisher.ts';
import { createFakeFileStore, type FakeFileStore } from './fakes/file-store.ts';
import { createSequentialIds } from './fakes/ids.ts';
import { createClockTimer } from './fakes/timer.ts';
import {
  createRecordingDeliveryMetrics,
  createRecordingDeliveryQueue,
  createScriptedWebhookSender,
  type RecordingDeliveryMetrics,
  type RecordingDeliveryQueue,
  type ScriptedWebhookSender,
} from './fakes/webhooks.ts';

/** The schema's defaults, and wiring of no deployment (shared/settings.ts). */
export const defaultTestSettings: Settings = testSettings;

/** The real DynamoDB repositories on a table of the test's own, and fakes that record what was sent. */
export interface TestDependencies extends Dependencies {
  readonly table: TestTable;
  /** Every slice's reactions to call answers, as `$default` passes them to `recordCallResult`. */
  readonly reactions: CommandReactions;
  readonly channel: RecordingChargerChannel;
  readonly events: RecordingEventPublisher;
  readonly files: FakeFileStore;
  readonly clock: FixedClock;
  readonly webhookSender: ScriptedWebhookSender;
  readonly deliveryQueue: RecordingDeliveryQueue;
  readonly deliveryMetrics: RecordingDeliveryMetrics;
}

export type TestOverrides = Partial<Omit<TestDependencies, 'settings' | 'table'>> & {
  readonly settings?: Partial<Settings>;
  /** Another test dependencies' table, to share its items (repositories see each other's writes). */
  readonly table?: TestTable;
  /** Index connections' silence deadlines, as SILENT_CHARGER_SWEEP=1 makes the composition root do. */
  readonly silentChargerSweep?: boolean;
};

/**
 * Dependencies for domain and use-case tests: the repositories production builds (`createDynamoRepositories`)
 * on a new table of the file's in-memory dynalite, so that every test starts empty; fakes for what is no
 * repository (see dynalite-table.ts).
 * Overrides replace single parts (e.g. a failing port); `settings` is merged into the defaults.
 */
export const createTestDependencies = async (overrides: TestOverrides = {}): Promise<TestDependencies> => {
  const { settings, table: shared, silentChargerSweep, ...parts } = overrides;
  const table = shared ?? (await createDynaliteTable());
  const clock = parts.clock ?? createFixedClock();
  const repositories = createDynamoRepositories(
    table.documentClient,
    table.name,
    undefined,
    clock,
    silentChargerSweep ? livenessIndexed : notLivenessIndexed,
  );
  const webhookAudience = cacheWebhookAudience(
    (tenantId) => tenantWebhookSubscriptions(repositories, tenantId),
    clock,
  );
  const deps: TestDependencies = {
    // One tenant's dependencies are these: the domain tests check the use cases, the scoping has its own tests.
    forTenant: () => deps,
    ...repositories,
    // As the composition root chooses it by default: the tenant's webhooks.
    progressAudience: progressAudienceOf(webhookAudience),
    // The composition root also marks the events it publishes for it (webhook-audience-publisher.ts, tested
    // apart); the recording publisher here keeps the events as the use cases made them.
    webhookAudience,
    // As the composition root chooses it: the tenant's settings, remembered per container.
    selfHealingAudience: cacheSelfHealingAudience(
      (tenantId) => tenantHasSelfHealing(repositories, tenantId),
      clock,
    ),
    table,
    channel: createRecordingChargerChannel(),
    reactions: commandReactions,
    // No wake is due in a domain test that does not ask for one: call-queue.test.ts records them.
    callQueueTimer: { schedule: async () => undefined },
    events: createRecordingEventPublisher(),
    sampleEvents: createSampleEventGate(defaultTransactionUpdatedIntervalSeconds),
    runningCosts: createRunningCostGate(defaultSettings.runningCostIntervalSeconds),
    files: createFakeFileStore(),
    clock,
    // Sleeping moves this clock: polling runs instantly in tests.
    timer: createClockTimer(clock),
    ids: createSequentialIds(),
    webhookSender: createScriptedWebhookSender(),
    deliveryQueue: createRecordingDeliveryQueue(),
    deliveryMetrics: createRecordingDeliveryMetrics(),
    webhookSettings: { urlPolicy: { allowLoopback: false }, retryPolicy: defaultRetryPolicy },
    // The middle of the jitter: retries come exactly after the backoff.
    random: () => 0.5,
    // As the composition root chooses it: no V2G PKI.
    certificates: createUnconfiguredCertificateProvider(),
    ...parts,
    settings: { ...defaultTestSettings, ...settings },
  };
  return deps;
};
