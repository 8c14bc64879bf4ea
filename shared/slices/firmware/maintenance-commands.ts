import { randomInt } from 'node:crypto';
import type { Actor } from '../../kernel/model.ts';
import type { Ocpp16Requests } from '../../ocpp/generated/ocpp16.ts';
import type { ChargerView } from '../chargers/model.ts';
import {
  type ChargerCallDependencies,
  type ChargerCallResult,
  callCharger,
} from '../commands/charger-calls.ts';
import type { Command } from '../commands/model.ts';
import type { Dependencies } from '../dependencies.ts';
import {
  diagnosticsFileKey,
  downloadUrlSeconds,
  firmwareFileKey,
  recordMaintenanceRequest,
  uploadUrlSeconds,
} from './maintenance.ts';
import type { MaintenanceState } from './model.ts';

/**
 * Asking a 1.6 charger to update its firmware (UpdateFirmware, or the security extension's SignedUpdateFirmware)
 * or to upload diagnostics (GetDiagnostics, or GetLog). Without a location of the caller's own, the charger gets
 * a URL of the CSMS's file store: a download URL of an uploaded firmware file, an upload URL for diagnostics.
 *
 * Limits: those are plain HTTP(S) URLs (PUT to upload, GET to download), so the charger must support HTTP(S)
 * transfers — 1.6 leaves the protocol open and many chargers only do FTP; give them a `location` of your own.
 * A 1.6 GetDiagnostics location names a directory the charger may append its file name to: chargers that do
 * cannot use a presigned URL (the signature covers the path). SignedUpdateFirmware and GetLog allow at most 512
 * characters, which presigned URLs with session credentials (on AWS) exceed: those are refused with 400.
 */

/** A charger call's dependencies (the queue's), and this use case's own stores. */
type Deps = ChargerCallDependencies & Pick<Dependencies, 'maintenance' | 'files'>;

export type MaintenanceCallResult =
  | { readonly kind: 'refused'; readonly message: string }
  | Exclude<ChargerCallResult, { kind: 'sent' | 'invalid' }>
  | { readonly kind: 'sent'; readonly command: Command; readonly state?: MaintenanceState };

const needsOcpp16 = (view: ChargerView): string | undefined =>
  view.connection && view.connection.ocppVersion !== 'ocpp1.6'
    ? 'firmware and diagnostics requests are supported for OCPP 1.6 chargers (this one speaks OCPP 2.0.1)'
    : undefined;

/** Security extension request ids: any positive 32-bit integer. */
const newRequestId = (): number => randomInt(1, 2 ** 31 - 1);

const send = async (
  deps: Deps,
  input: {
    tenantId: string;
    view: ChargerView;
    action: string;
    payload: Record<string, unknown>;
    fileKey?: string;
    requestedBy: Actor;
    waitSeconds: number;
  },
): Promise<MaintenanceCallResult> => {
  const result = await callCharger(deps, {
    tenantId: input.tenantId,
    charger: input.view.charger,
    connection: input.view.connection,
    action: input.action,
    payload: input.payload,
    requestedBy: input.requestedBy,
    waitSeconds: input.waitSeconds,
    onSent: (command) =>
      recordMaintenanceRequest(deps, command, input.fileKey ? { fileKey: input.fileKey } : {}),
  });
  if (result.kind === 'invalid') return { kind: 'refused', message: result.message };
  if (result.kind !== 'sent') return result;
  const kind = input.action.endsWith('Firmware') ? 'firmware' : 'diagnostics';
  const state = await deps.maintenance.get(input.tenantId, input.view.charger.chargerId, kind);
  return { kind: 'sent', command: result.command, ...(state && { state }) };
};

export interface FirmwareUpdateInput {
  readonly tenantId: string;
  readonly view: ChargerView;
  /** Where the charger downloads the firmware; or `firmwareFile`, a file uploaded to the CSMS. */
  readonly location?: string;
  readonly firmwareFile?: string;
  /** Default: now. */
  readonly retrieveDate?: string;
  readonly retries?: number;
  readonly retryInterval?: number;
  /** Signed firmware (security extension SignedUpdateFirmware): all three or none but installDate. */
  readonly signingCertificate?: string;
  readonly signature?: string;
  readonly installDate?: string;
  readonly requestedBy: Actor;
  readonly waitSeconds: number;
}

