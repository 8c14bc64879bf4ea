import type { ApiKey, Tenant } from '../../slices/tenancy/model.ts';
import type { TenantRepository } from '../../slices/tenancy/ports.ts';
import { keys } from '../dynamodb/keys.ts';
import { memoryPage, patched } from './paging.ts';
import { ConditionFailedError, type MemoryTable, withoutKeys } from './table.ts';

export const createMemoryTenantRepository = (table: MemoryTable): TenantRepository => ({
  async create(tenant: Tenant, firstKey: ApiKey): Promise<void> {
    // Same order as the DynamoDB adapter: the key first, then the admin count, then the tenant, each if absent.
    const keyKey = keys.apiKey(firstKey.tenantId, firstKey.keyId);
    if (table.get(keyKey)) throw new ConditionFailedError(keyKey);
    table.put({
      ...keyKey,
      ...keys.apiKeyIndex(firstKey.tenantId, firstKey.keyId),
      type: 'ApiKey',
      ...firstKey,
    });
    if (firstKey.role === 'admin' && !firstKey.revokedAt) {
      const countKey = keys.adminKeyCount(tenant.tenantId);
      if (table.get(countKey)) throw new ConditionFailedError(countKey);
      table.put({ ...countKey, type: 'AdminKeyCount', activeAdminKeys: 1 });
    }
    const tenantKey = keys.tenant(tenant.tenantId);
    if (table.get(tenantKey)) throw new ConditionFailedError(tenantKey);
    table.put({ ...tenantKey, ...keys.tenantIndex(tenant.tenantId), type: 'Tenant', ...tenant });
  },

  async get(tenantId: string): Promise<Tenant | undefined> {
    const item = table.get(keys.tenant(tenantId));
    return item ? withoutKeys<Tenant>(item) : undefined;
  },

  async getApiKey(tenantId: string, keyId: string): Promise<ApiKey | undefined> {
    const item = table.get(keys.apiKey(tenantId, keyId));
    return item ? withoutKeys<ApiKey>(item) : undefined;
  },

  async list(query) {
    const partition = keys.tenantIndexPartition();
    return memoryPage<Tenant>(table.queryIndex(partition), query, {
      partitionAttribute: 'GSI1PK',
      partition,
      sortAttribute: 'GSI1SK',
    });
  },

  async update(tenantId, changes, change) {
    const item = table.get(keys.tenant(tenantId));
    if (!item) return undefined;
    const updated = patched(item, { ...changes, updatedAt: change.at, updatedBy: change.actor });
    table.put(updated);
    return withoutKeys<Tenant>(updated);
  },
});
