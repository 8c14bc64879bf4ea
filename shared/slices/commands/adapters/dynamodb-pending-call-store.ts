import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { whenConditionHolds, withoutKeys } from '../../../adapters/dynamodb/conditional.ts';
import { keys } from '../../../adapters/dynamodb/keys.ts';
import type { PendingCall, QueuedCall } from '../model.ts';
import type { PendingCallStore } from '../ports.ts';

/** The slot may be taken when it is free, its time is up, or it is held on an older connection. */
const slotTakeable = 'attribute_not_exists(PK) OR expiresAt <= :now OR connectionId <> :connectionId';

const ttlOf = (expiresAt: string): number => Math.ceil(Date.parse(expiresAt) / 1000);

/**
 * The charger's CALL slot, `TENANT#t#CS#cp / CALL`, and its queue, `TENANT#t#CS#cp / CALLQ#<commandId>`. The
 * slot is taken with a conditional put (free, expired, or held on an older connection) and freed with a delete
 * conditional on the message id. Queue items are put once and deleted conditionally: the one delete that
 * succeeds owns the call. TTLs remove what no answer and no later command freed.
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
              ttl: ttlOf(call.expiresAt),
            },
            ConditionExpression: slotTakeable,
            ExpressionAttributeValues: { ':now': now.toISOString(), ':connectionId': call.connectionId },
            ReturnValues: 'ALL_OLD',
          }),
        );
        replaced = Attributes ? withoutKeys<PendingCall>(Attributes) : undefined;
      });
      if (acquired) return replaced ? { acquired: true, replaced } : { acquired: true };
      // Only to say who holds it; the holder may be gone by now.
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

    async queued(tenantId, chargerId, limit) {
      const { Items = [] } = await db.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
          ExpressionAttributeValues: {
            ':pk': keys.chargerPartition(tenantId, chargerId),
            ':prefix': keys.queuedCallPrefix,
          },
          ConsistentRead: true,
          Limit: limit,
        }),
      );
      return Items.map((item) => withoutKeys<QueuedCall>(item));
    },

    async enqueue(call) {
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...keys.queuedCall(call.tenantId, call.chargerId, call.commandId),
            type: 'QueuedCall',
            ...call,
            ttl: ttlOf(call.expiresAt),
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
    },

    dequeue: (tenantId, chargerId, commandId) =>
      whenConditionHolds(() =>
        db.send(
          new DeleteCommand({
            TableName: tableName,
            Key: keys.queuedCall(tenantId, chargerId, commandId),
            ConditionExpression: 'attribute_exists(PK)',
          }),
        ),
      ),
  };
};
