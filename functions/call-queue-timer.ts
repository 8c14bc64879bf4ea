import { createCallQueueTimerHandler } from '../shared/handlers/call-queue-timer.ts';
import { lambdaEntry } from '../shared/handlers/lambda-entry.ts';

export const handler = lambdaEntry(createCallQueueTimerHandler);
