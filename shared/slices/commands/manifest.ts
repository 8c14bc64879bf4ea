import { defineManifest } from '../../topology/manifest.ts';

/** The version-neutral command routes: one per command, all POST (see command-catalog.ts). */
const commandRoute = (command: string, operationId: string) =>
  ['POST', `/v1/chargers/{chargerId}/commands/${command}`, operationId] as const;

export const commandsManifest = defineManifest({
  slice: 'commands',
  summary:
    'CSMS-initiated calls: the raw passthrough, version-neutral commands, the per-charger call slot and answers',
  routes: {
    tenant: [
      ['POST', '/v1/chargers/{chargerId}/ocpp/{action}', 'sendOcppCall'],
      commandRoute('remote-start', 'remoteStart'),
      commandRoute('remote-stop', 'remoteStop'),
      commandRoute('reset', 'resetCharger'),
      commandRoute('unlock-connector', 'unlockConnector'),
      commandRoute('change-availability', 'changeAvailability'),
      commandRoute('trigger-message', 'triggerMessage'),
      commandRoute('get-configuration', 'getConfiguration'),
      commandRoute('set-configuration', 'setConfiguration'),
      ['GET', '/v1/commands/{commandId}', 'getCommand'],
    ],
  },
  events: ['commandCompleted'],
});
