import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { withoutKeys } from '../../../adapters/dynamodb/conditional.ts';
import { decodeCursor, tableKeyAttributes } from '../../../adapters/dynamodb/cursor.ts';
import { type DeviceModelVariableKey, keys } from '../../../adapters/dynamodb/keys.ts';
import { pageOf } from '../../../adapters/dynamodb/paging.ts';
import { putIfRevision } from '../../../adapters/dynamodb/revision.ts';
import type { Page } from '../../../kernel/ports.ts';
import type {
  DeviceModelReport,
  DeviceModelVariable,
  DeviceMonitor,
  MonitoringReport,
  VariableRef,
} from '../model.ts';
import type { DeviceModelRepository, VariableQuery } from '../ports.ts';

/**
 * The device model in a partition per charger (`TENANT#t#CS#cp#DM`): `VAR#…` items, one per (component,
 * variable), written 25 at a time with BatchWriteItem; `REPORT#<request id>` items, kept 90 days after their
 * last change by TTL; the `SEQ` request id counter; `MON#…` items, one per monitor (NotifyMonitoringReport), and
 * `MONREPORT#<request id>` items (kept like reports). Nothing here is in the charger partition a view reads.
 */

/** DynamoDB's most items per BatchWriteItem. */
const batchSize = 25;
/** Unprocessed items (throttling) are retried with backoff, this many times, then the write fails. */
const maxBatchAttempts = 8;
/** Batches written at once. */
const parallelBatches = 4;
const reportRetentionSeconds = 90 * 24 * 3600;

