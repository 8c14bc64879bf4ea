import type { ChargerConfiguration } from '../../slices/configuration/model.ts';
import type { ChargerConfigurationRepository } from '../../slices/configuration/ports.ts';
import { keys } from '../dynamodb/keys.ts';
import { putIfRevision } from './revision.ts';
import { type MemoryTable, withoutKeys } from './table.ts';

export const createMemoryChargerConfigurationRepository = (
  table: MemoryTable,
): ChargerConfigurationRepository => ({
  async get(tenantId, chargerId) {
    const item = table.get(keys.chargerConfiguration(tenantId, chargerId));
    return item && withoutKeys<ChargerConfiguration>(item);
  },

  async save(configuration) {
    return putIfRevision(table, {
      ...keys.chargerConfiguration(configuration.tenantId, configuration.chargerId),
      type: 'ChargerConfiguration',
      ...configuration,
    });
  },
});
