import { lambdaEntry } from '../shared/handlers/lambda-entry.ts';
import { createWsConnectHandler } from '../shared/handlers/ws-connect.ts';

export const handler = lambdaEntry(createWsConnectHandler);
