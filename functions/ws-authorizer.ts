import { createDependencies } from '../shared/composition-root.ts';
import { readConfig } from '../shared/config.ts';
import { createWsAuthorizerHandler } from '../shared/handlers/ws-authorizer.ts';

export const handler = createWsAuthorizerHandler(createDependencies(readConfig(process.env)));
