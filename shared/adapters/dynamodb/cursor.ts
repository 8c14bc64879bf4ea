import { InvalidCursorError } from '../../kernel/ports.ts';

/** The key attributes of a base-table query's last evaluated key. */
export const tableKeyAttributes = ['PK', 'SK'] as const;
/** The key attributes of a GSI1 query's last evaluated key: the index key and the table key. */
export const gsi1KeyAttributes = ['PK', 'SK', 'GSI1PK', 'GSI1SK'] as const;

export const encodeCursor = (lastKey: Record<string, unknown> | undefined): string | undefined =>
  lastKey ? Buffer.from(JSON.stringify(lastKey), 'utf8').toString('base64url') : undefined;

/**
 * Decodes a cursor and checks it is one the query could have produced: exactly the query's key attributes, all
 * strings, in the expected partition (so it cannot steer into another tenant), and, for a query narrowed by a
 * sort key prefix, a sort key under that prefix. DynamoDB refuses any other start key with a ValidationException,
 * which would otherwise surface as an internal error.
 */
export const decodeCursor = (
  cursor: string | undefined,
  expected: {
    readonly attributes: readonly string[];
    readonly partition: readonly [attribute: string, value: string];
    readonly sortPrefix?: readonly [attribute: string, prefix: string] | undefined;
  },
): Record<string, string> | undefined => {
  if (cursor === undefined) return undefined;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (typeof decoded !== 'object' || decoded === null || Array.isArray(decoded))
    throw new InvalidCursorError();
  const key = decoded as Record<string, unknown>;
  const names = Object.keys(key);
  const [partitionAttribute, partition] = expected.partition;
  const valid =
    names.length === expected.attributes.length &&
    expected.attributes.every((name) => typeof key[name] === 'string' && key[name] !== '') &&
    key[partitionAttribute] === partition &&
    (!expected.sortPrefix || (key[expected.sortPrefix[0]] as string).startsWith(expected.sortPrefix[1]));
  if (!valid) throw new InvalidCursorError();
  return key as Record<string, string>;
};
