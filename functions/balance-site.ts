import { lambdaEntry } from '../shared/handlers/lambda-entry.ts';
import { createBalanceSiteHandler } from '../shared/slices/smart-charging/balance-site-handler.ts';

export const handler = lambdaEntry(createBalanceSiteHandler);
