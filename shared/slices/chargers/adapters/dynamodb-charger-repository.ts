import {
  BatchGetCommand,
  type BatchGetCommandInput,
  type BatchGetCommandOutput,
  DeleteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { whenConditionHolds, withoutKeys } from '../../../adapters/dynamodb/conditional.ts';
import { decodeCursor, encodeCursor, gsi1KeyAttributes } from '../../../adapters/dynamodb/cursor.ts';
import { keys } from '../../../adapters/dynamodb/keys.ts';
import { patchExpression } from '../../../adapters/dynamodb/update-expression.ts';
import type { Page } from '../../../kernel/ports.ts';
import type { Tenant } from '../../tenancy/model.ts';
import type { Charger, ChargerView, Connection, ConnectorStatus } from '../model.ts';
import { chargerFieldsFromBoot } from '../model.ts';
import type { ChargerRepository } from '../ports.ts';

/** Builds a charger view from the items of its view range: `CS`, `CONN` and `EVSE#…` items. */
const toView = (items: readonly Record<string, unknown>[], now: Date): ChargerView | undefined => {
  let charger: Charger | undefined;
  let connection: Connection | undefined;
  const connectors: ConnectorStatus[] = [];
  let lastSeenAt: string | undefined;
  for (const item of items) {
    const sk = item.SK as string;
    if (sk === 'CS') charger = withoutKeys<Charger>(item);
    else if (sk === keys.chargerLastSeenSortKey) lastSeenAt = item.lastSeenAt as string;
    // DynamoDB deletes expired items late: an expired connection is a dead one.
    else if (sk === 'CONN' && typeof item.ttl === 'number' && item.ttl * 1000 > now.getTime()) {
      connection = withoutKeys<Connection>(item);
    } else if (sk.startsWith(keys.connectorPrefix)) connectors.push(withoutKeys<ConnectorStatus>(item));
  }
  if (!charger) return undefined;
  connectors.sort((a, b) => a.evseId - b.evseId || a.connectorId - b.connectorId);
  // Charger records written before the last-seen item kept the time on themselves: the later of the two.
  if (lastSeenAt && !(charger.lastSeenAt && charger.lastSeenAt > lastSeenAt))
    charger = { ...charger, lastSeenAt };
  return { charger, ...(connection && { connection }), connectors };
};

/** SET for present fields, REMOVE for absent ones, so a field a new boot no longer reports disappears. */
const setOrRemove = (fields: Record<string, unknown>) => {
  const set: string[] = [];
  const remove: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(fields)) {
    names[`#${field}`] = field;
    if (value === undefined) remove.push(`#${field}`);
    else {
      set.push(`#${field} = :${field}`);
      values[`:${field}`] = value;
    }
  }
  const expression = `SET ${set.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`;
  return { UpdateExpression: expression, ExpressionAttributeNames: names, ExpressionAttributeValues: values };
};

