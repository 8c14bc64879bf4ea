import { createApiAuthorizerHandler } from '../shared/handlers/api-authorizer.ts';
import { lambdaEntry } from '../shared/handlers/lambda-entry.ts';

export const handler = lambdaEntry(createApiAuthorizerHandler);
