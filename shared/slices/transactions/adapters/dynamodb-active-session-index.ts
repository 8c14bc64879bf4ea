import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { withoutKeys } from '../../../adapters/dynamodb/conditional.ts';
import { keys } from '../../../adapters/dynamodb/keys.ts';
import type { ActiveSessionIndex, TokenSession } from '../ports.ts';

/** A marker whose session never ended (its charger lost the stop) is dropped by TTL this long after it was set. */
export const tokenSessionRetentionSeconds = 7 * 24 * 3600;

/** Markers live in the id token's partition, next to the token, with sort keys `SESSION#<sessionId>`. */
export const createDynamoActiveSessionIndex = (
  db: DynamoDBDocumentClient,
  tableName: string,
): ActiveSessionIndex => ({
  async add(entry) {
    await db.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...keys.idTokenSession(entry.tenantId, entry.idToken, entry.sessionId),
          type: 'TokenSession',
          ...entry,
          ttl: Math.ceil(Date.parse(entry.since) / 1000) + tokenSessionRetentionSeconds,
        },
      }),
    );
  },

  async remove(tenantId, idToken, sessionId) {
    await db.send(
      new DeleteCommand({ TableName: tableName, Key: keys.idTokenSession(tenantId, idToken, sessionId) }),
    );
  },

  async list(tenantId, idToken) {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await db.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
          ExpressionAttributeValues: {
            ':pk': keys.idToken(tenantId, idToken).PK,
            ':prefix': keys.idTokenSessionPrefix,
          },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items.map((item) => withoutKeys<TokenSession>(item));
  },
});
