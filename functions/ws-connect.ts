import { createDependencies } from '../shared/composition-root.ts';
import { readConfig } from '../shared/config.ts';
import { createWsConnectHandler } from '../shared/handlers/ws-connect.ts';

export const handler = createWsConnectHandler(createDependencies(readConfig(process.env)));
