import { lambdaEntry } from '../shared/handlers/lambda-entry.ts';
import { createWsDefaultHandler } from '../shared/handlers/ws-default.ts';

export const handler = lambdaEntry(createWsDefaultHandler);
