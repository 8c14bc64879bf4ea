import type { ApiKey } from '../../slices/tenancy/model.ts';
import type { ApiKeyRepository } from '../../slices/tenancy/ports.ts';
import { keys } from '../dynamodb/keys.ts';
import { memoryPage } from './paging.ts';
import { type MemoryTable, withoutKeys } from './table.ts';

/** Same semantics as the DynamoDB adapter, including the count of active admin keys. */
export const createMemoryApiKeyRepository = (table: MemoryTable): ApiKeyRepository => {
  const get = async (tenantId: string, keyId: string): Promise<ApiKey | undefined> => {
    const item = table.get(keys.apiKey(tenantId, keyId));
    return item ? withoutKeys<ApiKey>(item) : undefined;
  };
  const activeAdmins = (tenantId: string): number =>
    (table.get(keys.adminKeyCount(tenantId))?.activeAdminKeys as number | undefined) ?? 0;
  const setActiveAdmins = (tenantId: string, count: number): void => {
    table.put({ ...keys.adminKeyCount(tenantId), type: 'AdminKeyCount', activeAdminKeys: count });
  };

  return {
    async create(key) {
      const itemKey = keys.apiKey(key.tenantId, key.keyId);
      if (table.get(itemKey)) return false;
      table.put({ ...itemKey, ...keys.apiKeyIndex(key.tenantId, key.keyId), type: 'ApiKey', ...key });
      if (key.role === 'admin' && !key.revokedAt)
        setActiveAdmins(key.tenantId, activeAdmins(key.tenantId) + 1);
      return true;
    },

    get,

    async list(tenantId, query) {
      const partition = keys.apiKeyIndexPartition(tenantId);
      return memoryPage<ApiKey>(table.queryIndex(partition), query, {
        partitionAttribute: 'GSI1PK',
        partition,
        sortAttribute: 'GSI1SK',
      });
    },

    async revoke(tenantId, keyId, change) {
      const itemKey = keys.apiKey(tenantId, keyId);
      const item = table.get(itemKey);
      if (!item) return { outcome: 'not-found' };
      const key = withoutKeys<ApiKey>(item);
      if (key.revokedAt) return { outcome: 'already-revoked', key };
      if (key.role === 'admin') {
        const count = activeAdmins(tenantId);
        if (count <= 1) return { outcome: 'last-admin', key };
        setActiveAdmins(tenantId, count - 1);
      }
      const revoked = { ...item, revokedAt: change.at, updatedAt: change.at, updatedBy: change.actor };
      table.put(revoked);
      return { outcome: 'revoked', key: withoutKeys<ApiKey>(revoked) };
    },

    async replaceSecret(tenantId, keyId, secretHash, change) {
      const item = table.get(keys.apiKey(tenantId, keyId));
      if (!item || item.revokedAt) return undefined;
      const updated = { ...item, secretHash, updatedAt: change.at, updatedBy: change.actor };
      table.put(updated);
      return withoutKeys<ApiKey>(updated);
    },
  };
};
