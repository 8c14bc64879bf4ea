import type { Actor } from '../../kernel/model.ts';

/**
 * `firmware`: the charger's own firmware update; `diagnostics`: its diagnostics / log uploads;
 * `firmwarePublication`: a 2.0.1 local controller publishing firmware to the chargers behind it (PublishFirmware).
 */
export type MaintenanceKind = 'firmware' | 'diagnostics' | 'firmwarePublication';

/** A status a charger reported (FirmwareStatusNotification, DiagnosticsStatusNotification, …). */
export interface MaintenanceStatusEntry {
  readonly status: string;
  readonly at: string;
  /** Security extension, 2.0.1: the request the status belongs to. */
  readonly requestId?: number;
  /** 2.0.1 PublishFirmwareStatusNotification `Published`: where the local controller serves the firmware. */
  readonly locations?: readonly string[];
}

/** The last firmware update or diagnostics upload asked of a charger. */
export interface MaintenanceRequest {
  /** UpdateFirmware, SignedUpdateFirmware, GetDiagnostics, GetLog or PublishFirmware. */
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
  /** Of the last status (PublishFirmwareStatusNotification `Published`): where the firmware is served. */
  readonly locations?: readonly string[];
  readonly request?: MaintenanceRequest;
  /** Oldest first, the most recent `maintenanceHistoryLength` only. */
  readonly history: readonly MaintenanceStatusEntry[];
  readonly updatedAt: string;
  readonly revision: number;
}
