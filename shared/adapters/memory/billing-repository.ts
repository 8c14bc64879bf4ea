import type { BillingRepository } from '../../slices/billing/ports.ts';
import { keys } from '../dynamodb/keys.ts';
import type { MemoryTable } from './table.ts';

export const createMemoryBillingRepository = (table: MemoryTable): BillingRepository => ({
  async recordPending(record) {
    const key = keys.pendingBilling(record.tenantId, record.sessionId);
    if (table.get(key)) return false;
    table.put({ ...key, type: 'PendingBilling', status: 'PENDING_PRICING', ...record });
    return true;
  },
});
