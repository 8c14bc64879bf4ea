import { setRecentlyUsed } from '../../../adapters/recently-used.ts';
import type { Clock } from '../../../kernel/ports.ts';
import type { ProgressAudience } from '../../transactions/ports.ts';

/** How long a container trusts what it read: a new webhook gets samples within this. */
export const progressAudienceTtlMs = 5 * 60_000;

/**
 * Remembers per tenant and container, for `ttlMs`, whether the tenant listens (`listening`: one query of its
 * handful of webhooks, see progress-audience.ts), asked only when a sample is due.
 */
export const cacheProgressAudience = (
  listening: (tenantId: string) => Promise<boolean>,
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
      const answer = await listening(tenantId);
      return setRecentlyUsed(known, tenantId, { listening: answer, until: now + ttlMs }, capacity).listening;
    },
  };
};

/** For deployments whose own rules on the bus consume every sample (TRANSACTION_UPDATED_FOR_ALL_SESSIONS=1). */
export const everyoneListens: ProgressAudience = { listening: async () => true };
