import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { whenConditionHolds, withoutKeys } from '../../../adapters/dynamodb/conditional.ts';
import { keys } from '../../../adapters/dynamodb/keys.ts';
import type { PendingCall } from '../model.ts';
import type { PendingCallStore } from '../ports.ts';

/**
 * The charger's CALL slot: `TENANT#t#CS#cp / CALL`. Taken with a conditional put (free, expired, or held on
 * an older connection), freed with a delete conditional on the message id; the TTL removes a slot that no
 * answer and no later command ever freed.
 */
export const createDynamoPendingCallStore = (
  db: DynamoDBDocumentClient,
  tableName: string,
): PendingCallStore => {
  const get = async (tenantId: string, chargerId: string): Promise<PendingCall | undefined> => {
    const { Item } = await db.send(
      new GetCommand({
        TableName: tableName,
        Key: keys.pendingCall(tenantId, chargerId),
        ConsistentRead: true,
      }),
    );
    return Item ? withoutKeys<PendingCall>(Item) : undefined;
  };

  return {
    async acquire(call, now) {
      let replaced: PendingCall | undefined;
      const acquired = await whenConditionHolds(async () => {
        const { Attributes } = await db.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...keys.pendingCall(call.tenantId, call.chargerId),
              type: 'PendingCall',
              ...call,
              ttl: Math.ceil(Date.parse(call.expiresAt) / 1000),
            },
            ConditionExpression:
              'attribute_not_exists(PK) OR expiresAt <= :now OR connectionId <> :connectionId',
            ExpressionAttributeValues: { ':now': now.toISOString(), ':connectionId': call.connectionId },
            ReturnValues: 'ALL_OLD',
          }),
        );
        replaced = Attributes ? withoutKeys<PendingCall>(Attributes) : undefined;
      });
      if (acquired) return replaced ? { acquired: true, replaced } : { acquired: true };
      // Only to say who holds it; the holder may be gone by now, which is fine for a 409.
      const holder = await get(call.tenantId, call.chargerId);
      return holder ? { acquired: false, holder } : { acquired: false };
    },

    get,

    release: (tenantId, chargerId, messageId) =>
      whenConditionHolds(() =>
        db.send(
          new DeleteCommand({
            TableName: tableName,
            Key: keys.pendingCall(tenantId, chargerId),
            ConditionExpression: 'messageId = :messageId',
            ExpressionAttributeValues: { ':messageId': messageId },
          }),
        ),
      ),
  };
};
