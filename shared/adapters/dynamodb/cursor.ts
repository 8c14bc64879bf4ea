import { InvalidCursorError } from '../../kernel/ports.ts';

export const encodeCursor = (lastKey: Record<string, unknown> | undefined): string | undefined =>
  lastKey ? Buffer.from(JSON.stringify(lastKey), 'utf8').toString('base64url') : undefined;

/** Decodes a cursor and checks it belongs to the expected partition, so it cannot steer into another tenant. */
export const decodeCursor = (
  cursor: string | undefined,
  partitionAttribute: string,
  partition: string,
): Record<string, string> | undefined => {
  if (cursor === undefined) return undefined;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  const valid =
    typeof decoded === 'object' &&
    decoded !== null &&
    Object.values(decoded).every((v) => typeof v === 'string') &&
    (decoded as Record<string, string>)[partitionAttribute] === partition;
  if (!valid) throw new InvalidCursorError();
  return decoded as Record<string, string>;
};
