import { defineManifest } from '../../topology/manifest.ts';

export const transactionsManifest = defineManifest({
  slice: 'transactions',
  summary:
    'Charging sessions from 1.6 Start/Stop/MeterValues and 2.0.1 TransactionEvent, with their meter values',
  ocpp: {
    'ocpp1.6': ['StartTransaction', 'StopTransaction', 'MeterValues'],
    'ocpp2.0.1': ['TransactionEvent', 'MeterValues'],
  },
  routes: {
    tenant: [
      ['GET', '/v1/sessions', 'listSessions'],
      ['GET', '/v1/sessions/{sessionId}', 'getSession'],
    ],
  },
  events: [
    'transactionStarted',
    'transactionUpdated',
    'transactionEnded',
    'sessionCorrected',
    'sessionDiscrepancyDetected',
  ],
});
