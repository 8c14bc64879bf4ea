import type { ActiveSessionIndex, TokenSession } from '../../slices/transactions/ports.ts';
import { keys } from '../dynamodb/keys.ts';
import { type MemoryTable, withoutKeys } from './table.ts';

/** The same markers as in DynamoDB, in the id token's partition (without TTL: memory lives shorter). */
export const createMemoryActiveSessionIndex = (table: MemoryTable): ActiveSessionIndex => ({
  async add(entry) {
    table.put({
      ...keys.idTokenSession(entry.tenantId, entry.idToken, entry.sessionId),
      type: 'TokenSession',
      ...entry,
    });
  },

  async remove(tenantId, idToken, sessionId) {
    table.delete(keys.idTokenSession(tenantId, idToken, sessionId));
  },

  async list(tenantId, idToken) {
    return table
      .queryPartition(keys.idToken(tenantId, idToken).PK)
      .filter((item) => item.SK.startsWith(keys.idTokenSessionPrefix))
      .map((item) => withoutKeys<TokenSession>(item));
  },
});
