import { createDependencies } from '../shared/composition-root.ts';
import { readConfig } from '../shared/config.ts';
import { createApiHandler } from '../shared/handlers/api.ts';

export const handler = createApiHandler(createDependencies(readConfig(process.env)));
