import type { ApiKey, Tenant } from '../../domain/model.ts';
import type { TenantRepository } from '../../domain/ports.ts';
import { keys } from '../dynamodb/keys.ts';
import { ConditionFailedError, type MemoryTable, withoutKeys } from './table.ts';

export const createMemoryTenantRepository = (table: MemoryTable): TenantRepository => ({
  async create(tenant: Tenant, firstKey: ApiKey): Promise<void> {
    // Same order as the DynamoDB adapter: the key first, then the tenant, each only if absent.
    const keyKey = keys.apiKey(firstKey.tenantId, firstKey.keyId);
    if (table.get(keyKey)) throw new ConditionFailedError(keyKey);
    table.put({ ...keyKey, type: 'ApiKey', ...firstKey });
    const tenantKey = keys.tenant(tenant.tenantId);
    if (table.get(tenantKey)) throw new ConditionFailedError(tenantKey);
    table.put({ ...tenantKey, type: 'Tenant', ...tenant });
  },

  async get(tenantId: string): Promise<Tenant | undefined> {
    const item = table.get(keys.tenant(tenantId));
    return item ? withoutKeys<Tenant>(item) : undefined;
  },

  async getApiKey(tenantId: string, keyId: string): Promise<ApiKey | undefined> {
    const item = table.get(keys.apiKey(tenantId, keyId));
    return item ? withoutKeys<ApiKey>(item) : undefined;
  },
});
