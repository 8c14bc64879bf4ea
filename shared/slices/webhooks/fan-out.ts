import { createHash } from 'node:crypto';
import type { Dependencies } from '../dependencies.ts';
import type { Delivery, WebhookPayload } from './model.ts';
import { subscribesTo } from './model.ts';

/** A bus event as EventBridge hands it to a target. */
export interface BusEnvelope {
  readonly id: string;
  readonly 'detail-type': string;
  readonly detail: { readonly tenantId: string; readonly occurredAt: string } & Record<string, unknown>;
}

/**
 * The delivery id of an event for a webhook: derived from both, so that a fan-out SQS repeats creates nothing
 * twice (the conditional put refuses it) and queues nothing twice.
 */
export const deliveryIdOf = (eventId: string, webhookId: string): string =>
  createHash('sha256').update(`${eventId}\n${webhookId}`).digest('hex').slice(0, 32);

export const payloadOf = (event: BusEnvelope): WebhookPayload => ({
  type: event['detail-type'],
  id: event.id,
  occurredAt: event.detail.occurredAt,
  tenantId: event.detail.tenantId,
  data: event.detail,
});

/**
 * One bus event of a tenant → one delivery per webhook of that tenant subscribed to its type, each queued as its
 * own message: no HTTP here, so a slow endpoint never holds the fan-out. `deps` are the tenant's.
 */
export const fanOutEvent = async (
  deps: Pick<Dependencies, 'webhooks' | 'clock' | 'deliveryQueue'>,
  event: BusEnvelope,
): Promise<number> => {
  const { tenantId } = event.detail;
  const webhooks = (await deps.webhooks.listAll(tenantId)).filter((webhook) =>
    subscribesTo(webhook.events, event['detail-type']),
  );
  const body = JSON.stringify(payloadOf(event));
  const now = deps.clock.now().toISOString();
  let queued = 0;
  for (const webhook of webhooks) {
    const delivery: Delivery = {
      tenantId,
      webhookId: webhook.webhookId,
      deliveryId: deliveryIdOf(event.id, webhook.webhookId),
      messageId: event.id,
      eventType: event['detail-type'],
      body,
      createdAt: now,
      status: 'pending',
      attempts: 0,
    };
    // A repeated fan-out finds the delivery; it is queued again only if it never got its first attempt.
    const created = await deps.webhooks.createDelivery(delivery);
    const existing = created
      ? delivery
      : await deps.webhooks.getDelivery(tenantId, webhook.webhookId, delivery.deliveryId);
    if (existing?.status !== 'pending') continue;
    await deps.deliveryQueue.enqueue({
      tenantId,
      webhookId: webhook.webhookId,
      deliveryId: delivery.deliveryId,
      at: now,
    });
    queued += 1;
  }
  return queued;
};
