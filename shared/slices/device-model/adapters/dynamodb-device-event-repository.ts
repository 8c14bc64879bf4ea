import { BatchWriteCommand, type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { withoutKeys } from '../../../adapters/dynamodb/conditional.ts';
import { decodeCursor, tableKeyAttributes } from '../../../adapters/dynamodb/cursor.ts';
import { keys } from '../../../adapters/dynamodb/keys.ts';
import { pageOf } from '../../../adapters/dynamodb/paging.ts';
import type { DeviceEvent } from '../model.ts';
import type { DeviceEventRepository } from '../ports.ts';

/**
 * Notified events in a partition per charger (`TENANT#t#CS#cp#DMEVENT`), `EV#<time>#<event id>` items written
 * 25 at a time, expiring 90 days after they happened by TTL. A repeated NotifyEvent rewrites the same items.
 */

const batchSize = 25;
const maxBatchAttempts = 8;
export const deviceEventRetentionDays = 90;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const createDynamoDeviceEventRepository = (
  db: DynamoDBDocumentClient,
  tableName: string,
): DeviceEventRepository => ({
  async putEvents(events) {
    const requests = events.map((event) => ({
      PutRequest: {
        Item: {
          ...keys.deviceEvent(event.tenantId, event.chargerId, event.timestamp, event.eventId),
          type: 'DeviceEvent',
          ...event,
          ttl: Math.ceil(Date.parse(event.timestamp) / 1000) + deviceEventRetentionDays * 86_400,
        },
      },
    }));
    for (let i = 0; i < requests.length; i += batchSize) {
      let pending: unknown[] = requests.slice(i, i + batchSize);
      for (let attempt = 0; pending.length > 0; attempt += 1) {
        if (attempt >= maxBatchAttempts) throw new Error(`${pending.length} device events not written`);
        if (attempt > 0) await sleep(Math.min(1000, 25 * 2 ** attempt));
        const { UnprocessedItems } = await db.send(
          new BatchWriteCommand({ RequestItems: { [tableName]: pending as never } }),
        );
        pending = UnprocessedItems?.[tableName] ?? [];
      }
    }
  },

  async listEvents(tenantId, chargerId, query) {
    const partition = keys.deviceEventPartition(tenantId, chargerId);
    const startKey = decodeCursor(query.cursor, {
      attributes: tableKeyAttributes,
      partition: ['PK', partition],
      sortPrefix: ['SK', keys.deviceEventPrefix],
    });
    const { Items } = await db.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': partition, ':prefix': keys.deviceEventPrefix },
        ScanIndexForward: false,
        Limit: query.limit + 1,
        ...(startKey && { ExclusiveStartKey: startKey }),
      }),
    );
    return pageOf(Items ?? [], query.limit, (item) => withoutKeys<DeviceEvent>(item));
  },
});
