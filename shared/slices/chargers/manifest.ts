import { defineManifest } from '../../topology/manifest.ts';

export const chargersManifest = defineManifest({
  slice: 'chargers',
  summary:
    'Provisioning (charger records, passwords, bulk import), connections, boot, heartbeat and connector status',
  ocpp: {
    'ocpp1.6': ['BootNotification', 'Heartbeat', 'StatusNotification', 'DataTransfer'],
    'ocpp2.0.1': ['BootNotification', 'Heartbeat', 'StatusNotification', 'DataTransfer'],
  },
  routes: {
    tenant: [
      ['POST', '/v1/chargers', 'createCharger'],
      ['GET', '/v1/chargers', 'listChargers'],
      ['GET', '/v1/chargers/{chargerId}', 'getCharger'],
      ['PATCH', '/v1/chargers/{chargerId}', 'updateCharger'],
      ['DELETE', '/v1/chargers/{chargerId}', 'deleteCharger'],
      ['POST', '/v1/chargers/{chargerId}/password', 'resetChargerPassword'],
      ['POST', '/v1/chargers/bulk', 'importChargers'],
    ],
  },
  events: ['chargerConnected', 'chargerDisconnected', 'chargerBooted', 'connectorStatusChanged'],
});
