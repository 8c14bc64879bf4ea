import {
  type ChargerTransactionIdAllocator,
  maxOcpp16TransactionId,
} from '../../slices/transactions/ports.ts';
import { keys } from '../dynamodb/keys.ts';

import type { MemoryTable } from './table.ts';

/** The same items as in DynamoDB: a counter per charger and one item per start key. */
export const createMemoryChargerTransactionIdAllocator = (
  table: MemoryTable,
): ChargerTransactionIdAllocator => ({
  async allocate(tenantId, chargerId, startKey) {
    const startItem = keys.transactionStart(tenantId, chargerId, startKey);
    const stored = table.get(startItem)?.chargerTransactionId as number | undefined;
    if (stored !== undefined) return { chargerTransactionId: stored, repeated: true };
    const counter = keys.transactionCounter(tenantId, chargerId);
    const chargerTransactionId =
      ((table.get(counter)?.lastChargerTransactionId as number | undefined) ?? 0) + 1;
    if (chargerTransactionId > maxOcpp16TransactionId)
      throw new Error(`charger ${chargerId} has used every 1.6 transaction id`);
    table.put({ ...counter, type: 'TransactionCounter', lastChargerTransactionId: chargerTransactionId });
    table.put({ ...startItem, type: 'TransactionStart', tenantId, chargerId, chargerTransactionId });
    return { chargerTransactionId, repeated: false };
  },
});
