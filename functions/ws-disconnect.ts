import { createDependencies } from '../shared/composition-root.ts';
import { readConfig } from '../shared/config.ts';
import { createWsDisconnectHandler } from '../shared/handlers/ws-disconnect.ts';

export const handler = createWsDisconnectHandler(createDependencies(readConfig(process.env)));
