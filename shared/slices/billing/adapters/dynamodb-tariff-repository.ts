import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { whenConditionHolds, withoutKeys } from '../../../adapters/dynamodb/conditional.ts';
import { queryIndexPage } from '../../../adapters/dynamodb/index-page.ts';
import { keys } from '../../../adapters/dynamodb/keys.ts';
import type { TariffHead, TariffVersion } from '../model.ts';
import type { TariffRepository } from '../ports.ts';

const versionOf = (head: TariffHead | TariffVersion): TariffVersion => ({
  tenantId: head.tenantId,
  tariffId: head.tariffId,
  version: head.version,
  tariff: head.tariff,
  validFrom: head.validFrom,
  createdBy: head.createdBy,
});

/**
 * One partition per tariff: the `TARIFF` item holds the latest version (what GET and the listing index show) and
 * is the lock a new version is written under; each version also has an item of its own, `V#<version>`.
 */
export const createDynamoTariffRepository = (
  db: DynamoDBDocumentClient,
  tableName: string,
): TariffRepository => {
  const get = async (tenantId: string, tariffId: string) => {
    const { Item } = await db.send(
      new GetCommand({ TableName: tableName, Key: keys.tariff(tenantId, tariffId), ConsistentRead: true }),
    );
    return Item && withoutKeys<TariffHead>(Item);
  };

  return {
    async putVersion(head, expectedVersion) {
      // The head first, conditionally: it decides which write gets version n + 1. The version item after it is
      // idempotent; until it is written (or if a crash prevents it), reads of that version fall back to the head.
      const won = await whenConditionHolds(() =>
        db.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...keys.tariff(head.tenantId, head.tariffId),
              ...keys.tariffIndex(head.tenantId, head.tariffId),
              type: 'Tariff',
              ...head,
            },
            ...(expectedVersion === 0
              ? { ConditionExpression: 'attribute_not_exists(PK)' }
              : {
                  ConditionExpression: '#version = :expected',
                  ExpressionAttributeNames: { '#version': 'version' },
                  ExpressionAttributeValues: { ':expected': expectedVersion },
                }),
          }),
        ),
      );
      if (!won) return false;
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...keys.tariffVersion(head.tenantId, head.tariffId, head.version),
            type: 'TariffVersion',
            ...versionOf(head),
          },
        }),
      );
      return true;
    },

    get,

    async getVersion(tenantId, tariffId, version) {
      const { Item } = await db.send(
        new GetCommand({ TableName: tableName, Key: keys.tariffVersion(tenantId, tariffId, version) }),
      );
      if (Item) return withoutKeys<TariffVersion>(Item);
      const head = await get(tenantId, tariffId);
      return head?.version === version ? versionOf(head) : undefined;
    },

    async versionInForceAt(tenantId, tariffId, at) {
      const head = await get(tenantId, tariffId);
      if (!head || (head.deletedAt !== undefined && head.deletedAt <= at)) return undefined;
      if (head.validFrom <= at) return versionOf(head);
      // Older versions, newest first: a tariff has tens of them at most.
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await db.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
            ExpressionAttributeValues: {
              ':pk': keys.tariffPartition(tenantId, tariffId),
              ':prefix': keys.tariffVersionPrefix,
            },
            ScanIndexForward: false,
            ExclusiveStartKey: startKey,
          }),
        );
        const found = (page.Items ?? [])
          .map((item) => withoutKeys<TariffVersion>(item))
          .find((version) => version.version < head.version && version.validFrom <= at);
        if (found) return found;
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return undefined;
    },

    list: (tenantId, query) =>
      queryIndexPage<TariffHead>(db, tableName, keys.tariffIndexPartition(tenantId), query),

    async markDeleted(tenantId, tariffId, deletedAt) {
      try {
        const { Attributes } = await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.tariff(tenantId, tariffId),
            // Out of the listing index; the item stays, so that version numbers go on after a re-creation.
            UpdateExpression: 'SET deletedAt = :at REMOVE GSI1PK, GSI1SK',
            ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(deletedAt)',
            ExpressionAttributeValues: { ':at': deletedAt },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return Attributes && withoutKeys<TariffHead>(Attributes);
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return undefined;
        throw error;
      }
    },

    async getDefault(tenantId) {
      const { Item } = await db.send(
        new GetCommand({ TableName: tableName, Key: keys.defaultTariff(tenantId), ConsistentRead: true }),
      );
      return Item?.tariffId as string | undefined;
    },

    async setDefault(tenantId, tariffId) {
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...keys.defaultTariff(tenantId), type: 'DefaultTariff', tenantId, tariffId },
        }),
      );
    },

    async clearDefault(tenantId, tariffId) {
      await whenConditionHolds(() =>
        db.send(
          new DeleteCommand({
            TableName: tableName,
            Key: keys.defaultTariff(tenantId),
            ConditionExpression: 'tariffId = :id',
            ExpressionAttributeValues: { ':id': tariffId },
          }),
        ),
      );
    },
  };
};
