import { lambdaEntry } from '../shared/handlers/lambda-entry.ts';
import { createLoadSiteChargersHandler } from '../shared/slices/smart-charging/load-site-chargers-handler.ts';

export const handler = lambdaEntry(createLoadSiteChargersHandler);
