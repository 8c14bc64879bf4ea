import { createDependencies } from '../shared/composition-root.ts';
import { readConfig } from '../shared/config.ts';
import { createApiAuthorizerHandler } from '../shared/handlers/api-authorizer.ts';

export const handler = createApiAuthorizerHandler(createDependencies(readConfig(process.env)));
