import type { Actor } from '../../kernel/model.ts';

export type MaintenanceKind = 'firmware' | 'diagnostics';

/** A status a charger reported (FirmwareStatusNotification, DiagnosticsStatusNotification, …). */
export interface MaintenanceStatusEntry {
  readonly status: string;
  readonly at: string;
  /** Security extension: the request the status belongs to. */
  readonly requestId?: number;
}

/** The last firmware update or diagnostics upload asked of a charger. */
export interface MaintenanceRequest {
  /** UpdateFirmware, SignedUpdateFirmware, GetDiagnostics or GetLog. */
  readonly action: string;
  readonly commandId: string;
  readonly requestedAt: string;
  readonly requestedBy: Actor;
  readonly requestId?: number;
  /** The file in the CSMS's file store; absent when the caller gave a location of its own. */
  readonly fileKey?: string;
  /** The charger's answer: GetLog / SignedUpdateFirmware status. */
  readonly answerStatus?: string;
  /** The charger's answer: the file name of GetDiagnostics / GetLog. */
  readonly fileName?: string;
}

/** Firmware or diagnostics state of a charger: the last request and the statuses it reported since. */
export interface MaintenanceState {
  readonly tenantId: string;
  readonly chargerId: string;
  readonly kind: MaintenanceKind;
  readonly status?: string;
  readonly statusAt?: string;
  readonly requestId?: number;
  readonly request?: MaintenanceRequest;
  /** Oldest first, the most recent `maintenanceHistoryLength` only. */
  readonly history: readonly MaintenanceStatusEntry[];
  readonly updatedAt: string;
  readonly revision: number;
}
