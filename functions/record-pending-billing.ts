import { lambdaEntry } from '../shared/handlers/lambda-entry.ts';
import { createRecordPendingBillingHandler } from '../shared/handlers/record-pending-billing.ts';

export const handler = lambdaEntry(createRecordPendingBillingHandler);
