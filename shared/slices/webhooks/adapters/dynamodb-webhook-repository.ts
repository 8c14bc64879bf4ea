import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { whenConditionHolds, withoutKeys } from '../../../adapters/dynamodb/conditional.ts';
import { decodeCursor, encodeCursor, tableKeyAttributes } from '../../../adapters/dynamodb/cursor.ts';
import { queryIndexPage } from '../../../adapters/dynamodb/index-page.ts';
import { keys } from '../../../adapters/dynamodb/keys.ts';
import type { Clock } from '../../../kernel/ports.ts';
import type { Delivery, DeliveryAttempt, Webhook } from '../model.ts';
import type { WebhookRepository } from '../ports.ts';

/**
 * Webhooks, one partition each (listed through GSI1 `TENANT#t#WEBHOOKS`), holding their deliveries and delivery
 * log; deliveries and log entries carry a TTL (`retentionSeconds` after they are written).
 */
export const createDynamoWebhookRepository = (
  db: DynamoDBDocumentClient,
  tableName: string,
  retention: { readonly seconds: number; readonly clock: Clock },
): WebhookRepository => {
  const ttl = () => Math.floor(retention.clock.now().getTime() / 1000) + retention.seconds;
  return {
    create: (webhook) =>
      whenConditionHolds(() =>
        db.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...keys.webhook(webhook.tenantId, webhook.webhookId),
              ...keys.webhookIndex(webhook.tenantId, webhook.webhookId),
              type: 'Webhook',
              ...webhook,
            },
            ConditionExpression: 'attribute_not_exists(PK)',
          }),
        ),
      ),

    async get(tenantId, webhookId) {
      const { Item } = await db.send(
        new GetCommand({
          TableName: tableName,
          Key: keys.webhook(tenantId, webhookId),
          ConsistentRead: true,
        }),
      );
      return Item ? withoutKeys<Webhook>(Item) : undefined;
    },

    list: (tenantId, query) =>
      queryIndexPage<Webhook>(db, tableName, keys.webhookIndexPartition(tenantId), query),

    async listAll(tenantId) {
      const { Items = [] } = await db.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :pk',
          ExpressionAttributeValues: { ':pk': keys.webhookIndexPartition(tenantId) },
        }),
      );
      return Items.map((item) => withoutKeys<Webhook>(item));
    },

    delete: (tenantId, webhookId) =>
      whenConditionHolds(() =>
        db.send(
          new DeleteCommand({
            TableName: tableName,
            Key: keys.webhook(tenantId, webhookId),
            ConditionExpression: 'attribute_exists(PK)',
          }),
        ),
      ),

    async replaceSecrets(tenantId, webhookId, secrets) {
      let updated: Webhook | undefined;
      await whenConditionHolds(async () => {
        const { Attributes } = await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.webhook(tenantId, webhookId),
            UpdateExpression: 'SET secrets = :secrets',
            ExpressionAttributeValues: { ':secrets': secrets },
            ConditionExpression: 'attribute_exists(PK)',
            ReturnValues: 'ALL_NEW',
          }),
        );
        updated = Attributes && withoutKeys<Webhook>(Attributes);
      });
      return updated;
    },

    async setFailingUntil(tenantId, webhookId, until) {
      // A webhook deleted meanwhile stays deleted.
      await whenConditionHolds(() =>
        db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.webhook(tenantId, webhookId),
            ...(until === undefined
              ? { UpdateExpression: 'REMOVE failingUntil' }
              : {
                  UpdateExpression: 'SET failingUntil = :until',
                  ExpressionAttributeValues: { ':until': until },
                }),
            ConditionExpression: 'attribute_exists(PK)',
          }),
        ),
      );
    },

    createDelivery: (delivery) =>
      whenConditionHolds(() =>
        db.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...keys.webhookDelivery(delivery.tenantId, delivery.webhookId, delivery.deliveryId),
              type: 'WebhookDelivery',
              ...delivery,
              ttl: ttl(),
            },
            ConditionExpression: 'attribute_not_exists(PK)',
          }),
        ),
      ),

    async getDelivery(tenantId, webhookId, deliveryId) {
      const { Item } = await db.send(
        new GetCommand({
          TableName: tableName,
          Key: keys.webhookDelivery(tenantId, webhookId, deliveryId),
          ConsistentRead: true,
        }),
      );
      return Item ? withoutKeys<Delivery>(Item) : undefined;
    },

    async updateDelivery(delivery, changes) {
      const names: Record<string, string> = { '#status': 'status' };
      const values: Record<string, unknown> = { ':status': changes.status, ':attempts': changes.attempts };
      const sets = ['#status = :status', 'attempts = :attempts'];
      for (const field of ['firstAttemptAt', 'nextAttemptAt'] as const) {
        if (changes[field] === undefined) continue;
        sets.push(`${field} = :${field}`);
        values[`:${field}`] = changes[field];
      }
      await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.webhookDelivery(delivery.tenantId, delivery.webhookId, delivery.deliveryId),
          UpdateExpression: `SET ${sets.join(', ')}${changes.nextAttemptAt === undefined ? ' REMOVE nextAttemptAt' : ''}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
    },

    async recordAttempt(attempt) {
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...keys.webhookAttempt(attempt.tenantId, attempt.webhookId, attempt.attemptId),
            type: 'WebhookAttempt',
            ...attempt,
            ttl: ttl(),
          },
        }),
      );
    },

    async listAttempts(tenantId, webhookId, query) {
      const partition = keys.webhookPartition(tenantId, webhookId);
      const { Items = [] } = await db.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
          ExpressionAttributeValues: { ':pk': partition, ':prefix': keys.webhookAttemptPrefix },
          ScanIndexForward: false,
          // One more than asked for: the last page then comes without a cursor.
          Limit: query.limit + 1,
          ExclusiveStartKey: decodeCursor(query.cursor, {
            attributes: tableKeyAttributes,
            partition: ['PK', partition],
            sortPrefix: ['SK', keys.webhookAttemptPrefix],
          }),
        }),
      );
      const items = Items.slice(0, query.limit);
      const last = items.at(-1);
      const cursor =
        Items.length > query.limit && last ? encodeCursor({ PK: last.PK, SK: last.SK }) : undefined;
      return { items: items.map((item) => withoutKeys<DeliveryAttempt>(item)), ...(cursor && { cursor }) };
    },
  };
};
