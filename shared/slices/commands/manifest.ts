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
  functions: {
    'call-queue-timer': {
      entry: 'functions/call-queue-timer.ts',
      description: "Call-queue timer: times out a charger's unanswered call and sends the next queued one",
      access: {
        tenantData: true,
        publishEvents: true,
        manageConnections: ['POST'],
        scheduleCallQueue: true,
      },
      tracing: {
        mode: 'PassThrough',
        why: 'charger call path: follows the queue message, samples nothing by itself',
      },
    },
  },
  queues: {
    'call-queue-timer': {
      description:
        "Wakes a charger's call queue at a call's time-out (per-message DelaySeconds, at most 900 s; later wakes are set again)",
      consumer: 'call-queue-timer',
      batchSize: 10,
      maxReceiveCount: 5,
    },
  },
});
