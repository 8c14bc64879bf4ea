import {
  BatchWriteCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { withoutKeys } from '../../../adapters/dynamodb/conditional.ts';
import { keys } from '../../../adapters/dynamodb/keys.ts';
import { putIfRevision } from '../../../adapters/dynamodb/revision.ts';
import type {
  ChargingProfileReport,
  ChargingProfileReportPart,
  EvChargingNeeds,
  EvChargingSchedule,
  ExternalChargingLimit,
} from '../model.ts';
import type { SmartChargingInputRepository } from '../ports.ts';

/**
 * Smart-charging inputs in a partition per charger (`TENANT#t#CS#cp#SC`): `NEEDS#<evse>`, `EVSCHED#<evse>`,
 * `LIMIT#<evse>#<source>` items (the latest of each), `PROFREPORT#<request id>` report items and their
 * `PROFREPORT#<request id>#PART#<message id>` parts (each one ReportChargingProfiles message, below the 128 KB
 * frame limit, so an item never nears DynamoDB's 400 KB). The partition stays small: the latest per EVSE, and
 * the reports the use case has not removed yet (see charging-profile-reports.ts). Read with one Query.
 */

const batchSize = 25;
const maxBatchAttempts = 8;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const types = {
  needs: 'EvChargingNeeds',
  schedule: 'EvChargingSchedule',
  limit: 'ExternalChargingLimit',
  report: 'ChargingProfileReport',
  part: 'ChargingProfileReportPart',
} as const;

export const createDynamoSmartChargingInputRepository = (
  db: DynamoDBDocumentClient,
  tableName: string,
): SmartChargingInputRepository => {
  const put = async (item: Record<string, unknown>) => {
    await db.send(new PutCommand({ TableName: tableName, Item: item }));
  };

  const queryAll = async (partition: string, prefix?: string) => {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const { Items, LastEvaluatedKey } = await db.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: prefix ? 'PK = :pk AND begins_with(SK, :prefix)' : 'PK = :pk',
          ExpressionAttributeValues: { ':pk': partition, ...(prefix && { ':prefix': prefix }) },
          ConsistentRead: true,
          ...(startKey && { ExclusiveStartKey: startKey }),
        }),
      );
      items.push(...(Items ?? []));
      startKey = LastEvaluatedKey;
    } while (startKey);
    return items;
  };

  const deleteAll = async (itemKeys: { PK: string; SK: string }[]) => {
    for (let i = 0; i < itemKeys.length; i += batchSize) {
      let pending: unknown[] = itemKeys
        .slice(i, i + batchSize)
        .map((key) => ({ DeleteRequest: { Key: key } }));
      for (let attempt = 0; pending.length > 0; attempt += 1) {
        if (attempt >= maxBatchAttempts) throw new Error(`${pending.length} report items not deleted`);
        if (attempt > 0) await sleep(Math.min(1000, 25 * 2 ** attempt));
        const { UnprocessedItems } = await db.send(
          new BatchWriteCommand({ RequestItems: { [tableName]: pending as never } }),
        );
        pending = UnprocessedItems?.[tableName] ?? [];
      }
    }
  };

  return {
    putChargingNeeds: (needs) =>
      put({
        ...keys.evChargingNeeds(needs.tenantId, needs.chargerId, needs.evseId),
        type: types.needs,
        ...needs,
      }),

    async getChargingNeeds(tenantId, chargerId, evseId) {
      const { Item } = await db.send(
        new GetCommand({ TableName: tableName, Key: keys.evChargingNeeds(tenantId, chargerId, evseId) }),
      );
      return Item ? withoutKeys<EvChargingNeeds>(Item) : undefined;
    },

    putEvChargingSchedule: (schedule) =>
      put({
        ...keys.evChargingSchedule(schedule.tenantId, schedule.chargerId, schedule.evseId),
        type: types.schedule,
        ...schedule,
      }),

    putChargingLimit: (limit) =>
      put({
        ...keys.externalChargingLimit(
          limit.tenantId,
          limit.chargerId,
          limit.evseId,
          limit.chargingLimitSource,
        ),
        type: types.limit,
        ...limit,
      }),

    async deleteChargingLimit(tenantId, chargerId, evseId, source) {
      const { Attributes } = await db.send(
        new DeleteCommand({
          TableName: tableName,
          Key: keys.externalChargingLimit(tenantId, chargerId, evseId, source),
          ReturnValues: 'ALL_OLD',
        }),
      );
      return Attributes && withoutKeys<ExternalChargingLimit>(Attributes);
    },

    async getReport(tenantId, chargerId, requestId) {
      const { Item } = await db.send(
        new GetCommand({
          TableName: tableName,
          Key: keys.chargingProfileReport(tenantId, chargerId, requestId),
          ConsistentRead: true,
        }),
      );
      return Item && withoutKeys<ChargingProfileReport>(Item);
    },

    saveReport: (report) =>
      putIfRevision(db, tableName, {
        ...keys.chargingProfileReport(report.tenantId, report.chargerId, report.requestId),
        type: types.report,
        ...report,
      }),

    putReportPart: (part) =>
      put({
        ...keys.chargingProfileReportPart(part.tenantId, part.chargerId, part.requestId, part.messageId),
        type: types.part,
        ...part,
      }),

    async deleteReport(tenantId, chargerId, requestId) {
      const partition = keys.smartChargingPartition(tenantId, chargerId);
      const parts = await queryAll(partition, keys.chargingProfileReportPartPrefix(requestId));
      await deleteAll([
        ...parts.map((item) => ({ PK: item.PK as string, SK: item.SK as string })),
        keys.chargingProfileReport(tenantId, chargerId, requestId),
      ]);
    },

    async getInputs(tenantId, chargerId) {
      const items = await queryAll(keys.smartChargingPartition(tenantId, chargerId));
      const ofType = <T>(type: string) =>
        items.filter((item) => item.type === type).map((item) => withoutKeys<T>(item));
      return {
        needs: ofType<EvChargingNeeds>(types.needs),
        evSchedules: ofType<EvChargingSchedule>(types.schedule),
        limits: ofType<ExternalChargingLimit>(types.limit),
        reports: ofType<ChargingProfileReport>(types.report),
        reportParts: ofType<ChargingProfileReportPart>(types.part),
      };
    },
  };
};
