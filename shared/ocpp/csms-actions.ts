import { isKnownAction } from './validation.ts';
import type { OcppVersion } from './versions.ts';

/**
 * Every action the CSMS may send to a charger, per version: the raw passthrough
 * (`POST /v1/chargers/{chargerId}/ocpp/{action}`) accepts these and nothing else. Each one has its `.req` and
 * `.conf` schema in the OCA schema set shipped with ocpp-rpc (a unit test holds that), so every payload is
 * validated before it is sent and every answer before it is believed.
 */
export const csmsInitiatedActions = {
  'ocpp1.6': [
    // Core, firmware management, local auth list, reservation, smart charging, remote trigger profiles.
    'CancelReservation',
    'ChangeAvailability',
    'ChangeConfiguration',
    'ClearCache',
    'ClearChargingProfile',
    'DataTransfer',
    'GetCompositeSchedule',
    'GetConfiguration',
    'GetDiagnostics',
    'GetLocalListVersion',
    'RemoteStartTransaction',
    'RemoteStopTransaction',
    'ReserveNow',
    'Reset',
    'SendLocalList',
    'SetChargingProfile',
    'TriggerMessage',
    'UnlockConnector',
    'UpdateFirmware',
    // Security extension (OCPP 1.6 Security Whitepaper, edition 2).
    'CertificateSigned',
    'DeleteCertificate',
    'ExtendedTriggerMessage',
    'GetInstalledCertificateIds',
    'GetLog',
    'InstallCertificate',
    'SignedUpdateFirmware',
  ],
  'ocpp2.0.1': [
    'CancelReservation',
    'CertificateSigned',
    'ChangeAvailability',
    'ClearCache',
    'ClearChargingProfile',
    'ClearDisplayMessage',
    'ClearVariableMonitoring',
    'CostUpdated',
    'CustomerInformation',
    'DataTransfer',
    'DeleteCertificate',
    'GetBaseReport',
    'GetChargingProfiles',
    'GetCompositeSchedule',
    'GetDisplayMessages',
    'GetInstalledCertificateIds',
    'GetLocalListVersion',
    'GetLog',
    'GetMonitoringReport',
    'GetReport',
    'GetTransactionStatus',
    'GetVariables',
    'InstallCertificate',
    'PublishFirmware',
    'RequestStartTransaction',
    'RequestStopTransaction',
    'ReserveNow',
    'Reset',
    'SendLocalList',
    'SetChargingProfile',
    'SetDisplayMessage',
    'SetMonitoringBase',
    'SetMonitoringLevel',
    'SetNetworkProfile',
    'SetVariableMonitoring',
    'SetVariables',
    'TriggerMessage',
    'UnlockConnector',
    'UnpublishFirmware',
    'UpdateFirmware',
  ],
} as const satisfies Record<OcppVersion, readonly string[]>;

const sets = {
  'ocpp1.6': new Set<string>(csmsInitiatedActions['ocpp1.6']),
  'ocpp2.0.1': new Set<string>(csmsInitiatedActions['ocpp2.0.1']),
} satisfies Record<OcppVersion, ReadonlySet<string>>;

/** True for an action the CSMS may send in this version (and that the schema set can validate). */
export const isCsmsInitiatedAction = (version: OcppVersion, action: string): boolean =>
  sets[version].has(action) && isKnownAction(version, action);

/** `OCPP 1.6` / `OCPP 2.0.1`, for messages. */
export const versionLabel = (version: OcppVersion): string => `OCPP ${version.slice('ocpp'.length)}`;
