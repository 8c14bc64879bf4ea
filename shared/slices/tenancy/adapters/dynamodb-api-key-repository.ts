import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { whenConditionHolds, withoutKeys } from '../../../adapters/dynamodb/conditional.ts';
import { queryIndexPage } from '../../../adapters/dynamodb/index-page.ts';
import { keys } from '../../../adapters/dynamodb/keys.ts';
import type { ApiKey } from '../model.ts';
import type { ApiKeyRepository } from '../ports.ts';

const isActiveAdmin = (key: ApiKey): boolean => key.role === 'admin' && !key.revokedAt;

/**
 * API keys, one partition each, listed through GSI1. The tenant's count of active admin keys is its own item;
 * without transactions it is changed before a revocation and after a creation, so that a failure between the
 * two writes leaves it too low (a revocation refused) and never too high (the last admin key revoked).
 */
export const createDynamoApiKeyRepository = (
  db: DynamoDBDocumentClient,
  tableName: string,
): ApiKeyRepository => {
  const get = async (tenantId: string, keyId: string): Promise<ApiKey | undefined> => {
    const { Item } = await db.send(
      new GetCommand({ TableName: tableName, Key: keys.apiKey(tenantId, keyId), ConsistentRead: true }),
    );
    return Item ? withoutKeys<ApiKey>(Item) : undefined;
  };

  const countAdmins = (tenantId: string, delta: 1 | -1) =>
    db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.adminKeyCount(tenantId),
        UpdateExpression: 'SET #type = :type ADD #count :delta',
        ExpressionAttributeNames: { '#type': 'type', '#count': 'activeAdminKeys' },
        ExpressionAttributeValues: { ':type': 'AdminKeyCount', ':delta': delta },
      }),
    );

  return {
    async create(key) {
      const created = await whenConditionHolds(() =>
        db.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...keys.apiKey(key.tenantId, key.keyId),
              ...(key.driverId
                ? keys.driverApiKeyIndex(key.tenantId, key.driverId, key.keyId)
                : keys.apiKeyIndex(key.tenantId, key.keyId)),
              type: 'ApiKey',
              ...key,
              // An expired key is refused on its expiry (the authorizer checks it); TTL only tidies up.
              ...(key.expiresAt && { ttl: Math.ceil(Date.parse(key.expiresAt) / 1000) }),
            },
            ConditionExpression: 'attribute_not_exists(PK)',
          }),
        ),
      );
      if (created && isActiveAdmin(key)) await countAdmins(key.tenantId, 1);
      return created;
    },

    get,

    list: (tenantId, query) =>
      queryIndexPage<ApiKey>(db, tableName, keys.apiKeyIndexPartition(tenantId), query),

    listOfDriver: (tenantId, driverId, query) =>
      queryIndexPage<ApiKey>(db, tableName, keys.driverApiKeyIndexPartition(tenantId, driverId), query),

    async revoke(tenantId, keyId, change) {
      const key = await get(tenantId, keyId);
      if (!key) return { outcome: 'not-found' };
      if (key.revokedAt) return { outcome: 'already-revoked', key };
      if (key.role === 'admin') {
        const counted = await whenConditionHolds(() =>
          db.send(
            new UpdateCommand({
              TableName: tableName,
              Key: keys.adminKeyCount(tenantId),
              UpdateExpression: 'SET #count = #count - :one',
              ConditionExpression: '#count > :one',
              ExpressionAttributeNames: { '#count': 'activeAdminKeys' },
              ExpressionAttributeValues: { ':one': 1 },
            }),
          ),
        );
        if (!counted) return { outcome: 'last-admin', key };
      }
      let revoked: ApiKey | undefined;
      await whenConditionHolds(async () => {
        const { Attributes } = await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.apiKey(tenantId, keyId),
            UpdateExpression: 'SET revokedAt = :at, updatedAt = :at, updatedBy = :actor',
            ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(revokedAt)',
            ExpressionAttributeValues: { ':at': change.at, ':actor': change.actor },
            ReturnValues: 'ALL_NEW',
          }),
        );
        revoked = Attributes && withoutKeys<ApiKey>(Attributes);
      });
      if (revoked) return { outcome: 'revoked', key: revoked };
      // Someone else revoked it meanwhile and counted it themselves: give our decrement back.
      if (key.role === 'admin') await countAdmins(tenantId, 1);
      const current = await get(tenantId, keyId);
      return current ? { outcome: 'already-revoked', key: current } : { outcome: 'not-found' };
    },

    async replaceSecret(tenantId, keyId, secretHash, change) {
      let updated: ApiKey | undefined;
      await whenConditionHolds(async () => {
        const { Attributes } = await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.apiKey(tenantId, keyId),
            UpdateExpression: 'SET secretHash = :hash, updatedAt = :at, updatedBy = :actor',
            ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(revokedAt)',
            ExpressionAttributeValues: { ':hash': secretHash, ':at': change.at, ':actor': change.actor },
            ReturnValues: 'ALL_NEW',
          }),
        );
        updated = Attributes && withoutKeys<ApiKey>(Attributes);
      });
      return updated;
    },
  };
};
