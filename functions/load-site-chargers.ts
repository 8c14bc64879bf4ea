import { lambdaEntry } from '../shared/handlers/lambda-entry.ts';
import { createLoadSiteChargersHandler } from '../shared/handlers/load-site-chargers.ts';

export const handler = lambdaEntry(createLoadSiteChargersHandler);
