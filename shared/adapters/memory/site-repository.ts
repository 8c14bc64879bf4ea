import type { Site } from '../../slices/tenancy/model.ts';
import type { SiteRepository } from '../../slices/tenancy/ports.ts';
import { keys } from '../dynamodb/keys.ts';
import { memoryPage, patched } from './paging.ts';
import { type MemoryTable, withoutKeys } from './table.ts';

export const createMemorySiteRepository = (table: MemoryTable): SiteRepository => ({
  async create(site) {
    const key = keys.site(site.tenantId, site.siteId);
    if (table.get(key)) return false;
    table.put({ ...key, ...keys.siteIndex(site.tenantId, site.siteId), type: 'Site', ...site });
    return true;
  },

  async get(tenantId, siteId) {
    const item = table.get(keys.site(tenantId, siteId));
    return item ? withoutKeys<Site>(item) : undefined;
  },

  async list(tenantId, query) {
    const partition = keys.siteIndexPartition(tenantId);
    return memoryPage<Site>(table.queryIndex(partition), query, {
      partitionAttribute: 'GSI1PK',
      partition,
      sortAttribute: 'GSI1SK',
    });
  },

  async update(tenantId, siteId, changes, change) {
    const item = table.get(keys.site(tenantId, siteId));
    if (!item) return undefined;
    const updated = patched(item, { ...changes, updatedAt: change.at, updatedBy: change.actor });
    table.put(updated);
    return withoutKeys<Site>(updated);
  },

  async delete(tenantId, siteId) {
    return table.delete(keys.site(tenantId, siteId)) !== undefined;
  },
});
