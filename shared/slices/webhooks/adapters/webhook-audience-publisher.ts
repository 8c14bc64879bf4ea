import type { DomainEvent } from '../../../events/catalog.ts';
import type { EventPublisher } from '../../../kernel/ports.ts';
import { detailTypesOf } from '../model.ts';
import type { WebhookAudience } from '../ports.ts';

/**
 * Marks each event one of its tenant's webhooks subscribes to (`webhook: true`, in any version it is published
 * in) before it goes on the bus: the fan-out rule takes only those, so the events of tenants without webhooks
 * (most of them) cost no queue message, fan-out invocation or query. The fan-out still matches each event
 * against the webhooks it reads, so a stale mark sends nothing wrong.
 */
export const markWebhookAudience = (publisher: EventPublisher, audience: WebhookAudience): EventPublisher => {
  // Unreadable webhooks (a throttled query) mark the event: the fan-out checks again, and the charger's message
  // is neither failed nor its event kept from a webhook that wants it.
  const wanted = (event: DomainEvent): Promise<boolean> =>
    audience.subscribes(event.detail.tenantId, detailTypesOf(event.name)).catch(() => true);
  return {
    async publish(events) {
      const marked = await Promise.all(
        events.map(async (event) =>
          (await wanted(event))
            ? ({ ...event, detail: { ...event.detail, webhook: true } } as DomainEvent)
            : event,
        ),
      );
      await publisher.publish(marked);
    },
  };
};
