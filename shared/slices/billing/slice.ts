import { defineSlice, none } from '../slice.ts';
import { tariffOperations } from './http/tariffs.ts';
import { billingManifest } from './manifest.ts';
import { createRecordPendingBillingHandler } from './record-pending-billing-handler.ts';

export const billingSlice = defineSlice({
  ...none,
  manifest: billingManifest,
  operations: tariffOperations,
  functions: { 'record-pending-billing': createRecordPendingBillingHandler },
});
