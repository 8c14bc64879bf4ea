import { defineSlice, none } from '../slice.ts';
import { webhookOperations } from './http/webhooks.ts';
import { webhooksManifest } from './manifest.ts';
import { createWebhookDeliveryHandler, createWebhookFanOutHandler } from './queue-handlers.ts';

export const webhooksSlice = defineSlice({
  ...none,
  manifest: webhooksManifest,
  operations: webhookOperations,
  functions: {
    'webhook-fan-out': createWebhookFanOutHandler,
    'webhook-delivery': createWebhookDeliveryHandler,
  },
});
