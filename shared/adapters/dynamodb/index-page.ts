import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Page } from '../../kernel/ports.ts';
import { withoutKeys } from './conditional.ts';
import { decodeCursor, gsi1KeyAttributes } from './cursor.ts';
import { pageOf } from './paging.ts';

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
      ExclusiveStartKey: decodeCursor(query.cursor, {
        attributes: gsi1KeyAttributes,
        partition: ['GSI1PK', partition],
      }),
    }),
  );
  return pageOf(Items, query.limit, (item) => withoutKeys<T>(item));
};
