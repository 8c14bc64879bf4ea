import { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { createApiGatewayChargerChannel } from './adapters/apigateway/charger-channel.ts';
import { createDynamoBillingRepository } from './adapters/dynamodb/billing-repository.ts';
import { createDynamoChargerRepository } from './adapters/dynamodb/charger-repository.ts';
import { createDynamoConnectionRegistry } from './adapters/dynamodb/connection-registry.ts';
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
    chargers: createDynamoChargerRepository(db, config.tableName),
    connections: createDynamoConnectionRegistry(db, config.tableName),
    channel: createApiGatewayChargerChannel(management),
    events: createEventBridgePublisher(eventBridge, config.eventBusName),
    billing: createDynamoBillingRepository(db, config.tableName),
    clock: { now: () => new Date() },
    ids: { next: () => ulid() },
    settings: {
      heartbeatIntervalSeconds: config.heartbeatIntervalSeconds,
      ocppBaseUrl: config.ocppBaseUrl,
      adminKeySha256: config.adminKeySha256,
    },
  };
};
