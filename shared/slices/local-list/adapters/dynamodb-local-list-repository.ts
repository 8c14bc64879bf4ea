import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { withoutKeys } from '../../../adapters/dynamodb/conditional.ts';
import { keys } from '../../../adapters/dynamodb/keys.ts';
import { putIfRevision } from '../../../adapters/dynamodb/revision.ts';
import type { LocalListSnapshot, LocalListSummary } from '../model.ts';
import { summaryOf } from '../model.ts';
import type { LocalListRepository } from '../ports.ts';

/**
 * The snapshot (`TENANT#t#CS#cp#LOCALLIST / ENTRIES`, a map of fingerprints) and its summary (`/ SUMMARY`) in
 * a partition of their own, out of the charger view's reach. The summary is written after the snapshot:
 * if that write fails the summary lags until the next update, and the snapshot stays right.
 */
export const createDynamoLocalListRepository = (
  db: DynamoDBDocumentClient,
  tableName: string,
): LocalListRepository => {
  const get = async <T>(key: { PK: string; SK: string }): Promise<T | undefined> => {
    const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
    return Item && withoutKeys<T>(Item);
  };

  return {
    getSummary: (tenantId, chargerId) => get<LocalListSummary>(keys.localList(tenantId, chargerId)),

    getSnapshot: (tenantId, chargerId) => get<LocalListSnapshot>(keys.localListEntries(tenantId, chargerId)),

    async save(snapshot) {
      const { tenantId, chargerId } = snapshot;
      const stored = await putIfRevision(db, tableName, {
        ...keys.localListEntries(tenantId, chargerId),
        type: 'LocalList',
        ...snapshot,
      });
      if (!stored) return false;
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...keys.localList(tenantId, chargerId), type: 'LocalListSummary', ...summaryOf(snapshot) },
        }),
      );
      return true;
    },
  };
};
