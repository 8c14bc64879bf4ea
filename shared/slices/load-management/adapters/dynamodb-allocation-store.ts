import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { whenConditionHolds, withoutKeys } from '../../../adapters/dynamodb/conditional.ts';
import { decodeCursor, encodeCursor, tableKeyAttributes } from '../../../adapters/dynamodb/cursor.ts';
import { keys } from '../../../adapters/dynamodb/keys.ts';
import type { Clock } from '../../../kernel/ports.ts';
import type { AllocationHistoryEntry, SiteAllocations } from '../model.ts';
import type { AllocationStore, LoadRunLock } from '../ports.ts';

/** DynamoDB takes at most 25 items per BatchWriteItem. */
const batchSize = 25;

/**
 * In the site's partition: `LOADALLOC` (the live allocations, one item) and `LOADHIST#<sentAt>#<charger>#<evse>`
 * (the limits sent, each with a TTL of `retention.seconds`).
 */
export const createDynamoAllocationStore = (
  db: DynamoDBDocumentClient,
  tableName: string,
  retention: { readonly seconds: number; readonly clock: Clock },
): AllocationStore => ({
  async get(tenantId, siteId) {
    const { Item } = await db.send(
      new GetCommand({
        TableName: tableName,
        Key: keys.loadAllocation(tenantId, siteId),
        ConsistentRead: true,
      }),
    );
    return Item && withoutKeys<SiteAllocations>(Item);
  },

  async put(allocations) {
    await db.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...keys.loadAllocation(allocations.tenantId, allocations.siteId),
          type: 'LoadAllocation',
          ...allocations,
        },
      }),
    );
  },

  async record(entries) {
    const ttl = Math.floor(retention.clock.now().getTime() / 1000) + retention.seconds;
    for (let i = 0; i < entries.length; i += batchSize) {
      let requests: Record<string, unknown>[] | undefined = entries.slice(i, i + batchSize).map((entry) => ({
        PutRequest: {
          Item: {
            ...keys.loadHistoryEntry(
              entry.tenantId,
              entry.siteId,
              entry.sentAt,
              entry.chargerId,
              entry.evseId,
            ),
            type: 'LoadHistory',
            ...entry,
            ttl,
          },
        },
      }));
      // Unprocessed items (throttling) are written again; a bounded number of rounds, then the error surfaces.
      for (let round = 0; requests && requests.length > 0; round++) {
        if (round === 5) throw new Error('allocation history: items left unprocessed after 5 rounds');
        const { UnprocessedItems } = await db.send(
          new BatchWriteCommand({ RequestItems: { [tableName]: requests } }),
        );
        requests = UnprocessedItems?.[tableName] as Record<string, unknown>[] | undefined;
      }
    }
  },

  async history(tenantId, siteId, query) {
    const PK = keys.site(tenantId, siteId).PK;
    const start = decodeCursor(query.cursor, {
      attributes: tableKeyAttributes,
      partition: ['PK', PK],
      sortPrefix: ['SK', keys.loadHistoryPrefix],
    });
    const { Items = [], LastEvaluatedKey } = await db.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': PK, ':prefix': keys.loadHistoryPrefix },
        ScanIndexForward: false,
        Limit: query.limit,
        ...(start && { ExclusiveStartKey: start }),
      }),
    );
    const cursor =
      Items.length === query.limit && LastEvaluatedKey
        ? encodeCursor({ PK: LastEvaluatedKey.PK, SK: LastEvaluatedKey.SK })
        : undefined;
    return {
      items: Items.map((item) => withoutKeys<AllocationHistoryEntry>(item)),
      ...(cursor && { cursor }),
    };
  },
});

/** The site's `LOADRUN` item: `requested` (trigger counter), `runId` and `lockedUntil` (the lease). */
export const createDynamoLoadRunLock = (db: DynamoDBDocumentClient, tableName: string): LoadRunLock => {
  const until = (now: Date, leaseSeconds: number) =>
    new Date(now.getTime() + leaseSeconds * 1000).toISOString();
  return {
    async request(tenantId, siteId) {
      const { Attributes } = await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.loadRun(tenantId, siteId),
          UpdateExpression: 'ADD requested :one SET #type = :type',
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: { ':one': 1, ':type': 'LoadRun' },
          ReturnValues: 'ALL_NEW',
        }),
      );
      const requested = Number(Attributes?.requested ?? 0);
      const { runId, lockedUntil } = Attributes ?? {};
      return typeof runId === 'string' && typeof lockedUntil === 'string'
        ? { requested, holder: { runId, lockedUntil } }
        : { requested };
    },

    async acquire(tenantId, siteId, runId, now, leaseSeconds) {
      let generation: number | undefined;
      await whenConditionHolds(async () => {
        const { Attributes } = await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.loadRun(tenantId, siteId),
            UpdateExpression: 'SET runId = :runId, lockedUntil = :until',
            ConditionExpression: 'attribute_not_exists(runId) OR lockedUntil < :now OR runId = :runId',
            ExpressionAttributeValues: {
              ':runId': runId,
              ':until': until(now, leaseSeconds),
              ':now': now.toISOString(),
            },
            ReturnValues: 'ALL_NEW',
          }),
        );
        generation = Number(Attributes?.requested ?? 0);
      });
      return generation;
    },

    async release(tenantId, siteId, runId, generation, now, leaseSeconds) {
      const released = await whenConditionHolds(() =>
        db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.loadRun(tenantId, siteId),
            UpdateExpression: 'REMOVE runId, lockedUntil',
            ConditionExpression: 'runId = :runId AND requested = :generation',
            ExpressionAttributeValues: { ':runId': runId, ':generation': generation },
          }),
        ),
      );
      if (released) return { outcome: 'released' };
      let again: number | undefined;
      await whenConditionHolds(async () => {
        const { Attributes } = await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.loadRun(tenantId, siteId),
            UpdateExpression: 'SET lockedUntil = :until',
            ConditionExpression: 'runId = :runId',
            ExpressionAttributeValues: { ':runId': runId, ':until': until(now, leaseSeconds) },
            ReturnValues: 'ALL_NEW',
          }),
        );
        again = Number(Attributes?.requested ?? 0);
      });
      return again === undefined ? { outcome: 'lost' } : { outcome: 'again', generation: again };
    },
  };
};
