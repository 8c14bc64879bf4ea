import type { MemoryTable, StoredItem } from './table.ts';

/** Puts the item if the stored one has `revision - 1` (revision 1: if there is none), as the DynamoDB adapters do. */
export const putIfRevision = (
  table: MemoryTable,
  item: StoredItem & { readonly revision: number },
): boolean => {
  const stored = table.get(item);
  const expected = item.revision === 1 ? stored === undefined : stored?.revision === item.revision - 1;
  if (!expected) return false;
  table.put(item);
  return true;
};
