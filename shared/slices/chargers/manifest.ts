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
  functions: {
    'sweep-silent-chargers': {
      entry: 'functions/sweep-silent-chargers.ts',
      description:
        'Liveness sweep: connections whose charger went silent (past silentAfter, from the liveness index) are removed and published as disconnected',
      // The tenant listing is the platform's (the table); each tenant's connections through the tenant role.
      // Closes what is left of a silent charger's socket.
      access: { table: 'read', tenantData: true, publishEvents: true, manageConnections: ['DELETE'] },
      timeoutSeconds: 120,
      tracing: {
        mode: 'PassThrough',
        why: 'scheduled sweep: one run every few minutes, nothing upstream to join, not worth a trace',
      },
      logLevel: 'INFO',
    },
  },
  schedules: {
    sweepSilentChargers: {
      description:
        'Marks chargers offline whose connection record outlived them (no message past silentAfter)',
      function: 'sweep-silent-chargers',
      rateMinutes: 5,
      why:
        'a silent charger shows Offline in the availability view at once (it compares silentAfter itself); the sweep ' +
        'only makes it final, publishes the event and closes the socket: 5 minutes adds little to a 50-minute ' +
        'deadline, and costs 8,640 runs a month plus one index query per tenant and run',
    },
  },
});
