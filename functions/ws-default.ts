import { createDependencies } from '../shared/composition-root.ts';
import { readConfig } from '../shared/config.ts';
import { createWsDefaultHandler } from '../shared/handlers/ws-default.ts';

export const handler = createWsDefaultHandler(createDependencies(readConfig(process.env)));
