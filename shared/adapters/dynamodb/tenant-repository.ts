import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ApiKey, Tenant } from '../../domain/model.ts';
import type { TenantRepository } from '../../domain/ports.ts';
import { withoutKeys } from './conditional.ts';
import { keys } from './keys.ts';

export const createDynamoTenantRepository = (
  db: DynamoDBDocumentClient,
  tableName: string,
): TenantRepository => ({
  async create(tenant: Tenant, firstKey: ApiKey): Promise<void> {
    // No transactions (dynalite has none): the key goes first, since a key without its tenant never authenticates.
    await db.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...keys.apiKey(firstKey.tenantId, firstKey.keyId), type: 'ApiKey', ...firstKey },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
    await db.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...keys.tenant(tenant.tenantId), type: 'Tenant', ...tenant },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  },

  async get(tenantId: string): Promise<Tenant | undefined> {
    const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: keys.tenant(tenantId) }));
    return Item ? withoutKeys<Tenant>(Item) : undefined;
  },

  async getApiKey(tenantId: string, keyId: string): Promise<ApiKey | undefined> {
    const { Item } = await db.send(
      new GetCommand({ TableName: tableName, Key: keys.apiKey(tenantId, keyId) }),
    );
    return Item ? withoutKeys<ApiKey>(Item) : undefined;
  },
});
