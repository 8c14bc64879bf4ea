import { createDependencies } from '../shared/composition-root.ts';
import { readConfig } from '../shared/config.ts';
import { createLoadSiteChargersHandler } from '../shared/handlers/load-site-chargers.ts';

export const handler = createLoadSiteChargersHandler(createDependencies(readConfig(process.env)));
