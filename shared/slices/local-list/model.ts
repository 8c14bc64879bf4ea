/**
 * The local authorization list a charger holds (OCPP 1.6 SendLocalList), as far as the updates it accepted
 * tell: its version and a fingerprint of each entry (id tag → hash of its idTagInfo), which is all a
 * differential update needs.
 */
export interface LocalListSnapshot {
  readonly tenantId: string;
  readonly chargerId: string;
  readonly version: number;
  readonly entries: Readonly<Record<string, string>>;
  /** Of the last accepted update. */
  readonly updateType: 'Full' | 'Differential';
  readonly updatedAt: string;
  readonly revision: number;
}

/** The snapshot without its entries: what the API shows. */
export interface LocalListSummary {
  readonly tenantId: string;
  readonly chargerId: string;
  readonly version: number;
  readonly entryCount: number;
  readonly updateType: 'Full' | 'Differential';
  readonly updatedAt: string;
}

/** What the API shows of a snapshot. */
export const summaryOf = (snapshot: LocalListSnapshot): LocalListSummary => ({
  tenantId: snapshot.tenantId,
  chargerId: snapshot.chargerId,
  version: snapshot.version,
  entryCount: Object.keys(snapshot.entries).length,
  updateType: snapshot.updateType,
  updatedAt: snapshot.updatedAt,
});
