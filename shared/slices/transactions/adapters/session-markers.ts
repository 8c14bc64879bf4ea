import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { withoutKeys } from '../../../adapters/dynamodb/conditional.ts';
import type { ItemKey } from '../../../adapters/dynamodb/keys.ts';

/** A marker whose session never ended (its charger lost the stop) is dropped by TTL this long after it was set. */
export const tokenSessionRetentionSeconds = 7 * 24 * 3600;

/**
 * The active-session markers of one owner (an id token, a charger): an item per session under a sort-key prefix
 * of the owner's partition, set while the session runs and expired by TTL if its end is lost.
 */
export const createSessionMarkers = <T extends { readonly since: string }>(
  db: DynamoDBDocumentClient,
  tableName: string,
  type: string,
) => ({
  async put(key: ItemKey, entry: T): Promise<void> {
    await db.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...key,
          type,
          ...entry,
          ttl: Math.ceil(Date.parse(entry.since) / 1000) + tokenSessionRetentionSeconds,
        },
      }),
    );
  },

  async delete(key: ItemKey): Promise<void> {
    await db.send(new DeleteCommand({ TableName: tableName, Key: key }));
  },

  async list(partition: string, prefix: string): Promise<T[]> {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await db.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
          ExpressionAttributeValues: { ':pk': partition, ':prefix': prefix },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items.map((item) => withoutKeys<T>(item));
  },
});
