import { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { awsCallObserverMiddleware } from './adapters/aws-call-observer.ts';
import { createEventBridgePublisher } from './adapters/eventbridge/event-publisher.ts';
import { createS3FileStore, s3ClientOptions } from './adapters/s3/file-store.ts';
import { confineFileStore, perTenant, tenantRoleCredentials } from './adapters/tenant-credentials.ts';
import type { Config } from './config.ts';
import type { Clock } from './kernel/ports.ts';
import { createDynamoIdTokenRepository } from './slices/authorization/adapters/dynamodb-id-token-repository.ts';
import { createDynamoBillingRepository } from './slices/billing/adapters/dynamodb-billing-repository.ts';
import { createDynamoTariffRepository } from './slices/billing/adapters/dynamodb-tariff-repository.ts';
import { createRunningCostGate } from './slices/billing/adapters/running-cost-gate.ts';
import { createUnconfiguredCertificateProvider } from './slices/certificates/adapters/unconfigured-certificate-provider.ts';
import { createDynamoChargerRepository } from './slices/chargers/adapters/dynamodb-charger-repository.ts';
import {
  createDynamoConnectionRegistry,
  type LivenessIndexKeys,
  livenessIndexed,
  notLivenessIndexed,
} from './slices/chargers/adapters/dynamodb-connection-registry.ts';
import { throttleLastSeenWrites } from './slices/chargers/adapters/last-seen-throttle.ts';
import { createApiGatewayChargerChannel } from './slices/commands/adapters/apigateway-charger-channel.ts';
import { createDynamoCommandRepository } from './slices/commands/adapters/dynamodb-command-repository.ts';
import { createDynamoPendingCallStore } from './slices/commands/adapters/dynamodb-pending-call-store.ts';
import { createSqsCallQueueTimer } from './slices/commands/adapters/sqs-call-queue-timer.ts';
import { createDynamoChargerConfigurationRepository } from './slices/configuration/adapters/dynamodb-charger-configuration-repository.ts';
import { createDynamoCustomerInformationRepository } from './slices/customer-information/adapters/dynamodb-customer-information-repository.ts';
import type { Dependencies } from './slices/dependencies.ts';
import { createDynamoDeviceEventRepository } from './slices/device-model/adapters/dynamodb-device-event-repository.ts';
import { createDynamoDeviceModelRepository } from './slices/device-model/adapters/dynamodb-device-model-repository.ts';
import { createDynamoDisplayMessageRepository } from './slices/display-messages/adapters/dynamodb-display-message-repository.ts';
import {
  createDynamoDriverRepository,
  createDynamoFleetRepository,
  createDynamoVehicleRepository,
} from './slices/drivers/adapters/dynamodb-driver-repositories.ts';
import { createDynamoMaintenanceRepository } from './slices/firmware/adapters/dynamodb-maintenance-repository.ts';
import {
  createDynamoAllocationStore,
  createDynamoLoadRunLock,
} from './slices/load-management/adapters/dynamodb-allocation-store.ts';
import { createDynamoFailSafeRepository } from './slices/load-management/adapters/dynamodb-fail-safe-repository.ts';
import { createDynamoLoadManagementRepository } from './slices/load-management/adapters/dynamodb-load-management-repository.ts';
import { allocationHistoryRetentionSeconds } from './slices/load-management/model.ts';
import { createDynamoLocalListRepository } from './slices/local-list/adapters/dynamodb-local-list-repository.ts';
import {
  createDynamoCohortCounters,
  createDynamoSessionImportRegistry,
} from './slices/migration/adapters/dynamodb-migration-repositories.ts';
import { createDynamoReservationRepository } from './slices/reservations/adapters/dynamodb-reservation-repository.ts';
import { cacheSelfHealingAudience } from './slices/self-healing/adapters/cached-self-healing-audience.ts';
import { createDynamoIncidentRepository } from './slices/self-healing/adapters/dynamodb-incident-repository.ts';
import { createDynamoSelfHealingRepository } from './slices/self-healing/adapters/dynamodb-self-healing-repository.ts';
import { tenantHasSelfHealing } from './slices/self-healing/self-healing-audience.ts';
import { createDynamoSmartChargingInputRepository } from './slices/smart-charging/adapters/dynamodb-smart-charging-input-repository.ts';
import { createDynamoApiKeyRepository } from './slices/tenancy/adapters/dynamodb-api-key-repository.ts';
import { createDynamoAuditLog } from './slices/tenancy/adapters/dynamodb-audit-log.ts';
import { createDynamoRateLimiter } from './slices/tenancy/adapters/dynamodb-rate-limiter.ts';
import { createDynamoSiteRepository } from './slices/tenancy/adapters/dynamodb-site-repository.ts';
import { createDynamoTenantRepository } from './slices/tenancy/adapters/dynamodb-tenant-repository.ts';
import { createDynamoActiveSessionIndex } from './slices/transactions/adapters/dynamodb-active-session-index.ts';
import { createDynamoChargerSessionIndex } from './slices/transactions/adapters/dynamodb-charger-session-index.ts';
import {
  createDynamoSessionRepository,
  type MeterValueRetention,
} from './slices/transactions/adapters/dynamodb-session-repository.ts';
import { createDynamoChargerTransactionIdAllocator } from './slices/transactions/adapters/dynamodb-transaction-id-allocator.ts';
import { createSampleEventGate } from './slices/transactions/adapters/sample-event-gate.ts';
import { cacheSessionIds } from './slices/transactions/adapters/session-id-cache.ts';
import { createDynamoUptimeCounters } from './slices/uptime/adapters/dynamodb-uptime-counters.ts';
import { cacheWebhookAudience } from './slices/webhooks/adapters/cached-webhook-audience.ts';
import { createDynamoWebhookRepository } from './slices/webhooks/adapters/dynamodb-webhook-repository.ts';
import { createEmfDeliveryMetrics } from './slices/webhooks/adapters/emf-delivery-metrics.ts';
import { createHttpWebhookSender } from './slices/webhooks/adapters/http-webhook-sender.ts';
import { createSqsDeliveryQueue } from './slices/webhooks/adapters/sqs-delivery-queue.ts';
import { markWebhookAudience } from './slices/webhooks/adapters/webhook-audience-publisher.ts';
import type { WebhookSettings } from './slices/webhooks/ports.ts';
import {
  everyoneListens,
  progressAudienceOf,
  tenantWebhookSubscriptions,
} from './slices/webhooks/progress-audience.ts';
import { defaultRetryPolicy } from './slices/webhooks/retry-schedule.ts';
import { addressRefusal, type UrlPolicy } from './slices/webhooks/url-policy.ts';

/** The ports that keep their state in the table; the other parts of Dependencies are not repositories. */
export type Repositories = Omit<
  Dependencies,
  | 'channel'
  | 'callQueueTimer'
  | 'events'
  | 'sampleEvents'
  | 'progressAudience'
  | 'selfHealingAudience'
  | 'webhookAudience'
  | 'runningCosts'
  | 'files'
  | 'clock'
  | 'timer'
  | 'ids'
  | 'settings'
  | 'forTenant'
  | 'webhookSender'
  | 'deliveryQueue'
  | 'webhookSettings'
  | 'deliveryMetrics'
  | 'random'
  | 'certificates'
>;

/** Webhook deliveries and their log are kept this long (TTL): enough to look into a month's failures. */
export const webhookLogRetentionSeconds = 30 * 86_400;

/** The document client the repositories expect: undefined attributes are left out, not refused. */
export const createDocumentClient = (dynamodb: DynamoDBClient): DynamoDBDocumentClient =>
  DynamoDBDocumentClient.from(dynamodb, { marshallOptions: { removeUndefinedValues: true } });

/**
 * Every repository on the one table, with the per-container wrappers production runs. The tests build theirs
 * here too (over dynalite), so a repository added here is the one the domain tests use.
 */
export const createDynamoRepositories = (
  db: DynamoDBDocumentClient,
  tableName: string,
  /** Raw meter values expire after this (METER_VALUE_RETENTION_DAYS); absent: kept. */
  meterValueRetention?: MeterValueRetention,
  /** What the webhook log's TTL counts from. @default the system clock */
  clock: Clock = { now: () => new Date() },
  /** Whether connections' silence deadlines are indexed for the sweep (SILENT_CHARGER_SWEEP). @default not */
  livenessKeys: LivenessIndexKeys = notLivenessIndexed,
): Repositories => ({
  tenants: createDynamoTenantRepository(db, tableName),
  apiKeys: createDynamoApiKeyRepository(db, tableName),
  sites: createDynamoSiteRepository(db, tableName),
  rateLimiter: createDynamoRateLimiter(db, tableName),
  auditLog: createDynamoAuditLog(db, tableName),
  chargers: createDynamoChargerRepository(db, tableName),
  // Heartbeats refresh lastSeenAt at most every 30 minutes per connection: see last-seen-throttle.ts.
  connections: throttleLastSeenWrites(createDynamoConnectionRegistry(db, tableName, livenessKeys)),
  billing: createDynamoBillingRepository(db, tableName),
  tariffs: createDynamoTariffRepository(db, tableName),
  idTokens: createDynamoIdTokenRepository(db, tableName),
  // A charger's transaction id maps to its session id once per container: see session-id-cache.ts.
  sessions: cacheSessionIds(createDynamoSessionRepository(db, tableName, meterValueRetention)),
  chargerTransactionIds: createDynamoChargerTransactionIdAllocator(db, tableName),
  activeSessions: createDynamoActiveSessionIndex(db, tableName),
  chargerSessions: createDynamoChargerSessionIndex(db, tableName),
  pendingCalls: createDynamoPendingCallStore(db, tableName),
  commands: createDynamoCommandRepository(db, tableName),
  chargerConfigs: createDynamoChargerConfigurationRepository(db, tableName),
  reservations: createDynamoReservationRepository(db, tableName),
  localLists: createDynamoLocalListRepository(db, tableName),
  maintenance: createDynamoMaintenanceRepository(db, tableName),
  drivers: createDynamoDriverRepository(db, tableName),
  vehicles: createDynamoVehicleRepository(db, tableName),
  fleets: createDynamoFleetRepository(db, tableName),
  deviceModels: createDynamoDeviceModelRepository(db, tableName),
  deviceEvents: createDynamoDeviceEventRepository(db, tableName),
  displayMessages: createDynamoDisplayMessageRepository(db, tableName),
  customerInformation: createDynamoCustomerInformationRepository(db, tableName),
  loadManagement: createDynamoLoadManagementRepository(db, tableName),
  failSafes: createDynamoFailSafeRepository(db, tableName),
  allocations: createDynamoAllocationStore(db, tableName, {
    seconds: allocationHistoryRetentionSeconds,
    clock,
  }),
  loadRuns: createDynamoLoadRunLock(db, tableName),
  smartChargingInputs: createDynamoSmartChargingInputRepository(db, tableName),
  webhooks: createDynamoWebhookRepository(db, tableName, { seconds: webhookLogRetentionSeconds, clock }),
  selfHealing: createDynamoSelfHealingRepository(db, tableName),
  incidents: createDynamoIncidentRepository(db, tableName),
  sessionImports: createDynamoSessionImportRegistry(db, tableName),
  cohortCounters: createDynamoCohortCounters(db, tableName),
  uptimeCounters: createDynamoUptimeCounters(db, tableName),
});

/**
 * The one place adapters are chosen. Lambda and the local runtime both come here; they differ only in the
 * Config (endpoints, credentials and the SDK transport), never in code paths.
 *
 * `forTenant` gives the dependencies of one tenant: repositories on a DynamoDB client of its own whose requests
 * only that tenant's keys pass — on AWS it signs with the tenant role assumed with the tenant as session tag
 * (`TENANT_ROLE_ARN`), locally its transport applies the same condition. With neither (the SDK over HTTP in
 * benchmarks) it is the function's own client. One per tenant and container, the most recently used kept.
 */
export const createDependencies = (config: Config): Dependencies => {
  const common = {
    region: config.region,
    ...(config.credentials && { credentials: config.credentials }),
  };
  const transport = (service: 'dynamodb' | 'eventbridge' | 'apigateway' | 'sqs') => {
    const requestHandler = config.sdkTransport?.requestHandlers?.[service];
    const signer = config.sdkTransport?.signer;
    return { ...(requestHandler && { requestHandler }), ...(signer && { signer }) };
  };
  const dynamodbOptions = {
    ...common,
    ...transport('dynamodb'),
    ...(config.endpoints?.dynamodb && { endpoint: config.endpoints.dynamodb }),
  };
  const dynamodb = new DynamoDBClient(dynamodbOptions);
  const db = createDocumentClient(dynamodb);
  const eventBridge = new EventBridgeClient({
    ...common,
    ...transport('eventbridge'),
    ...(config.endpoints?.eventbridge && { endpoint: config.endpoints.eventbridge }),
  });
  const management = new ApiGatewayManagementApiClient({
    ...common,
    ...transport('apigateway'),
    endpoint: config.connectionsEndpoint,
  });
  const sqs = new SQSClient({
    ...common,
    ...transport('sqs'),
    ...(config.endpoints?.sqs && { endpoint: config.endpoints.sqs }),
  });
  const clock = config.clock ?? { now: () => new Date() };
  const s3 = new S3Client({ ...common, ...s3ClientOptions(config.endpoints?.s3) });
  const observer = config.awsCallObserver;
  const options = { step: 'initialize', name: 'awsCallObserver' } as const;
  if (observer) {
    dynamodb.middlewareStack.add(awsCallObserverMiddleware('dynamodb', observer), options);
    eventBridge.middlewareStack.add(awsCallObserverMiddleware('eventbridge', observer), options);
    management.middlewareStack.add(awsCallObserverMiddleware('apigateway', observer), options);
    sqs.middlewareStack.add(awsCallObserverMiddleware('sqs', observer), options);
  }

  const localTenantTransport = config.sdkTransport?.tenantRequestHandlers?.dynamodb;
  const tenantDynamoDb = (tenantId: string): DynamoDBClient | undefined => {
    const client = localTenantTransport
      ? new DynamoDBClient({ ...dynamodbOptions, requestHandler: localTenantTransport(tenantId) })
      : config.tenantRoleArn
        ? new DynamoDBClient({
            ...dynamodbOptions,
            // The function's own handler: its sockets serve every tenant (and the STS calls).
            requestHandler: dynamodb.config.requestHandler,
            credentials: tenantRoleCredentials({
              roleArn: config.tenantRoleArn,
              region: config.region,
              tenantId,
            }),
          })
        : undefined;
    if (client && observer)
      client.middlewareStack.add(awsCallObserverMiddleware('dynamodb', observer), options);
    return client;
  };

  // Presigned URLs stay signed by the function's role: one signed with a chained-role session dies with it,
  // within the hour, and firmware URLs must last days. The keys are confined to the tenant's prefix in code.
  const files = createS3FileStore(s3, config.filesBucket);
  // The one place the webhook URL policy is chosen: loopback and http only where the local runtime says so.
  const urlPolicy: UrlPolicy = { allowLoopback: config.webhookAllowLoopback === 1 };
  const webhookSettings: WebhookSettings = {
    urlPolicy,
    retryPolicy: { ...defaultRetryPolicy, baseSeconds: config.webhookRetryBaseSeconds },
  };
  const shared = {
    channel: createApiGatewayChargerChannel(management),
    callQueueTimer: createSqsCallQueueTimer(sqs, config.callQueueTimerUrl, clock),
    events: createEventBridgePublisher(eventBridge, config.eventBusName, {
      previousVersions: config.publishPreviousEventVersions === 1,
    }),
    sampleEvents: createSampleEventGate(config.transactionUpdatedIntervalSeconds),
    runningCosts: createRunningCostGate(config.runningCostIntervalSeconds),
    webhookSender: createHttpWebhookSender({
      refuseAddress: (address) => addressRefusal(address, urlPolicy),
      timeoutMs: 10_000,
    }),
    deliveryQueue: createSqsDeliveryQueue(sqs, config.webhookDeliveryQueueUrl, clock),
    webhookSettings,
    deliveryMetrics: createEmfDeliveryMetrics(),
    // The one place the V2G PKI is chosen (ISO 15118 Plug & Charge): none is configured, so certificate
    // requests are answered Failed / NotEnabled. A PKI adapter implementing CertificateProvider goes here.
    certificates: createUnconfiguredCertificateProvider(),
    random: Math.random,
    files,
    clock,
    timer: {
      sleep: (milliseconds: number) => new Promise<void>((resolve) => setTimeout(resolve, milliseconds)),
    },
    ids: { next: () => ulid() },
    settings: {
      heartbeatIntervalSeconds: config.heartbeatIntervalSeconds,
      ocppBaseUrl: config.ocppBaseUrl,
      adminKeySha256: config.adminKeySha256,
      apiRateLimitPerSecond: config.apiRateLimitPerSecond,
      commandWaitSeconds: config.commandWaitSeconds,
      commandTimeoutSeconds: config.commandTimeoutSeconds,
      maxQueuedCalls: config.maxQueuedCalls,
      maxChargerClockSkewSeconds: config.maxChargerClockSkewSeconds,
      selfHealingMinWaitSeconds: config.selfHealingMinWaitSeconds,
    },
  };

  // Raw meter values expire after the retention period; sessions and CDRs are kept.
  const meterValueRetention =
    config.meterValueRetentionDays > 0
      ? { seconds: config.meterValueRetentionDays * 86_400, clock }
      : undefined;
  // The sweep of silent chargers reads an index that every connection write pays for: only when it is on.
  const livenessKeys = config.silentChargerSweep === 1 ? livenessIndexed : notLivenessIndexed;
  // Who hears a session's periodic samples besides load management: the tenant's webhooks, or everyone.
  // Whose Faulted statuses and authorised session ends start self-healing and ghost detection: tenants with it on.
  // Which events go to the webhook fan-out: those the tenant's webhooks subscribe to (one cached view of them).
  const withAudience = (repositories: Repositories) => {
    const webhookAudience = cacheWebhookAudience(
      (tenantId) => tenantWebhookSubscriptions(repositories, tenantId),
      clock,
    );
    return {
      ...repositories,
      webhookAudience,
      events: markWebhookAudience(shared.events, webhookAudience),
      progressAudience:
        config.transactionUpdatedForAllSessions === 1 ? everyoneListens : progressAudienceOf(webhookAudience),
      // Remembered 5 minutes per container, forgotten by a PUT of the settings in the same one (the local runtime's
      // single process sees it at once; on AWS the charger functions within 5 minutes): see its adapter.
      selfHealingAudience: cacheSelfHealingAudience(
        (tenantId) => tenantHasSelfHealing(repositories, tenantId),
        clock,
      ),
    };
  };
  const forTenant = perTenant((tenantId): Dependencies => {
    const client = tenantDynamoDb(tenantId);
    if (!client) return root;
    return {
      ...shared,
      ...withAudience(
        createDynamoRepositories(
          createDocumentClient(client),
          config.tableName,
          meterValueRetention,
          clock,
          livenessKeys,
        ),
      ),
      files: confineFileStore(files, tenantId),
      forTenant: (other) => forTenant(other),
    };
  });
  const root: Dependencies = {
    ...shared,
    ...withAudience(createDynamoRepositories(db, config.tableName, meterValueRetention, clock, livenessKeys)),
    forTenant: (tenantId) => forTenant(tenantId),
  };
  return root;
};
