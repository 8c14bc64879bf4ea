import { lambdaEntry } from '../shared/handlers/lambda-entry.ts';
import { createBillSessionHandler } from '../shared/slices/billing/bill-session-handler.ts';

export const handler = lambdaEntry(createBillSessionHandler);
