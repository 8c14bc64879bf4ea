import { createHash } from 'node:crypto';
import { updateRevisioned } from '../../kernel/revisioned.ts';
import type { Ocpp16Requests, Ocpp16Responses } from '../../ocpp/generated/ocpp16.ts';
import { normalizeIdToken, toOcpp16Status } from '../authorization/id-tokens.ts';
import type { IdToken } from '../authorization/model.ts';
import type { CommandReaction } from '../commands/command-reactions.ts';
import type { Dependencies } from '../dependencies.ts';
import type { LocalListSnapshot, LocalListSummary } from './model.ts';

/**
 * The local authorization list (OCPP 1.6 SendLocalList): built from the tenant's id tokens, sent in messages
 * that each stay below API Gateway's 128 KB WebSocket message limit.
 *
 * A list too large for one message goes out as a Full update with the first part, then Differential updates
 * adding the rest, each with the next version (the 1.6 way: every message is a complete step from one version
 * to the next). After any of them the charger's version tells exactly which parts it has; if the sync stops
 * part way, a later differential sync sends what is missing. (2.0.1 splits the same way by its
 * `ItemsPerMessageSendLocalList`; that is what `maxItemsPerMessage` is for, and what the 1.6 configuration key
 * `SendLocalListMaxLength` limits.)
 *
 * What the charger holds is known from the updates it accepted: the reaction to each accepted SendLocalList —
 * also one sent through the raw passthrough — applies it to a snapshot of the list (a fingerprint per entry),
 * which a differential update is computed against.
 */

export type SendLocalListRequest = Ocpp16Requests['SendLocalList'];
export type LocalListEntry = NonNullable<SendLocalListRequest['localAuthorizationList']>[number];
type IdTagInfo = NonNullable<LocalListEntry['idTagInfo']>;

/** OCPP 1.6 `idTag` and `parentIdTag` are CiString20: longer tokens cannot be in a 1.6 list. */
export const maxIdTagLength = 20;

/** The snapshot is one item of at most 400 KB (about 30 bytes per entry). */
export const maxLocalListEntries = 10_000;

/** API Gateway's WebSocket message limit: every SendLocalList frame stays at or below it. */
export const maxMessageBytes = 128 * 1024;

/** Room for the message id of the frame (ULIDs have 26 characters, UUIDs 36). */
const messageIdAllowance = 64;

/** A token as a 1.6 list entry; undefined for a token a 1.6 charger cannot hold. */
export const entryOf = (token: IdToken): LocalListEntry | undefined => {
  if (token.displayIdToken.length > maxIdTagLength) return undefined;
  return {
    idTag: token.displayIdToken,
    idTagInfo: {
      status: toOcpp16Status(token.status),
      ...(token.expiresAt && { expiryDate: token.expiresAt }),
      ...(token.groupId && token.groupId.length <= maxIdTagLength && { parentIdTag: token.groupId }),
    },
  };
};

/** The tenant's list: every id token, in token order; `skipped`: tokens longer than 1.6 allows. */
export const localListOf = async (
  deps: Pick<Dependencies, 'idTokens'>,
  tenantId: string,
): Promise<{ entries: LocalListEntry[]; skipped: string[] }> => {
  const entries: LocalListEntry[] = [];
  const skipped: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.idTokens.list(tenantId, { limit: 1000, ...(cursor && { cursor }) });
    for (const token of page.items) {
      const entry = entryOf(token);
      if (entry) entries.push(entry);
      else skipped.push(token.displayIdToken);
    }
    cursor = page.cursor;
  } while (cursor);
  return { entries, skipped };
};

/** Short hash of what the charger knows about a tag; equal fingerprints, nothing to update. */
export const fingerprintOf = (info: IdTagInfo): string =>
  createHash('sha256')
    .update(JSON.stringify([info.status, info.expiryDate ?? null, info.parentIdTag ?? null]))
    .digest('base64url')
    .slice(0, 8);

/** The entries to send for a differential update: new and changed ones, then removals (no idTagInfo). */
export const diffLocalList = (
  held: Readonly<Record<string, string>>,
  entries: readonly LocalListEntry[],
): LocalListEntry[] => {
  const wanted = new Set<string>();
  const changes: LocalListEntry[] = [];
  for (const entry of entries) {
    const key = normalizeIdToken(entry.idTag);
    wanted.add(key);
    if (entry.idTagInfo && held[key] !== fingerprintOf(entry.idTagInfo)) changes.push(entry);
  }
  const removals = Object.keys(held)
    .filter((key) => !wanted.has(key))
    .sort()
    .map((idTag) => ({ idTag }));
  return [...changes, ...removals];
};

