import { defineManifest } from '../../topology/manifest.ts';

export const configurationManifest = defineManifest({
  slice: 'configuration',
  summary: 'The configuration each charger reported or accepted (OCPP 1.6 Get/ChangeConfiguration)',
  routes: { tenant: [['GET', '/v1/chargers/{chargerId}/configuration', 'getChargerConfiguration']] },
  reactions: { 'ocpp1.6': ['GetConfiguration', 'ChangeConfiguration'] },
});
