import { lambdaEntry } from '../shared/handlers/lambda-entry.ts';
import { createWebhookFanOutHandler } from '../shared/slices/webhooks/queue-handlers.ts';

export const handler = lambdaEntry(createWebhookFanOutHandler);
