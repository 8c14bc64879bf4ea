import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { whenConditionHolds } from '../../../adapters/dynamodb/conditional.ts';
import { keys } from '../../../adapters/dynamodb/keys.ts';
import { type CohortDayCounts, cohortCounterNames } from '../model.ts';
import type { CohortCounters, SessionImportRegistry } from '../ports.ts';

/** External ids of imported sessions, an item each (`TENANT#t#TXIMPORT#<id>`), written once. */
export const createDynamoSessionImportRegistry = (
  db: DynamoDBDocumentClient,
  tableName: string,
): SessionImportRegistry => ({
  async resolve(tenantId, externalId, candidate) {
    const key = keys.sessionImport(tenantId, externalId);
    const read = async () => {
      const { Item } = await db.send(
        new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }),
      );
      return Item?.sessionId as string | undefined;
    };
    const stored = await read();
    if (stored) return stored;
    const claimed = await whenConditionHolds(() =>
      db.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...key, type: 'SessionImport', externalId, sessionId: candidate },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      ),
    );
    if (claimed) return candidate;
    const winner = await read();
    if (!winner) throw new Error(`session import ${externalId} vanished`);
    return winner;
  },
});

const billedSessionsPrefix = 'billedSessions_';
const billedTotalPrefix = 'billedTotal_';

const countsOf = (item: Record<string, unknown>): CohortDayCounts => {
  const billed: Record<string, { sessions: number; totalInclVat: number }> = {};
  for (const [name, value] of Object.entries(item)) {
    if (!name.startsWith(billedSessionsPrefix)) continue;
    const currency = name.slice(billedSessionsPrefix.length);
    billed[currency] = {
      sessions: Number(value),
      totalInclVat: Number(item[`${billedTotalPrefix}${currency}`] ?? 0),
    };
  }
  return {
    day: item.day as string,
    ...(Object.fromEntries(cohortCounterNames.map((name) => [name, Number(item[name] ?? 0)])) as Record<
      (typeof cohortCounterNames)[number],
      number
    >),
    billed,
  };
};

/**
 * A cohort's day counters (`TENANT#t#COHORT#<cohort>` / `DAY#<day>`): ADD updates, so that concurrent paths add
 * up without a read; billed totals as one attribute pair per currency.
 */
export const createDynamoCohortCounters = (
  db: DynamoDBDocumentClient,
  tableName: string,
): CohortCounters => ({
  async add(tenantId, cohort, day, increment) {
    const adds: Record<string, number> = {};
    for (const name of cohortCounterNames) if (increment[name]) adds[name] = increment[name];
    if (increment.billed && /^[A-Z]{3}$/.test(increment.billed.currency)) {
      adds[`${billedSessionsPrefix}${increment.billed.currency}`] = increment.billed.sessions;
      adds[`${billedTotalPrefix}${increment.billed.currency}`] = increment.billed.totalInclVat;
    }
    const names = Object.keys(adds);
    if (names.length === 0) return;
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.cohortDay(tenantId, cohort, day),
        UpdateExpression: `SET #type = :type, #day = :day, #cohort = :cohort ADD ${names
          .map((_, i) => `#n${i} :v${i}`)
          .join(', ')}`,
        ExpressionAttributeNames: {
          '#type': 'type',
          '#day': 'day',
          '#cohort': 'cohort',
          ...Object.fromEntries(names.map((name, i) => [`#n${i}`, name])),
        },
        ExpressionAttributeValues: {
          ':type': 'CohortDay',
          ':day': day,
          ':cohort': cohort,
          ...Object.fromEntries(names.map((name, i) => [`:v${i}`, adds[name]])),
        },
      }),
    );
  },

  async exists(tenantId, cohort) {
    const { Items } = await db.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.cohortPartition(tenantId, cohort) },
        ProjectionExpression: 'PK',
        Limit: 1,
      }),
    );
    return (Items ?? []).length > 0;
  },

  async list(tenantId, cohort, from, to) {
    const days: CohortDayCounts[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await db.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
          ExpressionAttributeValues: {
            ':pk': keys.cohortPartition(tenantId, cohort),
            ':from': keys.cohortDay(tenantId, cohort, from).SK,
            ':to': keys.cohortDay(tenantId, cohort, to).SK,
          },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) days.push(countsOf(item));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return days;
  },
});
