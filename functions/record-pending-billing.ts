import { lambdaEntry } from '../shared/handlers/lambda-entry.ts';
import { createRecordPendingBillingHandler } from '../shared/slices/billing/record-pending-billing-handler.ts';

export const handler = lambdaEntry(createRecordPendingBillingHandler);
