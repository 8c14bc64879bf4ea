import { setRecentlyUsed } from '../../../adapters/recently-used.ts';
import { eventCatalog } from '../../../events/catalog.ts';
import type { Clock } from '../../../kernel/ports.ts';
import type { ProgressAudience } from '../../transactions/ports.ts';
import { subscribesTo } from '../event-types.ts';
import type { WebhookRepository } from '../ports.ts';

/** The detail types of a periodic sample's event, current and previous versions. */
const progressTypes = [
  eventCatalog.transactionUpdated.detailType,
  ...eventCatalog.transactionUpdated.previous.map((version) => version.detailType),
];

/** How long a container trusts what it read: a new webhook gets samples within this. */
export const progressAudienceTtlMs = 5 * 60_000;

/**
 * A tenant listens when one of its webhooks subscribes to TransactionUpdated (either version) or to "*". Read
 * once per tenant and container every `ttlMs` (one query of a handful of items), and only when a sample is due.
 */
export const createWebhookProgressAudience = (
  webhooks: Pick<WebhookRepository, 'listAll'>,
  clock: Clock,
  ttlMs = progressAudienceTtlMs,
  capacity = 1_000,
): ProgressAudience => {
  const known = new Map<string, { listening: boolean; until: number }>();
  return {
    async listening(tenantId) {
      const now = clock.now().getTime();
      const cached = known.get(tenantId);
      if (cached && cached.until > now) return cached.listening;
      const all = await webhooks.listAll(tenantId);
      const listening = all.some((webhook) =>
        progressTypes.some((type) => subscribesTo(webhook.events, type)),
      );
      return setRecentlyUsed(known, tenantId, { listening, until: now + ttlMs }, capacity).listening;
    },
  };
};

/** For deployments whose own rules on the bus consume every sample (TRANSACTION_UPDATED_FOR_ALL_SESSIONS=1). */
export const everyoneListens: ProgressAudience = { listening: async () => true };
