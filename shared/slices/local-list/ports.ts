import type { LocalListSnapshot, LocalListSummary } from './model.ts';

/** The local authorization list each charger holds, as far as the updates it accepted tell. */
export interface LocalListRepository {
  getSummary(tenantId: string, chargerId: string): Promise<LocalListSummary | undefined>;
  getSnapshot(tenantId: string, chargerId: string): Promise<LocalListSnapshot | undefined>;
  /**
   * Stores the snapshot if the stored one still has `revision - 1` (revision 1: if there is none), then its
   * summary; false when another write came first.
   */
  save(snapshot: LocalListSnapshot): Promise<boolean>;
}
