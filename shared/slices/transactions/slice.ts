import { defineSlice, none } from '../slice.ts';
import { sessionOperations } from './http/sessions.ts';
import { transactionsManifest } from './manifest.ts';
import { createTransactionHandlers16, createTransactionHandlers201 } from './ocpp-handlers.ts';

export const transactionsSlice = defineSlice({
  ...none,
  manifest: transactionsManifest,
  ocpp: { 'ocpp1.6': createTransactionHandlers16, 'ocpp2.0.1': createTransactionHandlers201 },
  operations: sessionOperations,
});
