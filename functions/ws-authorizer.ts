import { lambdaEntry } from '../shared/handlers/lambda-entry.ts';
import { createWsAuthorizerHandler } from '../shared/handlers/ws-authorizer.ts';

export const handler = lambdaEntry(createWsAuthorizerHandler);
