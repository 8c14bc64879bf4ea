import { lambdaEntry } from '../shared/handlers/lambda-entry.ts';
import { createCheckSiteManagedHandler } from '../shared/slices/smart-charging/check-site-managed-handler.ts';

export const handler = lambdaEntry(createCheckSiteManagedHandler);