export const createDynamoChargerRepository = (
  db: DynamoDBDocumentClient,
  tableName: string,
): ChargerRepository => {
  /** Every item of the charger partition, or only those of its view range. */
  const queryPartition = async (
    tenantId: string,
    chargerId: string,
    range?: { readonly from: string; readonly to: string },
  ): Promise<Record<string, unknown>[]> => {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await db.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: range ? 'PK = :pk AND SK BETWEEN :from AND :to' : 'PK = :pk',
          ExpressionAttributeValues: {
            ':pk': keys.chargerPartition(tenantId, chargerId),
            ...(range && { ':from': range.from, ':to': range.to }),
          },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items;
  };
  const queryView = (tenantId: string, chargerId: string) =>
    queryPartition(tenantId, chargerId, keys.chargerViewRange);

  return {
    async create(charger) {
      const created = await whenConditionHolds(() =>
        db.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...keys.charger(charger.tenantId, charger.chargerId),
              ...keys.chargerIndex(charger.tenantId, charger.chargerId, charger.siteId),
              type: 'Charger',
              ...charger,
            },
            ConditionExpression: 'attribute_not_exists(PK)',
          }),
        ),
      );
      // A disconnect that raced a deletion of an earlier charger of this id may have left its last-seen item.
      if (created)
        await db.send(
          new DeleteCommand({
            TableName: tableName,
            Key: keys.chargerLastSeen(charger.tenantId, charger.chargerId),
          }),
        );
      return created;
    },

    async getWithTenant(tenantId, chargerId) {
      const tenantKey = keys.tenant(tenantId);
      const chargerKey = keys.charger(tenantId, chargerId);
      let request: BatchGetCommandInput['RequestItems'] = {
        [tableName]: { Keys: [tenantKey, chargerKey] },
      };
      const found: Record<string, unknown>[] = [];
      // BatchGet may leave keys unprocessed under throttling; two keys settle within a few rounds.
      for (let attempt = 0; request && attempt < 5; attempt += 1) {
        const result: BatchGetCommandOutput = await db.send(new BatchGetCommand({ RequestItems: request }));
        found.push(...(result.Responses?.[tableName] ?? []));
        request = result.UnprocessedKeys?.[tableName]?.Keys?.length ? result.UnprocessedKeys : undefined;
      }
      if (request) throw new Error('BatchGet left keys unprocessed after retries');
      const tenant = found.find((item) => item.PK === tenantKey.PK && item.SK === tenantKey.SK);
      const charger = found.find((item) => item.PK === chargerKey.PK && item.SK === chargerKey.SK);
      return {
        ...(tenant && { tenant: withoutKeys<Tenant>(tenant) }),
        ...(charger && { charger: withoutKeys<Charger>(charger) }),
      };
    },

    getView: async (tenantId, chargerId, now) => toView(await queryView(tenantId, chargerId), now),

    async list(tenantId, query, now): Promise<Page<ChargerView>> {
      const partition = keys.chargerIndexPartition(tenantId);
      if (query.siteIds?.length === 0) return { items: [] };
      // Filtered after `Limit` is applied: a page of a site-limited key may hold fewer items, never other sites'.
      const sites = query.siteIds?.map((siteId, i) => [`:s${i}`, siteId] as const);
      const page = await db.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'GSI1',
          KeyConditionExpression: query.siteId
            ? 'GSI1PK = :pk AND begins_with(GSI1SK, :site)'
            : 'GSI1PK = :pk',
          ExpressionAttributeValues: {
            ':pk': partition,
            ...(query.siteId && { ':site': keys.siteIndexPrefix(query.siteId) }),
            ...(sites && Object.fromEntries(sites)),
          },
          ...(sites && { FilterExpression: `siteId IN (${sites.map(([name]) => name).join(', ')})` }),
          Limit: query.limit,
          ExclusiveStartKey: decodeCursor(query.cursor, {
            attributes: gsi1KeyAttributes,
            partition: ['GSI1PK', partition],
            sortPrefix: query.siteId ? ['GSI1SK', keys.siteIndexPrefix(query.siteId)] : undefined,
          }),
        }),
      );
      const views = await Promise.all(
        (page.Items ?? []).map(async (item) =>
          toView(await queryView(tenantId, item.chargerId as string), now),
        ),
      );
      const cursor = encodeCursor(page.LastEvaluatedKey);
      return { items: views.filter((view) => view !== undefined), ...(cursor && { cursor }) };
    },

    async update(tenantId, chargerId, changes, change) {
      const { siteId, ...fields } = changes;
      let updated: Charger | undefined;
      await whenConditionHolds(async () => {
        const { Attributes } = await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.charger(tenantId, chargerId),
            ...patchExpression({
              ...fields,
              siteId,
              // A new site moves the charger in the listing index, whose sort key starts with the site.
              ...(siteId !== undefined && {
                GSI1SK: keys.chargerIndex(tenantId, chargerId, siteId ?? undefined).GSI1SK,
              }),
              updatedAt: change.at,
              updatedBy: change.actor,
            }),
            ConditionExpression: 'attribute_exists(PK)',
            ReturnValues: 'ALL_NEW',
          }),
        );
        updated = Attributes && withoutKeys<Charger>(Attributes);
      });
      return updated;
    },

    setPassword: (tenantId, chargerId, passwordHash, change) =>
      whenConditionHolds(() =>
        db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.charger(tenantId, chargerId),
            UpdateExpression: 'SET passwordHash = :hash, updatedAt = :at, updatedBy = :actor',
            ConditionExpression: 'attribute_exists(PK)',
            ExpressionAttributeValues: { ':hash': passwordHash, ':at': change.at, ':actor': change.actor },
          }),
        ),
      ),

    async delete(tenantId, chargerId) {
      const chargerKey = keys.charger(tenantId, chargerId);
      const deleted = await whenConditionHolds(() =>
        db.send(
          new DeleteCommand({
            TableName: tableName,
            Key: chargerKey,
            ConditionExpression: 'attribute_exists(PK)',
          }),
        ),
      );
      if (!deleted) return false;
      // The rest of the partition (connection, connector states, pending call) and the small state items kept
      // apart. Reservations stay (their ids must never be reused), and so do the local list entries, as ever.
      const rest = await queryPartition(tenantId, chargerId);
      const apart = [
        keys.chargerConfiguration(tenantId, chargerId),
        keys.firmwareStatus(tenantId, chargerId),
        keys.diagnosticsStatus(tenantId, chargerId),
        keys.localList(tenantId, chargerId),
      ];
      await Promise.all(
        [...rest.map((item) => ({ PK: item.PK as string, SK: item.SK as string })), ...apart].map((key) =>
          db.send(new DeleteCommand({ TableName: tableName, Key: key })),
        ),
      );
      return true;
    },

    async recordBoot(tenantId, chargerId, boot) {
      let stored: Pick<Charger, 'siteId' | 'failSafeLimitA' | 'phases'> = {};
      const updated = await whenConditionHolds(async () => {
        const { Attributes } = await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.charger(tenantId, chargerId),
            ...setOrRemove(chargerFieldsFromBoot(chargerId, boot)),
            ConditionExpression: 'attribute_exists(PK)',
            ReturnValues: 'ALL_NEW',
          }),
        );
        const { siteId, failSafeLimitA, phases } = (Attributes ?? {}) as Partial<Charger>;
        stored = {
          ...(siteId !== undefined && { siteId }),
          ...(failSafeLimitA !== undefined && { failSafeLimitA }),
          ...(phases !== undefined && { phases }),
        };
      });
      if (!updated) return undefined;
      return stored;
    },

    async recordConnectorStatus(tenantId, chargerId, status, latestValidAt) {
      const key = keys.connector(tenantId, chargerId, status.evseId, status.connectorId);
      let previousStatus: string | undefined;
      let previousStatusAt: string | undefined;
      let previousUptimeFrom: string | undefined;
      const update = setOrRemove({
        type: 'ConnectorStatus',
        evseId: status.evseId,
        connectorId: status.connectorId,
        status: status.status,
        errorCode: status.errorCode,
        info: status.info,
        statusAt: status.statusAt,
        uptimeFrom: status.uptimeFrom,
      });
      const stored = await whenConditionHolds(async () => {
        const { Attributes } = await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: key,
            ...update,
            // Messages queued while offline arrive late: an older status must not overwrite a newer one. A stored
            // time beyond what a charger may claim (written before times were bounded) is no newer one.
            ConditionExpression: `attribute_not_exists(statusAt) OR statusAt <= :statusAt${
              latestValidAt === undefined ? '' : ' OR statusAt > :latestValidAt'
            }`,
            ...(latestValidAt !== undefined && {
              ExpressionAttributeValues: {
                ...update.ExpressionAttributeValues,
                ':latestValidAt': latestValidAt,
              },
            }),
            ReturnValues: 'ALL_OLD',
          }),
        );
        previousStatus = Attributes?.status as string | undefined;
        previousStatusAt = Attributes?.statusAt as string | undefined;
        previousUptimeFrom = Attributes?.uptimeFrom as string | undefined;
      });
      return {
        stored,
        ...(previousStatus && { previousStatus }),
        ...(previousStatusAt && { previousStatusAt }),
        ...(previousUptimeFrom && { previousUptimeFrom }),
      };
    },
  };
};
