import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { whenConditionHolds, withoutKeys } from '../../../adapters/dynamodb/conditional.ts';
import { decodeCursor, encodeCursor, gsi1KeyAttributes } from '../../../adapters/dynamodb/cursor.ts';
import { keys } from '../../../adapters/dynamodb/keys.ts';
import { pageOf } from '../../../adapters/dynamodb/paging.ts';
import type { Incident } from '../model.ts';
import type { IncidentQuery, IncidentRepository } from '../ports.ts';

/** A filtered listing reads at most this many batches before it answers a shorter page with a cursor. */
const maxFilteredReads = 8;
const filteredBatch = 250;

const filterOf = (query: IncidentQuery) => {
  const conditions: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const equal = (field: 'chargerId' | 'siteId' | 'status', value: string | undefined) => {
    if (value === undefined) return;
    conditions.push(`#${field} = :${field}`);
    names[`#${field}`] = field;
    values[`:${field}`] = value;
  };
  equal('chargerId', query.chargerId);
  equal('siteId', query.siteId);
  equal('status', query.status);
  // Incidents stored before kinds have none: they are `faulted` ones.
  if (query.kind === 'faulted') {
    conditions.push('(attribute_not_exists(#kind) OR #kind = :kind)');
    names['#kind'] = 'kind';
    values[':kind'] = 'faulted';
  } else if (query.kind) {
    conditions.push('#kind = :kind');
    names['#kind'] = 'kind';
    values[':kind'] = query.kind;
  }
  if (query.siteIds) {
    const placeholders = query.siteIds.map((siteId, i) => {
      values[`:site${i}`] = siteId;
      return `:site${i}`;
    });
    conditions.push(`#siteId IN (${placeholders.join(', ')})`);
    names['#siteId'] = 'siteId';
  }
  return conditions.length === 0
    ? undefined
    : { FilterExpression: conditions.join(' AND '), ExpressionAttributeNames: names, values };
};

const incidentOf = (item: Record<string, unknown>): Incident =>
  withoutKeys<Incident>({ kind: 'faulted', ...item });

/** An incident in a partition of its own, listed through GSI1 by opening time (one index partition per tenant). */
export const createDynamoIncidentRepository = (
  db: DynamoDBDocumentClient,
  tableName: string,
): IncidentRepository => ({
  open: (incident) =>
    whenConditionHolds(() =>
      db.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...keys.incident(incident.tenantId, incident.incidentId),
            ...keys.incidentIndex(incident.tenantId, incident.openedAt, incident.incidentId),
            type: 'Incident',
            ...incident,
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      ),
    ),

  async get(tenantId, incidentId) {
    const { Item } = await db.send(
      new GetCommand({
        TableName: tableName,
        Key: keys.incident(tenantId, incidentId),
        ConsistentRead: true,
      }),
    );
    return Item && incidentOf(Item);
  },

  async list(tenantId, query) {
    if (query.siteIds?.length === 0) return { items: [] };
    const partition = keys.incidentIndexPartition(tenantId);
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
    if (items.length >= wanted || !startKey) return pageOf(items, query.limit, incidentOf);
    const cursor = encodeCursor(startKey);
    return { items: items.map(incidentOf), ...(cursor && { cursor }) };
  },

  async resolve(tenantId, incidentId, resolution) {
    const changed = await whenConditionHolds(() =>
      db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.incident(tenantId, incidentId),
          UpdateExpression: `SET #status = :resolved, resolvedAt = :at, resolvedBy = :by${resolution.note !== undefined ? ', note = :note' : ''}`,
          ConditionExpression: 'attribute_exists(PK) AND #status = :open',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':resolved': 'resolved',
            ':open': 'open',
            ':at': resolution.resolvedAt,
            ':by': resolution.resolvedBy,
            ...(resolution.note !== undefined && { ':note': resolution.note }),
          },
        }),
      ),
    );
    const { Item } = await db.send(
      new GetCommand({
        TableName: tableName,
        Key: keys.incident(tenantId, incidentId),
        ConsistentRead: true,
      }),
    );
    return Item && { incident: incidentOf(Item), changed };
  },
});
