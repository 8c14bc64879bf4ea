import { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { createApiGatewayChargerChannel } from './adapters/apigateway/charger-channel.ts';
import { createDynamoApiKeyRepository } from './adapters/dynamodb/api-key-repository.ts';
import { createDynamoAuditLog } from './adapters/dynamodb/audit-log.ts';
import { createDynamoBillingRepository } from './adapters/dynamodb/billing-repository.ts';
import { createDynamoChargerRepository } from './adapters/dynamodb/charger-repository.ts';
import { createDynamoCommandRepository } from './adapters/dynamodb/command-repository.ts';
import { createDynamoConnectionRegistry } from './adapters/dynamodb/connection-registry.ts';
import { createDynamoIdTokenRepository } from './adapters/dynamodb/id-token-repository.ts';
import { createDynamoPendingCallStore } from './adapters/dynamodb/pending-call-store.ts';
import { createDynamoRateLimiter } from './adapters/dynamodb/rate-limiter.ts';
import { createDynamoSessionRepository } from './adapters/dynamodb/session-repository.ts';
import { createDynamoSiteRepository } from './adapters/dynamodb/site-repository.ts';
import { createDynamoTenantRepository } from './adapters/dynamodb/tenant-repository.ts';
import { createEventBridgePublisher } from './adapters/eventbridge/event-publisher.ts';
import type { Config } from './config.ts';
import type { Dependencies } from './domain/dependencies.ts';

/**
 * The one place adapters are chosen. Lambda and the local runtime both come here; they differ only in the
 * Config (endpoints and credentials), never in code paths.
 */
export const createDependencies = (config: Config): Dependencies => {
  const common = {
    region: config.region,
    ...(config.credentials && { credentials: config.credentials }),
  };
  const dynamodb = new DynamoDBClient({
    ...common,
    ...(config.endpoints?.dynamodb && { endpoint: config.endpoints.dynamodb }),
  });
  const db = DynamoDBDocumentClient.from(dynamodb, { marshallOptions: { removeUndefinedValues: true } });
  const eventBridge = new EventBridgeClient({
    ...common,
    ...(config.endpoints?.eventbridge && { endpoint: config.endpoints.eventbridge }),
  });
  const management = new ApiGatewayManagementApiClient({ ...common, endpoint: config.connectionsEndpoint });

  return {
    tenants: createDynamoTenantRepository(db, config.tableName),
    apiKeys: createDynamoApiKeyRepository(db, config.tableName),
    sites: createDynamoSiteRepository(db, config.tableName),
    rateLimiter: createDynamoRateLimiter(db, config.tableName),
    auditLog: createDynamoAuditLog(db, config.tableName),
    chargers: createDynamoChargerRepository(db, config.tableName),
    connections: createDynamoConnectionRegistry(db, config.tableName),
    channel: createApiGatewayChargerChannel(management),
    events: createEventBridgePublisher(eventBridge, config.eventBusName),
    billing: createDynamoBillingRepository(db, config.tableName),
    idTokens: createDynamoIdTokenRepository(db, config.tableName),
    sessions: createDynamoSessionRepository(db, config.tableName),
    pendingCalls: createDynamoPendingCallStore(db, config.tableName),
    commands: createDynamoCommandRepository(db, config.tableName),
    clock: { now: () => new Date() },
    timer: { sleep: (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds)) },
    ids: { next: () => ulid() },
    settings: {
      heartbeatIntervalSeconds: config.heartbeatIntervalSeconds,
      ocppBaseUrl: config.ocppBaseUrl,
      adminKeySha256: config.adminKeySha256,
      apiRateLimitPerSecond: config.apiRateLimitPerSecond,
      commandWaitSeconds: config.commandWaitSeconds,
      commandTimeoutSeconds: config.commandTimeoutSeconds,
    },
  };
};