export const requestFirmwareUpdate = async (
  deps: Deps,
  input: FirmwareUpdateInput,
): Promise<MaintenanceCallResult> => {
  const { tenantId, view } = input;
  if (!view.connection) return { kind: 'offline' };
  const unsupported = needsOcpp16(view);
  if (unsupported) return { kind: 'refused', message: unsupported };
  if ((input.location === undefined) === (input.firmwareFile === undefined))
    return { kind: 'refused', message: 'give either location or firmwareFile' };
  const signed = input.signingCertificate !== undefined || input.signature !== undefined;
  if (signed && (input.signingCertificate === undefined || input.signature === undefined))
    return { kind: 'refused', message: 'signed firmware needs both signingCertificate and signature' };
  if (!signed && input.installDate !== undefined)
    return { kind: 'refused', message: 'installDate: only for signed firmware (SignedUpdateFirmware)' };

  const now = deps.clock.now();
  const retrieveDate = new Date(input.retrieveDate ?? now).toISOString();
  const fileKey =
    input.firmwareFile !== undefined ? firmwareFileKey(tenantId, input.firmwareFile) : undefined;
  const location =
    input.location ??
    (await deps.files.downloadUrl(
      fileKey!,
      downloadUrlSeconds(now, { retrieveDate, retries: input.retries, retryInterval: input.retryInterval }),
    ));
  const retry = {
    ...(input.retries !== undefined && { retries: input.retries }),
    ...(input.retryInterval !== undefined && { retryInterval: input.retryInterval }),
  };
  const call = signed
    ? {
        action: 'SignedUpdateFirmware',
        payload: {
          ...retry,
          requestId: newRequestId(),
          firmware: {
            location,
            retrieveDateTime: retrieveDate,
            ...(input.installDate && { installDateTime: new Date(input.installDate).toISOString() }),
            signingCertificate: input.signingCertificate!,
            signature: input.signature!,
          },
        } satisfies Ocpp16Requests['SignedUpdateFirmware'],
      }
    : {
        action: 'UpdateFirmware',
        payload: { location, retrieveDate, ...retry } satisfies Ocpp16Requests['UpdateFirmware'],
      };
  return send(deps, {
    tenantId,
    view,
    action: call.action,
    payload: call.payload as unknown as Record<string, unknown>,
    ...(fileKey && { fileKey }),
    requestedBy: input.requestedBy,
    waitSeconds: input.waitSeconds,
  });
};

export interface DiagnosticsInput {
  readonly tenantId: string;
  readonly view: ChargerView;
  /** Security extension GetLog of this type; absent: GetDiagnostics. */
  readonly logType?: 'DiagnosticsLog' | 'SecurityLog';
  /** Where the charger uploads; default: an upload URL of the CSMS's file store. */
  readonly location?: string;
  readonly startTime?: string;
  readonly stopTime?: string;
  readonly retries?: number;
  readonly retryInterval?: number;
  readonly requestedBy: Actor;
  readonly waitSeconds: number;
}

export const requestDiagnostics = async (
  deps: Deps,
  input: DiagnosticsInput,
): Promise<MaintenanceCallResult> => {
  const { tenantId, view } = input;
  if (!view.connection) return { kind: 'offline' };
  const unsupported = needsOcpp16(view);
  if (unsupported) return { kind: 'refused', message: unsupported };

  const fileKey =
    input.location === undefined
      ? diagnosticsFileKey(tenantId, view.charger.chargerId, deps.ids.next())
      : undefined;
  const location =
    input.location ??
    (await deps.files.uploadUrl(
      fileKey!,
      uploadUrlSeconds({ retries: input.retries, retryInterval: input.retryInterval }),
    ));
  const retry = {
    ...(input.retries !== undefined && { retries: input.retries }),
    ...(input.retryInterval !== undefined && { retryInterval: input.retryInterval }),
  };
  const startTime = input.startTime && new Date(input.startTime).toISOString();
  const stopTime = input.stopTime && new Date(input.stopTime).toISOString();
  const call = input.logType
    ? {
        action: 'GetLog',
        payload: {
          logType: input.logType,
          requestId: newRequestId(),
          log: {
            remoteLocation: location,
            ...(startTime && { oldestTimestamp: startTime }),
            ...(stopTime && { latestTimestamp: stopTime }),
          },
          ...retry,
        } satisfies Ocpp16Requests['GetLog'],
      }
    : {
        action: 'GetDiagnostics',
        payload: {
          location,
          ...retry,
          ...(startTime && { startTime }),
          ...(stopTime && { stopTime }),
        } satisfies Ocpp16Requests['GetDiagnostics'],
      };
  return send(deps, {
    tenantId,
    view,
    action: call.action,
    payload: call.payload as unknown as Record<string, unknown>,
    ...(fileKey && { fileKey }),
    requestedBy: input.requestedBy,
    waitSeconds: input.waitSeconds,
  });
};
