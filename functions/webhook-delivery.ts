import { lambdaEntry } from '../shared/handlers/lambda-entry.ts';
import { createWebhookDeliveryHandler } from '../shared/slices/webhooks/queue-handlers.ts';

export const handler = lambdaEntry(createWebhookDeliveryHandler);
