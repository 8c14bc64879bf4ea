import type { MaintenanceKind, MaintenanceState } from './model.ts';

/** Firmware and diagnostics state per charger. */
export interface MaintenanceRepository {
  get(tenantId: string, chargerId: string, kind: MaintenanceKind): Promise<MaintenanceState | undefined>;
  /** Stores it if the stored one still has `revision - 1` (revision 1: if there is none); false otherwise. */
  save(state: MaintenanceState): Promise<boolean>;
}

/**
 * Files chargers upload (diagnostics, logs) and download (firmware), by key (tenant first). Chargers get plain
 * HTTP(S) URLs valid for a while: presigned S3 URLs on AWS, the local runtime's emulation of them locally.
 */
export interface FileStore {
  /** A URL the file can be uploaded to with a plain HTTP PUT (no extra headers), for `expiresInSeconds`. */
  uploadUrl(key: string, expiresInSeconds: number): Promise<string>;
  /** A URL the file can be downloaded from with a plain HTTP GET, for `expiresInSeconds`. */
  downloadUrl(key: string, expiresInSeconds: number): Promise<string>;
}
