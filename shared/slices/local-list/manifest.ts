import { defineManifest } from '../../topology/manifest.ts';

export const localListManifest = defineManifest({
  slice: 'local-list',
  summary: "The charger's local authorization list: full and differential syncs in parts, version checks",
  routes: {
    tenant: [
      ['POST', '/v1/chargers/{chargerId}/local-list', 'syncLocalList'],
      ['GET', '/v1/chargers/{chargerId}/local-list', 'getLocalList'],
      ['POST', '/v1/chargers/{chargerId}/local-list/version-check', 'checkLocalListVersion'],
    ],
  },
  reactions: { 'ocpp1.6': ['SendLocalList'] },
});