const utf8Bytes = (value: string): number => Buffer.byteLength(value, 'utf8');

/** Bytes of a SendLocalList CALL frame without entries, for any version and message id. */
const frameOverheadBytes = utf8Bytes(
  JSON.stringify([
    2,
    'x'.repeat(messageIdAllowance),
    'SendLocalList',
    { listVersion: -(2 ** 31), localAuthorizationList: [], updateType: 'Differential' },
  ]),
);

/**
 * Splits an update into SendLocalList requests of at most `maxMessageBytes` per CALL frame (and at most
 * `maxItemsPerMessage` entries): the first of `updateType` with version `baseVersion + 1`, each further one a
 * Differential with the next version. A Full update of no entries is one message (it empties the list); a
 * Differential of none is no message at all.
 */
export const planLocalListMessages = (input: {
  updateType: 'Full' | 'Differential';
  baseVersion: number;
  items: readonly LocalListEntry[];
  maxMessageBytes?: number;
  maxItemsPerMessage?: number;
}): SendLocalListRequest[] => {
  const budget = input.maxMessageBytes ?? maxMessageBytes;
  const maxItems = Math.max(1, input.maxItemsPerMessage ?? Number.POSITIVE_INFINITY);
  const chunks: LocalListEntry[][] = [];
  let chunk: LocalListEntry[] = [];
  let bytes = frameOverheadBytes;
  for (const item of input.items) {
    const size = utf8Bytes(JSON.stringify(item));
    if (frameOverheadBytes + size > budget) throw new Error(`local list entry ${item.idTag} is too large`);
    // A comma separates it from the entry before.
    if (chunk.length > 0 && (bytes + 1 + size > budget || chunk.length >= maxItems)) {
      chunks.push(chunk);
      chunk = [];
      bytes = frameOverheadBytes;
    }
    bytes += (chunk.length > 0 ? 1 : 0) + size;
    chunk.push(item);
  }
  if (chunk.length > 0 || (chunks.length === 0 && input.updateType === 'Full')) chunks.push(chunk);
  return chunks.map((items, i) => ({
    listVersion: input.baseVersion + 1 + i,
    localAuthorizationList: items,
    updateType: i === 0 ? input.updateType : 'Differential',
  }));
};

/**
 * The snapshot after the charger accepted `request`. A Differential without a snapshot to apply it to leaves
 * the list unknown (undefined): the next sync is then a full one.
 */
export const applyLocalListUpdate = (
  current: LocalListSnapshot | undefined,
  base: { tenantId: string; chargerId: string },
  request: SendLocalListRequest,
  at: string,
): Omit<LocalListSnapshot, 'revision'> | undefined => {
  if (request.updateType === 'Differential' && !current) return undefined;
  const entries: Record<string, string> = request.updateType === 'Full' ? {} : { ...current?.entries };
  for (const item of request.localAuthorizationList ?? []) {
    const key = normalizeIdToken(item.idTag);
    if (item.idTagInfo) entries[key] = fingerprintOf(item.idTagInfo);
    else delete entries[key];
  }
  return {
    tenantId: base.tenantId,
    chargerId: base.chargerId,
    version: request.listVersion,
    entries,
    updateType: request.updateType,
    updatedAt: at,
  };
};

/** Reaction to a completed SendLocalList: an accepted update is what the charger holds now. */
export const recordLocalListUpdate: CommandReaction = async (deps, { command, response }) => {
  if ((response as unknown as Ocpp16Responses['SendLocalList']).status !== 'Accepted') return;
  const request = command.payload as unknown as SendLocalListRequest;
  const at = deps.clock.now().toISOString();
  await updateRevisioned(
    {
      load: () => deps.localLists.getSnapshot(command.tenantId, command.chargerId),
      save: (next) => deps.localLists.save(next),
    },
    (current) => applyLocalListUpdate(current, command, request, at),
  );
};

/** The snapshot without its entries. */

export const getLocalListSummary = (
  deps: Pick<Dependencies, 'localLists'>,
  input: { tenantId: string; chargerId: string },
): Promise<LocalListSummary | undefined> => deps.localLists.getSummary(input.tenantId, input.chargerId);
