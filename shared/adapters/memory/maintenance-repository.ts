import type { MaintenanceKind, MaintenanceState } from '../../slices/firmware/model.ts';
import type { MaintenanceRepository } from '../../slices/firmware/ports.ts';
import { keys } from '../dynamodb/keys.ts';
import { putIfRevision } from './revision.ts';
import { type MemoryTable, withoutKeys } from './table.ts';

const keyOf = (tenantId: string, chargerId: string, kind: MaintenanceKind) =>
  kind === 'firmware'
    ? keys.firmwareStatus(tenantId, chargerId)
    : keys.diagnosticsStatus(tenantId, chargerId);

export const createMemoryMaintenanceRepository = (table: MemoryTable): MaintenanceRepository => ({
  async get(tenantId, chargerId, kind) {
    const item = table.get(keyOf(tenantId, chargerId, kind));
    return item && withoutKeys<MaintenanceState>(item);
  },

  async save(state) {
    return putIfRevision(table, {
      ...keyOf(state.tenantId, state.chargerId, state.kind),
      type: 'MaintenanceState',
      ...state,
    });
  },
});
