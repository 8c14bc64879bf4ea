import type { AuditEntry } from '../../slices/tenancy/model.ts';
import type { AuditLog } from '../../slices/tenancy/ports.ts';
import { keys } from '../dynamodb/keys.ts';
import { memoryPage } from './paging.ts';
import { ConditionFailedError, type MemoryTable } from './table.ts';

export const createMemoryAuditLog = (table: MemoryTable): AuditLog => ({
  async record(entry) {
    const key = keys.auditEntry(entry.tenantId, entry.at, entry.entryId);
    if (table.get(key)) throw new ConditionFailedError(key);
    table.put({ ...key, type: 'AuditEntry', ...entry });
  },

  async list(tenantId, query) {
    const partition = keys.auditPartition(tenantId, query.month);
    return memoryPage<AuditEntry>(
      table.queryPartition(partition).reverse(),
      query,
      { partitionAttribute: 'PK', partition, sortAttribute: 'SK' },
      'descending',
    );
  },
});
