import type { LocalListSnapshot, LocalListSummary } from '../../slices/local-list/model.ts';
import { summaryOf } from '../../slices/local-list/model.ts';
import type { LocalListRepository } from '../../slices/local-list/ports.ts';
import { keys } from '../dynamodb/keys.ts';
import { putIfRevision } from './revision.ts';
import { type MemoryTable, withoutKeys } from './table.ts';

export const createMemoryLocalListRepository = (table: MemoryTable): LocalListRepository => ({
  async getSummary(tenantId, chargerId) {
    const item = table.get(keys.localList(tenantId, chargerId));
    return item && withoutKeys<LocalListSummary>(item);
  },

  async getSnapshot(tenantId, chargerId) {
    const item = table.get(keys.localListEntries(tenantId, chargerId));
    return item && withoutKeys<LocalListSnapshot>(item);
  },

  async save(snapshot) {
    const { tenantId, chargerId } = snapshot;
    if (
      !putIfRevision(table, { ...keys.localListEntries(tenantId, chargerId), type: 'LocalList', ...snapshot })
    )
      return false;
    table.put({ ...keys.localList(tenantId, chargerId), type: 'LocalListSummary', ...summaryOf(snapshot) });
    return true;
  },
});
