import { defineManifest } from '../../topology/manifest.ts';

export const displayMessagesManifest = defineManifest({
  slice: 'display-messages',
  summary:
    'OCPP 2.0.1 display messages (block O): the messages each charger reports (NotifyDisplayMessages parts ' +
    'answering GetDisplayMessages), stored per charger; ClearDisplayMessage answers remove one',
  ocpp: { 'ocpp2.0.1': ['NotifyDisplayMessages'] },
  routes: {
    tenant: [['GET', '/v1/chargers/{chargerId}/display-messages', 'listDisplayMessages']],
  },
  reactions: { 'ocpp2.0.1': ['GetDisplayMessages', 'ClearDisplayMessage'] },
  events: ['displayMessagesReported'],
});
