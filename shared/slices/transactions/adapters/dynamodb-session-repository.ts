import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { whenConditionHolds, withoutKeys } from '../../../adapters/dynamodb/conditional.ts';
import { decodeCursor, encodeCursor, gsi1KeyAttributes } from '../../../adapters/dynamodb/cursor.ts';
import { keys } from '../../../adapters/dynamodb/keys.ts';
import { pageOf } from '../../../adapters/dynamodb/paging.ts';
import { putIfRevision } from '../../../adapters/dynamodb/revision.ts';
import { type Clock, InvalidCursorError } from '../../../kernel/ports.ts';
import type { Session, SessionMeterValue } from '../model.ts';
import type { SessionQuery, SessionRepository } from '../ports.ts';

/** Raw meter values expire (DynamoDB TTL) `seconds` after the clock's now when stored; absent: kept. */
export interface MeterValueRetention {
  readonly seconds: number;
  readonly clock: Clock;
}

/** A stored session; one stored before sessions had versions is at its first. */
const sessionOf = (item: Record<string, unknown>): Session => {
  const session = withoutKeys<Session>(item);
  return { ...session, version: session.version ?? 1 };
};

/**
 * A filtered listing reads index pages until it has a full page; to bound the cost of one request it stops
 * after this many reads of `filteredBatch` items and answers a shorter page with a cursor.
 */
const maxFilteredReads = 8;
const filteredBatch = 250;

/** FilterExpression parts for the optional filters; the index itself is sorted by start time only. */
const filterOf = (query: SessionQuery) => {
  const conditions: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  if (query.chargerId) {
    conditions.push('#chargerId = :chargerId');
    names['#chargerId'] = 'chargerId';
    values[':chargerId'] = query.chargerId;
  }
  if (query.status) {
    conditions.push('#status = :status');
    names['#status'] = 'status';
    values[':status'] = query.status;
  }
  if (query.siteIds) {
    const placeholders = query.siteIds.map((siteId, i) => {
      values[`:site${i}`] = siteId;
      return `:site${i}`;
    });
    conditions.push(`#siteId IN (${placeholders.join(', ')})`);
    names['#siteId'] = 'siteId';
  }
  if (query.idTokens) {
    const placeholders = query.idTokens.map((idToken, i) => {
      values[`:token${i}`] = idToken;
      return `:token${i}`;
    });
    conditions.push(`#idToken IN (${placeholders.join(', ')})`);
    names['#idToken'] = 'idToken';
  }
  return conditions.length === 0
    ? undefined
    : {
        FilterExpression: conditions.join(' AND '),
        ExpressionAttributeNames: names,
        values,
      };
};