const keyOf = (ref: VariableRef): DeviceModelVariableKey => ({
  component: ref.component.name,
  ...(ref.component.instance !== undefined && { componentInstance: ref.component.instance }),
  ...(ref.component.evseId !== undefined && { evseId: ref.component.evseId }),
  ...(ref.component.connectorId !== undefined && { connectorId: ref.component.connectorId }),
  variable: ref.variable.name,
  ...(ref.variable.instance !== undefined && { variableInstance: ref.variable.instance }),
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const createDynamoDeviceModelRepository = (
  db: DynamoDBDocumentClient,
  tableName: string,
): DeviceModelRepository => {
  const writeBatch = async (requests: Record<string, unknown>[]) => {
    let pending = requests;
    for (let attempt = 0; pending.length > 0; attempt += 1) {
      if (attempt >= maxBatchAttempts) throw new Error(`${pending.length} device-model items not written`);
      if (attempt > 0) await sleep(Math.min(1000, 25 * 2 ** attempt));
      const { UnprocessedItems } = await db.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: pending as never } }),
      );
      pending = (UnprocessedItems?.[tableName] ?? []) as Record<string, unknown>[];
    }
  };

  /** Writes items 25 a request, a few requests at a time (a part of a few hundred in the time of two or three). */
  const writeAll = async (requests: readonly Record<string, unknown>[]) => {
    const batches: Record<string, unknown>[][] = [];
    for (let i = 0; i < requests.length; i += batchSize) batches.push(requests.slice(i, i + batchSize));
    for (let i = 0; i < batches.length; i += parallelBatches)
      await Promise.all(batches.slice(i, i + parallelBatches).map(writeBatch));
  };

  /** A page of `VAR#` or `MON#` items, by component prefix and variable-name filter. */
  const listFiltered = async <T>(
    tenantId: string,
    chargerId: string,
    query: VariableQuery,
    kind: {
      all: string;
      ofComponent: (prefix: string) => string;
      toRecord: (item: Record<string, unknown>) => T;
    },
  ): Promise<Page<T>> => {
    const partition = keys.deviceModelPartition(tenantId, chargerId);
    const prefix = query.componentPrefix !== undefined ? kind.ofComponent(query.componentPrefix) : kind.all;
    let startKey = decodeCursor(query.cursor, {
      attributes: tableKeyAttributes,
      partition: ['PK', partition],
      sortPrefix: ['SK', prefix],
    });
    // A variable filter reads past the items it drops: query until a page and one more are found.
    const found: Record<string, unknown>[] = [];
    do {
      const { Items, LastEvaluatedKey } = await db.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
          ExpressionAttributeValues: {
            ':pk': partition,
            ':prefix': prefix,
            ...(query.variablePrefix !== undefined && {
              ':variable': keys.deviceModelNameFilter(query.variablePrefix),
            }),
          },
          ...(query.variablePrefix !== undefined && {
            FilterExpression: 'begins_with(variableKey, :variable)',
          }),
          Limit: query.limit + 1 - found.length,
          ...(startKey && { ExclusiveStartKey: startKey }),
        }),
      );
      found.push(...(Items ?? []));
      startKey = LastEvaluatedKey as Record<string, string> | undefined;
    } while (startKey && found.length <= query.limit);
    return pageOf(found, query.limit, (item) => {
      const { variableKey: _variableKey, ...rest } = item;
      return kind.toRecord(rest);
    });
  };

  /** Every item of the partition under `prefix`, all pages, strongly consistent. */
  const queryAll = async (tenantId: string, chargerId: string, prefix: string, filter?: object) => {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const { Items, LastEvaluatedKey } = await db.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
          ...filter,
          ExpressionAttributeValues: {
            ':pk': keys.deviceModelPartition(tenantId, chargerId),
            ':prefix': prefix,
            ...(filter as { ExpressionAttributeValues?: object } | undefined)?.ExpressionAttributeValues,
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
    async putVariables(variables) {
      // One item per variable: the last of two records of the same variable in one call wins.
      const byKey = new Map<string, Record<string, unknown>>();
      for (const variable of variables) {
        const key = keys.deviceModelVariable(variable.tenantId, variable.chargerId, keyOf(variable));
        byKey.set(key.SK, {
          PutRequest: {
            Item: {
              ...key,
              type: 'DeviceModelVariable',
              // The variable name as filters compare it (its key segment's form).
              variableKey: keys.deviceModelNameFilter(variable.variable.name),
              ...variable,
            },
          },
        });
      }
      await writeAll([...byKey.values()]);
    },

    async getVariable(tenantId, chargerId, ref) {
      const { Item } = await db.send(
        new GetCommand({
          TableName: tableName,
          Key: keys.deviceModelVariable(tenantId, chargerId, keyOf(ref)),
          ConsistentRead: true,
        }),
      );
      if (!Item) return undefined;
      const { variableKey: _variableKey, ...item } = Item;
      return withoutKeys<DeviceModelVariable>(item);
    },

    listVariables: (tenantId, chargerId, query) =>
      listFiltered(tenantId, chargerId, query, {
        all: keys.deviceModelVariablePrefix,
        ofComponent: keys.deviceModelComponentPrefix,
        toRecord: (item) => withoutKeys<DeviceModelVariable>(item),
      }),

    async getReport(tenantId, chargerId, requestId) {
      const { Item } = await db.send(
        new GetCommand({
          TableName: tableName,
          Key: keys.deviceModelReport(tenantId, chargerId, requestId),
          ConsistentRead: true,
        }),
      );
      return Item && withoutKeys<DeviceModelReport>(Item);
    },

    saveReport: (report) =>
      putIfRevision(db, tableName, {
        ...keys.deviceModelReport(report.tenantId, report.chargerId, report.requestId),
        type: 'DeviceModelReport',
        ...report,
        ttl: Math.ceil(Date.parse(report.updatedAt) / 1000) + reportRetentionSeconds,
      }),

    async listReports(tenantId, chargerId, query) {
      const partition = keys.deviceModelPartition(tenantId, chargerId);
      const startKey = decodeCursor(query.cursor, {
        attributes: tableKeyAttributes,
        partition: ['PK', partition],
        sortPrefix: ['SK', keys.deviceModelReportPrefix],
      });
      const { Items } = await db.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
          ExpressionAttributeValues: { ':pk': partition, ':prefix': keys.deviceModelReportPrefix },
          ScanIndexForward: false,
          Limit: query.limit + 1,
          ...(startKey && { ExclusiveStartKey: startKey }),
        }),
      );
      return pageOf(Items ?? [], query.limit, (item) => withoutKeys<DeviceModelReport>(item));
    },

    async openReports(tenantId, chargerId) {
      const open: DeviceModelReport[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const { Items, LastEvaluatedKey } = await db.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
            FilterExpression: '#status IN (:requested, :inProgress)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':pk': keys.deviceModelPartition(tenantId, chargerId),
              ':prefix': keys.deviceModelReportPrefix,
              ':requested': 'requested',
              ':inProgress': 'inProgress',
            },
            ConsistentRead: true,
            ...(startKey && { ExclusiveStartKey: startKey }),
          }),
        );
        open.push(...(Items ?? []).map((item) => withoutKeys<DeviceModelReport>(item)));
        startKey = LastEvaluatedKey;
      } while (startKey);
      return open;
    },

    async nextRequestId(tenantId, chargerId) {
      const { Attributes } = await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.deviceModelRequestCounter(tenantId, chargerId),
          UpdateExpression: 'ADD #value :one SET #type = :type',
          ExpressionAttributeNames: { '#value': 'value', '#type': 'type' },
          ExpressionAttributeValues: { ':one': 1, ':type': 'DeviceModelRequestCounter' },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return Attributes?.value as number;
    },

    async putMonitors(monitors) {
      const byKey = new Map<string, Record<string, unknown>>();
      for (const monitor of monitors) {
        const key = keys.deviceModelMonitor(monitor.tenantId, monitor.chargerId, keyOf(monitor), monitor.id);
        // `type` names the item's kind in this table: the monitor's type is `monitorType` here.
        const { type: monitorType, ...rest } = monitor;
        byKey.set(key.SK, {
          PutRequest: {
            Item: {
              ...key,
              type: 'DeviceMonitor',
              variableKey: keys.deviceModelNameFilter(monitor.variable.name),
              ...rest,
              monitorType,
            },
          },
        });
      }
      await writeAll([...byKey.values()]);
    },

    listMonitors: (tenantId, chargerId, query) =>
      listFiltered(tenantId, chargerId, query, {
        all: keys.deviceModelMonitorPrefix,
        ofComponent: keys.deviceModelMonitorComponentPrefix,
        toRecord: (item) => {
          const { monitorType, ...rest } = withoutKeys<Omit<DeviceMonitor, 'type'> & { monitorType: string }>(
            item,
          );
          return { ...rest, type: monitorType } as DeviceMonitor;
        },
      }),

    async deleteMonitorsNotOf(tenantId, chargerId, requestId) {
      const stale = await queryAll(tenantId, chargerId, keys.deviceModelMonitorPrefix, {
        FilterExpression: 'requestId <> :requestId',
        ProjectionExpression: 'PK, SK',
        ExpressionAttributeValues: { ':requestId': requestId },
      });
      await writeAll(stale.map((item) => ({ DeleteRequest: { Key: { PK: item.PK, SK: item.SK } } })));
      return stale.length;
    },

    async getMonitoringReport(tenantId, chargerId, requestId) {
      const { Item } = await db.send(
        new GetCommand({
          TableName: tableName,
          Key: keys.deviceModelMonitoringReport(tenantId, chargerId, requestId),
          ConsistentRead: true,
        }),
      );
      return Item && withoutKeys<MonitoringReport>(Item);
    },

    saveMonitoringReport: (report) =>
      putIfRevision(db, tableName, {
        ...keys.deviceModelMonitoringReport(report.tenantId, report.chargerId, report.requestId),
        type: 'MonitoringReport',
        ...report,
        ttl: Math.ceil(Date.parse(report.updatedAt) / 1000) + reportRetentionSeconds,
      }),

    async openMonitoringReports(tenantId, chargerId) {
      const items = await queryAll(tenantId, chargerId, keys.deviceModelMonitoringReportPrefix, {
        FilterExpression: '#status IN (:requested, :inProgress)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':requested': 'requested', ':inProgress': 'inProgress' },
      });
      return items.map((item) => withoutKeys<MonitoringReport>(item));
    },
  };
};
