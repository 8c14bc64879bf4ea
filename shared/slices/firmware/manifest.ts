import { defineManifest } from '../../topology/manifest.ts';

export const firmwareManifest = defineManifest({
  slice: 'firmware',
  summary:
    'Firmware updates and diagnostics/log uploads, with their files in S3 and the statuses chargers report',
  ocpp: {
    'ocpp1.6': [
      'FirmwareStatusNotification',
      'SignedFirmwareStatusNotification',
      'DiagnosticsStatusNotification',
      'LogStatusNotification',
    ],
    'ocpp2.0.1': ['FirmwareStatusNotification', 'PublishFirmwareStatusNotification', 'LogStatusNotification'],
  },
  routes: {
    tenant: [
      ['POST', '/v1/chargers/{chargerId}/firmware-updates', 'updateFirmware'],
      ['POST', '/v1/chargers/{chargerId}/diagnostics', 'requestDiagnostics'],
      ['GET', '/v1/chargers/{chargerId}/maintenance', 'getMaintenanceStatus'],
      ['POST', '/v1/firmware-files', 'createFirmwareFile'],
    ],
  },
  reactions: {
    'ocpp1.6': ['UpdateFirmware', 'SignedUpdateFirmware', 'GetDiagnostics', 'GetLog'],
    'ocpp2.0.1': ['UpdateFirmware', 'GetLog', 'PublishFirmware'],
  },
  events: ['firmwareStatusChanged', 'diagnosticsStatusChanged', 'firmwarePublicationStatusChanged'],
});