export const createDynamoSessionRepository = (
  db: DynamoDBDocumentClient,
  tableName: string,
  meterValueRetention?: MeterValueRetention,
): SessionRepository => {
  const readSessionId = async (key: ReturnType<typeof keys.chargerTransaction>) => {
    const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
    return Item?.sessionId as string | undefined;
  };

  return {
    async resolveSessionId(tenantId, chargerId, chargerTransactionId, candidate) {
      const key = keys.chargerTransaction(tenantId, chargerId, chargerTransactionId);
      const stored = await readSessionId(key);
      if (stored) return stored;
      const created = await whenConditionHolds(() =>
        db.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...key,
              type: 'ChargerTransaction',
              tenantId,
              chargerId,
              chargerTransactionId,
              sessionId: candidate,
            },
            ConditionExpression: 'attribute_not_exists(PK)',
          }),
        ),
      );
      if (created) return candidate;
      // Another call was first between our read and our write: its id is the one.
      const winner = await readSessionId(key);
      if (!winner) throw new Error(`session id of charger transaction ${chargerTransactionId} vanished`);
      return winner;
    },

    findSessionId: (tenantId, chargerId, chargerTransactionId) =>
      readSessionId(keys.chargerTransaction(tenantId, chargerId, chargerTransactionId)),

    async get(tenantId, sessionId) {
      const { Item } = await db.send(
        new GetCommand({
          TableName: tableName,
          Key: keys.session(tenantId, sessionId),
          ConsistentRead: true,
        }),
      );
      return Item && sessionOf(Item);
    },

    async save(session) {
      const saved = await putIfRevision(db, tableName, {
        ...keys.session(session.tenantId, session.sessionId),
        ...keys.sessionIndex(session.tenantId, session.startedAt, session.sessionId),
        type: 'Session',
        ...session,
      });
      // The fleet's index entry, at each save: a repeat is the same small item, and a start time that moved
      // moves it (a save lost before it is made good by the session's next one).
      if (saved && session.fleetId !== undefined) {
        await db.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...keys.fleetSession(session.tenantId, session.sessionId),
              ...keys.fleetSessionIndex(
                session.tenantId,
                session.fleetId,
                session.startedAt,
                session.sessionId,
              ),
              type: 'FleetSession',
              sessionId: session.sessionId,
              fleetId: session.fleetId,
              startedAt: session.startedAt,
            },
          }),
        );
      }
      return saved;
    },

    async recordMeterValues(tenantId, sessionId, values) {
      // Counted from when they are stored, not from the charger's timestamps (a wrong clock must not expire them).
      const ttl =
        meterValueRetention &&
        Math.ceil(meterValueRetention.clock.now().getTime() / 1000) + meterValueRetention.seconds;
      await Promise.all(
        values.map((value) =>
          // Conditional: a repeated event must not even touch what is stored.
          whenConditionHolds(() =>
            db.send(
              new PutCommand({
                TableName: tableName,
                Item: {
                  ...keys.meterValue(tenantId, sessionId, value.at, value.seqNo),
                  type: 'MeterValue',
                  ...value,
                  ...(ttl !== undefined && { ttl }),
                },
                ConditionExpression: 'attribute_not_exists(PK)',
              }),
            ),
          ),
        ),
      );
    },

    async getWithMeterValues(tenantId, sessionId) {
      const items: Record<string, unknown>[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await db.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'PK = :pk',
            ExpressionAttributeValues: { ':pk': keys.session(tenantId, sessionId).PK },
            ConsistentRead: true,
            ExclusiveStartKey: startKey,
          }),
        );
        items.push(...(page.Items ?? []));
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      const session = items.find((item) => item.SK === 'TX');
      if (!session) return undefined;
      return {
        session: sessionOf(session),
        // Sort keys order them by time, then seqNo.
        meterValues: items
          .filter((item) => (item.SK as string).startsWith(keys.meterValuePrefix))
          .map((item) => withoutKeys<SessionMeterValue>(item)),
      };
    },

    async latestMeterValues(tenantId, sessionId, limit) {
      const { Items } = await db.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :mv)',
          ExpressionAttributeValues: {
            ':pk': keys.session(tenantId, sessionId).PK,
            ':mv': keys.meterValuePrefix,
          },
          ScanIndexForward: false,
          Limit: limit,
        }),
      );
      return (Items ?? []).map((item) => withoutKeys<SessionMeterValue>(item));
    },

    async listByFleet(tenantId, fleetId, query) {
      const partition = keys.fleetSessionIndexPartition(tenantId, fleetId);
      // Index sort keys are `<startedAt>#<sessionId>`: one starting at exactly `to` sorts after `to`, so BETWEEN
      // leaves it out, and `to` is exclusive as promised.
      const range =
        query.from !== undefined && query.to !== undefined
          ? ' AND GSI1SK BETWEEN :from AND :to'
          : query.from !== undefined
            ? ' AND GSI1SK >= :from'
            : query.to !== undefined
              ? ' AND GSI1SK < :to'
              : '';
      const startKey = decodeCursor(query.cursor, {
        attributes: gsi1KeyAttributes,
        partition: ['GSI1PK', partition],
      });
      // A start key outside the range is one this query never gave (DynamoDB would refuse it).
      const sortKey = startKey?.GSI1SK;
      if (
        sortKey !== undefined &&
        ((query.from !== undefined && sortKey < query.from) ||
          (query.to !== undefined && sortKey >= query.to))
      )
        throw new InvalidCursorError();
      const { Items = [] } = await db.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'GSI1',
          KeyConditionExpression: `GSI1PK = :pk${range}`,
          ExpressionAttributeValues: {
            ':pk': partition,
            ...(query.from !== undefined && { ':from': query.from }),
            ...(query.to !== undefined && { ':to': query.to }),
          },
          ScanIndexForward: false,
          Limit: query.limit + 1,
          ExclusiveStartKey: startKey,
        }),
      );
      const page = pageOf(Items, query.limit, (item) => item.sessionId as string);
      const sessions = await Promise.all(
        page.items.map(async (sessionId) => {
          const { Item } = await db.send(
            new GetCommand({
              TableName: tableName,
              Key: keys.session(tenantId, sessionId),
              ConsistentRead: true,
            }),
          );
          return Item && sessionOf(Item);
        }),
      );
      return {
        items: sessions.filter((session): session is Session => session?.fleetId === fleetId),
        ...(page.cursor && { cursor: page.cursor }),
      };
    },

    async list(tenantId, query) {
      if (query.siteIds?.length === 0 || query.idTokens?.length === 0) return { items: [] };
      const partition = keys.sessionIndexPartition(tenantId);
      const filter = filterOf(query);
      const wanted = query.limit + 1;
      const items: Record<string, unknown>[] = [];
      let startKey: Record<string, unknown> | undefined = decodeCursor(query.cursor, {
        attributes: gsi1KeyAttributes,
        partition: ['GSI1PK', partition],
      });
      for (let read = 0; read < (filter ? maxFilteredReads : 1); read += 1) {
        const input: QueryCommandInput = {
          TableName: tableName,
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :pk',
          ExpressionAttributeValues: { ':pk': partition, ...filter?.values },
          ...(filter && {
            FilterExpression: filter.FilterExpression,
            ExpressionAttributeNames: filter.ExpressionAttributeNames,
          }),
          ScanIndexForward: false,
          // Limit counts items read before the filter applies.
          Limit: filter ? filteredBatch : wanted,
          ExclusiveStartKey: startKey,
        };
        const page = await db.send(new QueryCommand(input));
        items.push(...(page.Items ?? []));
        startKey = page.LastEvaluatedKey;
        if (items.length >= wanted || !startKey) break;
      }
      if (items.length >= wanted || !startKey) {
        return pageOf(items, query.limit, sessionOf);
      }
      // Read budget spent before the page filled: a short page, continuing where the reading stopped.
      const cursor = encodeCursor(startKey);
      return { items: items.map(sessionOf), ...(cursor && { cursor }) };
    },
  };
};
