import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import type { Cdr } from '../ports.ts';

/*
 * CDRs are kept as long as their sessions, twice (the item and its copy in the listing index, which projects
 * every attribute), and read rarely: their bulky parts (charging periods, the tariffs, the cost lines) are
 * stored brotli-compressed, about a third of their JSON size. What identifies and lists a CDR stays plain.
 */

/** Quality 9 of 11: within a few percent of the best ratio on CDR-sized JSON, at a fraction of the CPU. */
const compressOptions = { params: { [constants.BROTLI_PARAM_QUALITY]: 9 } };

const compress = (value: unknown): Uint8Array =>
  brotliCompressSync(Buffer.from(JSON.stringify(value)), compressOptions);

const decompress = (body: Uint8Array): unknown => JSON.parse(brotliDecompressSync(body).toString('utf8'));

/** The attributes of a stored CDR: its identity in plain attributes, everything else in `body`. */
export const packCdr = (cdr: Cdr) => {
  const { id, tenantId, session_id, sessionVersion, credit, last_updated, ...rest } = cdr;
  return { id, tenantId, session_id, sessionVersion, credit, last_updated, body: compress(rest) };
};

/** A stored CDR as the ports carry it; a CDR stored before compression (no `body`) as it is. */
export const unpackCdr = (attributes: Record<string, unknown>): Cdr => {
  const { body, ...plain } = attributes;
  if (!(body instanceof Uint8Array)) return plain as unknown as Cdr;
  return { ...(decompress(body) as object), ...plain } as unknown as Cdr;
};

/** A list of CDRs (a claim's pending ones on the ledger) as one compressed attribute. */
export const packCdrs = (cdrs: readonly Cdr[]): Uint8Array => compress(cdrs);

export const unpackCdrs = (stored: unknown): readonly Cdr[] | undefined =>
  stored === undefined
    ? undefined
    : stored instanceof Uint8Array
      ? (decompress(stored) as Cdr[])
      : (stored as Cdr[]);
