import { maxOcpp16TransactionId, type TransactionIdAllocator } from '../../slices/transactions/ports.ts';
import { keys } from '../dynamodb/keys.ts';

import type { MemoryTable } from './table.ts';

/** The same items as in DynamoDB: a counter per charger and one item per start key. */
export const createMemoryTransactionIdAllocator = (table: MemoryTable): TransactionIdAllocator => ({
  async allocate(tenantId, chargerId, startKey) {
    const startItem = keys.transactionStart(tenantId, chargerId, startKey);
    const stored = table.get(startItem)?.transactionId as number | undefined;
    if (stored !== undefined) return { transactionId: stored, repeated: true };
    const counter = keys.transactionCounter(tenantId, chargerId);
    const transactionId = ((table.get(counter)?.lastTransactionId as number | undefined) ?? 0) + 1;
    if (transactionId > maxOcpp16TransactionId)
      throw new Error(`charger ${chargerId} has used every 1.6 transaction id`);
    table.put({ ...counter, type: 'TransactionCounter', lastTransactionId: transactionId });
    table.put({ ...startItem, type: 'TransactionStart', tenantId, chargerId, transactionId });
    return { transactionId, repeated: false };
  },
});
