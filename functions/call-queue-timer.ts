import { lambdaEntry } from '../shared/handlers/lambda-entry.ts';
import { createCallQueueTimerHandler } from '../shared/slices/commands/call-queue-timer-handler.ts';

export const handler = lambdaEntry(createCallQueueTimerHandler);
