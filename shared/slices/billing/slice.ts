import { defineSlice, none } from '../slice.ts';
import { createBillSessionHandler } from './bill-session-handler.ts';
import { cdrOperations } from './http/cdrs.ts';
import { tariffOperations } from './http/tariffs.ts';
import { billingManifest } from './manifest.ts';

export const billingSlice = defineSlice({
  ...none,
  manifest: billingManifest,
  operations: { ...tariffOperations, ...cdrOperations },
  functions: { 'bill-session': createBillSessionHandler },
});
