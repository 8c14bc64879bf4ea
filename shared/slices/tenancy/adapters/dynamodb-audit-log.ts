import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { withoutKeys } from '../../../adapters/dynamodb/conditional.ts';
import { decodeCursor, encodeCursor, tableKeyAttributes } from '../../../adapters/dynamodb/cursor.ts';
import { keys } from '../../../adapters/dynamodb/keys.ts';
import type { AuditEntry } from '../model.ts';
import type { AuditLog } from '../ports.ts';

/** One partition per tenant and month (`TENANT#t#AUDIT#yyyy-mm`), sorted by time. */
export const createDynamoAuditLog = (db: DynamoDBDocumentClient, tableName: string): AuditLog => ({
  async record(entry) {
    await db.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...keys.auditEntry(entry.tenantId, entry.at, entry.entryId), type: 'AuditEntry', ...entry },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  },

  async list(tenantId, query) {
    const partition = keys.auditPartition(tenantId, query.month);
    const { Items = [] } = await db.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': partition },
        ScanIndexForward: false,
        // One more than asked for: the last page then comes without a cursor.
        Limit: query.limit + 1,
        ExclusiveStartKey: decodeCursor(query.cursor, {
          attributes: tableKeyAttributes,
          partition: ['PK', partition],
        }),
      }),
    );
    const items = Items.slice(0, query.limit);
    const last = items.at(-1);
    const cursor =
      Items.length > query.limit && last ? encodeCursor({ PK: last.PK, SK: last.SK }) : undefined;
    return { items: items.map((item) => withoutKeys<AuditEntry>(item)), ...(cursor && { cursor }) };
  },
});
