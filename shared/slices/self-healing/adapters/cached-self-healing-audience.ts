import { setRecentlyUsed } from '../../../adapters/recently-used.ts';
import type { Clock } from '../../../kernel/ports.ts';
import type { SelfHealingAudience } from '../ports.ts';

/** How long a container trusts what it read: a tenant that turns self-healing on is healed within this. */
export const selfHealingAudienceTtlMs = 5 * 60_000;

/**
 * Remembers per tenant and container, for `ttlMs`, whether the tenant has self-healing on (`enabled`: one read of
 * its settings, see self-healing-audience.ts), asked only by an event self-healing would consume.
 *
 * `forget` drops the answer of a tenant whose settings this container just wrote (`PUT /v1/self-healing`). On AWS
 * that is the API function's container, which publishes none of these events: the charger functions' containers
 * keep their answer up to `ttlMs` (the documented delay), and the workflows read the settings again anyway, so a
 * stale "on" only starts an execution that stops. The local runtime runs every function in one process with one
 * set of dependencies per tenant, so there the write is seen at once: the same code, no TTL of its own, and the
 * tests that turn self-healing on and then fault a charger see it healed. A read under way when the tenant is
 * forgotten is not remembered (it may predate the write).
 */
export const cacheSelfHealingAudience = (
  enabled: (tenantId: string) => Promise<boolean>,
  clock: Clock,
  ttlMs = selfHealingAudienceTtlMs,
  capacity = 1_000,
): SelfHealingAudience => {
  const known = new Map<string, { enabled: boolean; until: number }>();
  let forgets = 0;
  return {
    async enabled(tenantId) {
      const now = clock.now().getTime();
      const cached = known.get(tenantId);
      // A hit makes the tenant the most recently used one: the busiest tenants stay remembered.
      if (cached && cached.until > now) return setRecentlyUsed(known, tenantId, cached, capacity).enabled;
      const before = forgets;
      const answer = await enabled(tenantId);
      if (forgets !== before) return answer;
      return setRecentlyUsed(known, tenantId, { enabled: answer, until: now + ttlMs }, capacity).enabled;
    },
    forget(tenantId) {
      forgets += 1;
      known.delete(tenantId);
    },
  };
};
