import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { whenConditionHolds, withoutKeys } from '../../../adapters/dynamodb/conditional.ts';
import { queryIndexPage } from '../../../adapters/dynamodb/index-page.ts';
import { keys } from '../../../adapters/dynamodb/keys.ts';
import { patchExpression } from '../../../adapters/dynamodb/update-expression.ts';
import type { ApiKey, Tenant } from '../model.ts';
import type { TenantRepository } from '../ports.ts';

export const createDynamoTenantRepository = (
  db: DynamoDBDocumentClient,
  tableName: string,
): TenantRepository => ({
  async create(tenant: Tenant, firstKey: ApiKey): Promise<void> {
    // No transactions (dynalite has none): the key goes first, since a key without its tenant never authenticates.
    await db.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...keys.apiKey(firstKey.tenantId, firstKey.keyId),
          ...keys.apiKeyIndex(firstKey.tenantId, firstKey.keyId),
          type: 'ApiKey',
          ...firstKey,
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
    if (firstKey.role === 'admin' && !firstKey.revokedAt) {
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...keys.adminKeyCount(tenant.tenantId), type: 'AdminKeyCount', activeAdminKeys: 1 },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
    }
    await db.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...keys.tenant(tenant.tenantId),
          ...keys.tenantIndex(tenant.tenantId),
          type: 'Tenant',
          ...tenant,
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  },

  // Strongly consistent: a suspension must take effect at once.
  async get(tenantId: string): Promise<Tenant | undefined> {
    const { Item } = await db.send(
      new GetCommand({ TableName: tableName, Key: keys.tenant(tenantId), ConsistentRead: true }),
    );
    return Item ? withoutKeys<Tenant>(Item) : undefined;
  },

  // Strongly consistent: a revoked key or a rotated secret must stop working at once.
  async getApiKey(tenantId: string, keyId: string): Promise<ApiKey | undefined> {
    const { Item } = await db.send(
      new GetCommand({ TableName: tableName, Key: keys.apiKey(tenantId, keyId), ConsistentRead: true }),
    );
    return Item ? withoutKeys<ApiKey>(Item) : undefined;
  },

  list: (query) => queryIndexPage<Tenant>(db, tableName, keys.tenantIndexPartition(), query),

  async update(tenantId, changes, change) {
    let updated: Tenant | undefined;
    await whenConditionHolds(async () => {
      const { Attributes } = await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.tenant(tenantId),
          ...patchExpression({ ...changes, updatedAt: change.at, updatedBy: change.actor }),
          ConditionExpression: 'attribute_exists(PK)',
          ReturnValues: 'ALL_NEW',
        }),
      );
      updated = Attributes && withoutKeys<Tenant>(Attributes);
    });
    return updated;
  },
});
