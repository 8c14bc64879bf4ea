import type { ItemKey } from '../dynamodb/keys.ts';

/** An item as the DynamoDB adapters store it: the record's fields plus the table's key attributes. */
export type StoredItem = Record<string, unknown> & { readonly PK: string; readonly SK: string };

/** Raised where the DynamoDB adapters would get a ConditionalCheckFailedException that they do not map. */
export class ConditionFailedError extends Error {
  constructor(key: ItemKey) {
    super(`condition failed for ${key.PK} / ${key.SK}`);
    this.name = 'ConditionFailedError';
  }
}

const id = (key: ItemKey): string => `${key.PK}\u0000${key.SK}`;

/**
 * The single table in memory, with the same keys as in DynamoDB (built by `keys.ts`, so the same ids are
 * refused). Items are copied in and out, as a database would, so callers cannot alias stored state.
 */
export class MemoryTable {
  readonly #items = new Map<string, StoredItem>();

  get(key: ItemKey): StoredItem | undefined {
    const item = this.#items.get(id(key));
    return item && structuredClone(item);
  }

  /** Writes the item; returns the one it replaced, like `ReturnValues: 'ALL_OLD'`. */
  put(item: StoredItem): StoredItem | undefined {
    const old = this.get(item);
    this.#items.set(id(item), structuredClone(withoutUndefined(item)));
    return old;
  }

  delete(key: ItemKey): StoredItem | undefined {
    const old = this.get(key);
    this.#items.delete(id(key));
    return old;
  }

  /** All items of a partition, sorted by sort key. */
  queryPartition(pk: string): StoredItem[] {
    return this.#sorted(
      (item) => item.PK === pk,
      (item) => item.SK,
    );
  }

  /** All items of a GSI1 partition, sorted by GSI1 sort key. */
  queryIndex(gsi1pk: string): StoredItem[] {
    return this.#sorted(
      (item) => item.GSI1PK === gsi1pk,
      (item) => item.GSI1SK as string,
    );
  }

  /** Every stored item, for assertions. */
  scan(): StoredItem[] {
    return [...this.#items.values()].map((item) => structuredClone(item));
  }

  #sorted(match: (item: StoredItem) => boolean, sortKey: (item: StoredItem) => string): StoredItem[] {
    return [...this.#items.values()]
      .filter(match)
      .sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0))
      .map((item) => structuredClone(item));
  }
}

/** `removeUndefinedValues`, as the document client is configured in the composition root. */
const withoutUndefined = (item: StoredItem): StoredItem =>
  Object.fromEntries(Object.entries(item).filter(([, value]) => value !== undefined)) as StoredItem;

/** Strips the table's key attributes from an item read back, as the DynamoDB adapters do. */
export const withoutKeys = <T>(item: Record<string, unknown>): T => {
  const { PK: _pk, SK: _sk, GSI1PK: _g1pk, GSI1SK: _g1sk, ttl: _ttl, type: _type, ...rest } = item;
  return rest as T;
};
