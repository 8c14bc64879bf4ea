import { setRecentlyUsed } from '../../../adapters/recently-used.ts';
import type { Clock } from '../../../kernel/ports.ts';
import { subscribesTo } from '../model.ts';
import type { WebhookAudience } from '../ports.ts';

/** How long a container trusts what it read: a new webhook hears the events of a charger function within this. */
export const webhookAudienceTtlMs = 5 * 60_000;

/**
 * Remembers per tenant and container, for `ttlMs`, what the tenant's webhooks subscribe to (`subscriptions`: one
 * query of its handful of webhooks), so that marking an event for the webhook fan-out costs no read per event.
 *
 * `forget` drops a tenant whose webhooks this container just created or deleted. On AWS that is the API
 * function's container: the charger functions' containers keep their answer up to `ttlMs` (the documented delay
 * before a new webhook hears their events). The local runtime runs every function in one process with one set of
 * dependencies per tenant, so there a new webhook hears the next event. What is remembered is the read itself,
 * so the events of one batch share one read; a failed read is forgotten.
 */
export const cacheWebhookAudience = (
  subscriptions: (tenantId: string) => Promise<readonly (readonly string[])[]>,
  clock: Clock,
  ttlMs = webhookAudienceTtlMs,
  capacity = 1_000,
): WebhookAudience => {
  type Subscriptions = Promise<readonly (readonly string[])[]>;
  const known = new Map<string, { subscriptions: Subscriptions; until: number }>();
  const subscriptionsOf = (tenantId: string): Subscriptions => {
    const now = clock.now().getTime();
    const cached = known.get(tenantId);
    // A hit makes the tenant the most recently used one: the busiest tenants stay remembered.
    if (cached && cached.until > now) return setRecentlyUsed(known, tenantId, cached, capacity).subscriptions;
    const read = subscriptions(tenantId);
    const entry = { subscriptions: read, until: now + ttlMs };
    read.catch(() => {
      if (known.get(tenantId) === entry) known.delete(tenantId);
    });
    return setRecentlyUsed(known, tenantId, entry, capacity).subscriptions;
  };
  return {
    async subscribes(tenantId, detailTypes) {
      const all = await subscriptionsOf(tenantId);
      return all.some((events) => detailTypes.some((type) => subscribesTo(events, type)));
    },
    forget(tenantId) {
      known.delete(tenantId);
    },
  };
};
