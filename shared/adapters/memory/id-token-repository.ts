import type { Page } from '../../kernel/ports.ts';
import type { IdToken } from '../../slices/authorization/model.ts';
import type { IdTokenRepository } from '../../slices/authorization/ports.ts';
import { decodeCursor } from '../dynamodb/cursor.ts';
import { keys } from '../dynamodb/keys.ts';
import { pageOf } from '../dynamodb/paging.ts';
import { type MemoryTable, withoutKeys } from './table.ts';

export const createMemoryIdTokenRepository = (table: MemoryTable): IdTokenRepository => ({
  async put(token) {
    const key = keys.idToken(token.tenantId, token.idToken);
    const old = table.get(key);
    // Creation fields survive a replacement, as `if_not_exists` keeps them in DynamoDB.
    const stored: IdToken = old
      ? { ...token, createdAt: old.createdAt as string, createdBy: old.createdBy as string }
      : token;
    table.put({ ...key, ...keys.idTokenIndex(token.tenantId, token.idToken), type: 'IdToken', ...stored });
    return { token: stored, created: old === undefined };
  },

  async get(tenantId, idToken) {
    const item = table.get(keys.idToken(tenantId, idToken));
    return item && withoutKeys<IdToken>(item);
  },

  async list(tenantId, query): Promise<Page<IdToken>> {
    const partition = keys.idTokenIndexPartition(tenantId);
    // The cursor is checked exactly as in DynamoDB: it must name this tenant's index partition.
    const after = decodeCursor(query.cursor, 'GSI1PK', partition)?.GSI1SK;
    const matching = table
      .queryIndex(partition)
      .filter((item) => after === undefined || (item.GSI1SK as string) > after);
    return pageOf(matching.slice(0, query.limit + 1), query.limit, (item) => withoutKeys<IdToken>(item));
  },

  async delete(tenantId, idToken) {
    const old = table.delete(keys.idToken(tenantId, idToken));
    return old && withoutKeys<IdToken>(old);
  },
});
