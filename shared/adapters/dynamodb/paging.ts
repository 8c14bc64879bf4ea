import type { Page } from '../../kernel/ports.ts';
import { encodeCursor } from './cursor.ts';

/**
 * A page cut from up to `limit + 1` index items: the extra item only tells that another page exists, so the
 * last page never comes with a cursor (DynamoDB's LastEvaluatedKey would give one when exactly `limit` remain).
 * The cursor names the last item returned, with the table and GSI1 keys that `ExclusiveStartKey` needs.
 */
export const pageOf = <T>(
  items: readonly Record<string, unknown>[],
  limit: number,
  toRecord: (item: Record<string, unknown>) => T,
): Page<T> => {
  const page = items.slice(0, limit);
  const last = page.at(-1);
  const cursor =
    items.length > limit && last
      ? encodeCursor({
          PK: last.PK as string,
          SK: last.SK as string,
          GSI1PK: last.GSI1PK as string,
          GSI1SK: last.GSI1SK as string,
        })
      : undefined;
  return { items: page.map(toRecord), ...(cursor && { cursor }) };
};
