import {
  BatchWriteCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { withoutKeys } from '../../../adapters/dynamodb/conditional.ts';
import { decodeCursor, tableKeyAttributes } from '../../../adapters/dynamodb/cursor.ts';
import { keys } from '../../../adapters/dynamodb/keys.ts';
import { pageOf } from '../../../adapters/dynamodb/paging.ts';
import { putIfRevision } from '../../../adapters/dynamodb/revision.ts';
import type { DisplayMessage, DisplayMessagesReport } from '../model.ts';
import type { DisplayMessageRepository } from '../ports.ts';

/**
 * A charger's display messages in a partition of their own (`TENANT#t#CS#cp#DISPLAY`): `MSG#<id>` items, one
 * per message; `REPORT#<request id>` items, kept 90 days after their last change by TTL.
 */

const batchSize = 25;
const maxBatchAttempts = 8;
const reportRetentionSeconds = 90 * 24 * 3600;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const createDynamoDisplayMessageRepository = (
  db: DynamoDBDocumentClient,
  tableName: string,
): DisplayMessageRepository => {
  const writeAll = async (requests: readonly Record<string, unknown>[]) => {
    for (let i = 0; i < requests.length; i += batchSize) {
      let pending = requests.slice(i, i + batchSize);
      for (let attempt = 0; pending.length > 0; attempt += 1) {
        if (attempt >= maxBatchAttempts)
          throw new Error(`${pending.length} display-message items not written`);
        if (attempt > 0) await sleep(Math.min(1000, 25 * 2 ** attempt));
        const { UnprocessedItems } = await db.send(
          new BatchWriteCommand({ RequestItems: { [tableName]: pending as never } }),
        );
        pending = (UnprocessedItems?.[tableName] ?? []) as Record<string, unknown>[];
      }
    }
  };

  const queryAll = async (
    tenantId: string,
    chargerId: string,
    prefix: string,
    filter: { expression: string; names?: Record<string, string>; values: Record<string, unknown> },
  ) => {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const { Items, LastEvaluatedKey } = await db.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
          FilterExpression: filter.expression,
          ...(filter.names && { ExpressionAttributeNames: filter.names }),
          ExpressionAttributeValues: {
            ':pk': keys.displayMessagePartition(tenantId, chargerId),
            ':prefix': prefix,
            ...filter.values,
          },
          ConsistentRead: true,
          ...(startKey && { ExclusiveStartKey: startKey }),
        }),
      );
      items.push(...(Items ?? []));
      startKey = LastEvaluatedKey;
    } while (startKey);
    return items;
  };

  return {
    async putMessages(messages) {
      const byKey = new Map<string, Record<string, unknown>>();
      for (const message of messages) {
        const key = keys.displayMessage(message.tenantId, message.chargerId, message.id);
        byKey.set(key.SK, { PutRequest: { Item: { ...key, type: 'DisplayMessage', ...message } } });
      }
      await writeAll([...byKey.values()]);
    },

    async listMessages(tenantId, chargerId, query) {
      const partition = keys.displayMessagePartition(tenantId, chargerId);
      const startKey = decodeCursor(query.cursor, {
        attributes: tableKeyAttributes,
        partition: ['PK', partition],
        sortPrefix: ['SK', keys.displayMessagePrefix],
      });
      const { Items } = await db.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
          ExpressionAttributeValues: { ':pk': partition, ':prefix': keys.displayMessagePrefix },
          Limit: query.limit + 1,
          ...(startKey && { ExclusiveStartKey: startKey }),
        }),
      );
      return pageOf(Items ?? [], query.limit, (item) => withoutKeys<DisplayMessage>(item));
    },

    async deleteMessage(tenantId, chargerId, messageId) {
      await db.send(
        new DeleteCommand({ TableName: tableName, Key: keys.displayMessage(tenantId, chargerId, messageId) }),
      );
    },

    async deleteMessagesNotOf(tenantId, chargerId, requestId) {
      const stale = await queryAll(tenantId, chargerId, keys.displayMessagePrefix, {
        expression: 'requestId <> :requestId',
        values: { ':requestId': requestId },
      });
      await writeAll(stale.map((item) => ({ DeleteRequest: { Key: { PK: item.PK, SK: item.SK } } })));
      return stale.length;
    },

    async getReport(tenantId, chargerId, requestId) {
      const { Item } = await db.send(
        new GetCommand({
          TableName: tableName,
          Key: keys.displayMessagesReport(tenantId, chargerId, requestId),
          ConsistentRead: true,
        }),
      );
      return Item && withoutKeys<DisplayMessagesReport>(Item);
    },

    saveReport: (report) =>
      putIfRevision(db, tableName, {
        ...keys.displayMessagesReport(report.tenantId, report.chargerId, report.requestId),
        type: 'DisplayMessagesReport',
        ...report,
        ttl: Math.ceil(Date.parse(report.updatedAt) / 1000) + reportRetentionSeconds,
      }),

    async openReports(tenantId, chargerId) {
      const items = await queryAll(tenantId, chargerId, keys.displayMessagesReportPrefix, {
        expression: '#status IN (:requested, :inProgress)',
        names: { '#status': 'status' },
        values: { ':requested': 'requested', ':inProgress': 'inProgress' },
      });
      return items.map((item) => withoutKeys<DisplayMessagesReport>(item));
    },
  };
};
