import type { Page } from '../../kernel/ports.ts';
import { decodeCursor, encodeCursor } from '../dynamodb/cursor.ts';
import { type StoredItem, withoutKeys } from './table.ts';

/**
 * A page of items already sorted as DynamoDB would return them, with the same cursor check (the cursor must
 * name this partition) and the same rule: the last page comes without a cursor.
 */
export const memoryPage = <T>(
  sorted: readonly StoredItem[],
  query: { limit: number; cursor?: string | undefined },
  by: { partitionAttribute: 'PK' | 'GSI1PK'; partition: string; sortAttribute: 'SK' | 'GSI1SK' },
  order: 'ascending' | 'descending' = 'ascending',
  toRecord: (item: StoredItem) => T = (item) => withoutKeys<T>(item),
): Page<T> => {
  const after = decodeCursor(query.cursor, by.partitionAttribute, by.partition)?.[by.sortAttribute];
  const rest =
    after === undefined
      ? sorted
      : sorted.filter((item) => {
          const sortKey = item[by.sortAttribute] as string;
          return order === 'ascending' ? sortKey > after : sortKey < after;
        });
  const items = rest.slice(0, query.limit);
  const last = items.at(-1);
  const cursor =
    rest.length > query.limit && last
      ? encodeCursor(
          Object.fromEntries(
            ['PK', 'SK', 'GSI1PK', 'GSI1SK']
              .filter((name) => last[name] !== undefined)
              .map((name) => [name, last[name]]),
          ),
        )
      : undefined;
  return { items: items.map(toRecord), ...(cursor && { cursor }) };
};

/** Applies a partial change as the DynamoDB adapters' `patchExpression` does: `null` removes a field. */
export const patched = (item: StoredItem, fields: Readonly<Record<string, unknown>>): StoredItem => {
  const updated: Record<string, unknown> = { ...item };
  for (const [field, value] of Object.entries(fields)) {
    if (value === null) delete updated[field];
    else if (value !== undefined) updated[field] = value;
  }
  return updated as StoredItem;
};
