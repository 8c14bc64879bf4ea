import { eventSources } from '../../events/catalog.ts';
import { defineManifest } from '../../topology/manifest.ts';

export const webhooksManifest = defineManifest({
  slice: 'webhooks',
  summary:
    "Tenants' webhooks: registration, Standard Webhooks signing, delivery with retries for 24 h, the delivery log",
  routes: {
    tenant: [
      ['POST', '/v1/webhooks', 'createWebhook'],
      ['GET', '/v1/webhooks', 'listWebhooks'],
      ['GET', '/v1/webhooks/{webhookId}', 'getWebhook'],
      ['DELETE', '/v1/webhooks/{webhookId}', 'deleteWebhook'],
      ['POST', '/v1/webhooks/{webhookId}/rotate-secret', 'rotateWebhookSecret'],
      ['GET', '/v1/webhooks/{webhookId}/deliveries', 'listWebhookDeliveries'],
      ['POST', '/v1/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver', 'redeliverWebhookDelivery'],
    ],
  },
  functions: {
    'webhook-fan-out': {
      entry: 'functions/webhook-fan-out.ts',
      description:
        "Webhook fan-out: a bus event to one delivery per subscribed webhook of the event's tenant",
      access: { tenantData: true, sendWebhookDeliveries: true },
      // A batch of 10 events at once, each a query and up to 20 webhooks × (a put and a send).
      timeoutSeconds: 20,
      tracing: { mode: 'PassThrough', why: 'one invocation per bus event: the volume of the charger path' },
    },
    'webhook-delivery': {
      entry: 'functions/webhook-delivery.ts',
      description: 'Webhook delivery: one signed POST per message, 10 s time-out, retries with backoff',
      access: { tenantData: true, sendWebhookDeliveries: true },
      // The messages of a batch run at once, each at most 10 s of HTTP plus its reads and writes.
      timeoutSeconds: 30,
      tracing: {
        mode: 'PassThrough',
        why: 'one invocation per delivery batch: follows the queue, samples nothing',
      },
    },
  },
  queues: {
    'webhook-events': {
      description:
        "The tenant events of the bus that a webhook subscribes to, for the webhook fan-out (the rule's target)",
      consumer: 'webhook-fan-out',
      batchSize: 10,
      // Only subscribed events pass here: at a busy fleet full batches make its receive and delete a tenth of a
      // request per event; a delivery waits ≤ 5 s more.
      batchingWindowSeconds: 5,
      maxReceiveCount: 5,
      maxConcurrency: 5,
    },
    'webhook-deliveries': {
      description:
        'One message per delivery attempt, delayed until due (at most 900 s; later ones are sent on by the consumer)',
      consumer: 'webhook-delivery',
      batchSize: 10,
      maxReceiveCount: 5,
      // A ceiling on what all endpoints together take of the account's Lambda pool: 20 × 10 attempts at once.
      maxConcurrency: 20,
    },
  },
  eventRules: [
    {
      id: 'TenantEventsToWebhooks',
      description: "The events a tenant's webhooks subscribe to, to the webhook fan-out queue",
      // Marked when published (webhook-audience-publisher.ts): events no webhook wants start nothing.
      pattern: {
        source: [eventSources.ocpp, eventSources.api, eventSources.billing],
        detail: { webhook: [true] },
      },
      target: { queue: 'webhook-events' },
    },
  ],
});
