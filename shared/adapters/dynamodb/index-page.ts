import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Page } from '../../domain/ports.ts';
import { withoutKeys } from './conditional.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';

/**
 * One page of a GSI1 partition, in sort key order. It reads one item more than it returns, so that the last page
 * comes without a cursor; the cursor names the last item returned and works only for the same partition.
 */
export const queryIndexPage = async <T>(
  db: DynamoDBDocumentClient,
  tableName: string,
  partition: string,
  query: { limit: number; cursor?: string | undefined },
): Promise<Page<T>> => {
  const { Items = [] } = await db.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': partition },
      Limit: query.limit + 1,
      ExclusiveStartKey: decodeCursor(query.cursor, 'GSI1PK', partition),
    }),
  );
  const items = Items.slice(0, query.limit);
  const last = items.at(-1);
  const cursor =
    Items.length > query.limit && last
      ? encodeCursor({ PK: last.PK, SK: last.SK, GSI1PK: last.GSI1PK, GSI1SK: last.GSI1SK })
      : undefined;
  return { items: items.map((item) => withoutKeys<T>(item)), ...(cursor && { cursor }) };
};
