import { createApiHandler } from '../shared/handlers/api.ts';
import { lambdaEntry } from '../shared/handlers/lambda-entry.ts';

export const handler = lambdaEntry(createApiHandler);
