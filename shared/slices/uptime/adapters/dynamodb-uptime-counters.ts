import { type DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../../adapters/dynamodb/keys.ts';
import { type UptimeDayCounts, uptimeCounterNames } from '../model.ts';
import type { UptimeCounters } from '../ports.ts';

const faultPrefix = 'fault_';

const countsOf = (item: Record<string, unknown>): UptimeDayCounts => {
  const faults: Record<string, number> = {};
  for (const [name, value] of Object.entries(item))
    if (name.startsWith(faultPrefix)) faults[name.slice(faultPrefix.length)] = Number(value);
  return {
    day: item.day as string,
    ...(Object.fromEntries(uptimeCounterNames.map((name) => [name, Number(item[name] ?? 0)])) as Record<
      (typeof uptimeCounterNames)[number],
      number
    >),
    faults,
  };
};

/** Error codes become attribute names: OCPP's are short identifiers (CiString50); anything else is `other`. */
const faultAttribute = (code: string) =>
  `${faultPrefix}${/^[A-Za-z0-9_.-]{1,50}$/.test(code) ? code : 'other'}`;

/**
 * A charger's day counters (`TENANT#t#UPTIME#<chargerId>` / `DAY#<day>`): ADD updates, so that the status and
 * session paths add up without a read; faults as one attribute per error code.
 */
export const createDynamoUptimeCounters = (
  db: DynamoDBDocumentClient,
  tableName: string,
): UptimeCounters => ({
  async add(tenantId, chargerId, siteId, days) {
    for (const [day, increment] of days) {
      const adds: Record<string, number> = {};
      for (const name of uptimeCounterNames) if (increment[name]) adds[name] = increment[name];
      for (const [code, count] of Object.entries(increment.faults ?? {})) {
        const name = faultAttribute(code);
        adds[name] = (adds[name] ?? 0) + count;
      }
      const names = Object.keys(adds);
      if (names.length === 0) continue;
      await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.uptimeDay(tenantId, chargerId, day),
          UpdateExpression: `SET #type = :type, #day = :day, #chargerId = :chargerId${
            siteId ? ', #siteId = :siteId' : ''
          } ADD ${names.map((_, i) => `#n${i} :v${i}`).join(', ')}`,
          ExpressionAttributeNames: {
            '#type': 'type',
            '#day': 'day',
            '#chargerId': 'chargerId',
            ...(siteId && { '#siteId': 'siteId' }),
            ...Object.fromEntries(names.map((name, i) => [`#n${i}`, name])),
          },
          ExpressionAttributeValues: {
            ':type': 'UptimeDay',
            ':day': day,
            ':chargerId': chargerId,
            ...(siteId && { ':siteId': siteId }),
            ...Object.fromEntries(names.map((name, i) => [`:v${i}`, adds[name]])),
          },
        }),
      );
    }
  },

  async listMonth(tenantId, chargerId, month) {
    const days: UptimeDayCounts[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await db.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :month)',
          ExpressionAttributeValues: {
            ':pk': keys.uptimePartition(tenantId, chargerId),
            ':month': `${keys.uptimeDayPrefix}${month}-`,
          },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) days.push(countsOf(item));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return days;
  },
});
