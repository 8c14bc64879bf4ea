import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { withoutKeys } from '../../../adapters/dynamodb/conditional.ts';
import { keys } from '../../../adapters/dynamodb/keys.ts';
import type { ChargerSession, ChargerSessionIndex } from '../ports.ts';
import { tokenSessionRetentionSeconds } from './dynamodb-active-session-index.ts';

/**
 * Markers in the charger's partition (`TXACTIVE#<sessionId>`, outside the view's range); a marker whose session
 * never ended (its stop lost) goes by TTL like an id token's.
 */
export const createDynamoChargerSessionIndex = (
  db: DynamoDBDocumentClient,
  tableName: string,
): ChargerSessionIndex => ({
  async add(entry) {
    await db.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...keys.chargerActiveSession(entry.tenantId, entry.chargerId, entry.sessionId),
          type: 'ChargerSession',
          ...entry,
          ttl: Math.ceil(Date.parse(entry.since) / 1000) + tokenSessionRetentionSeconds,
        },
      }),
    );
  },

  async remove(tenantId, chargerId, sessionId) {
    await db.send(
      new DeleteCommand({
        TableName: tableName,
        Key: keys.chargerActiveSession(tenantId, chargerId, sessionId),
      }),
    );
  },

  async list(tenantId, chargerId) {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await db.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
          ExpressionAttributeValues: {
            ':pk': keys.chargerPartition(tenantId, chargerId),
            ':prefix': keys.chargerActiveSessionPrefix,
          },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items.map((item) => withoutKeys<ChargerSession>(item));
  },
});
