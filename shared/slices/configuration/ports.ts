import type { ChargerConfiguration } from './model.ts';

/** What chargers reported about their configuration (OCPP 1.6 GetConfiguration answers). */
export interface ChargerConfigurationRepository {
  get(tenantId: string, chargerId: string): Promise<ChargerConfiguration | undefined>;
  /** Stores it if the stored one still has `revision - 1` (revision 1: if there is none); false otherwise. */
  save(configuration: ChargerConfiguration): Promise<boolean>;
}
