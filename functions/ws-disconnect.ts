import { lambdaEntry } from '../shared/handlers/lambda-entry.ts';
import { createWsDisconnectHandler } from '../shared/handlers/ws-disconnect.ts';

export const handler = lambdaEntry(createWsDisconnectHandler);
