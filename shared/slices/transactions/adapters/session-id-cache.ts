import { setRecentlyUsed } from '../../../adapters/recently-used.ts';
import type { SessionRepository } from '../ports.ts';

/** Mappings a container keeps: a few per connected charger served, bounded however long it lives. */
export const defaultSessionIdCacheSize = 10_000;

/**
 * Wraps a session repository so that a charger's transaction id is mapped to its session id once per
 * container, instead of once per message: every meter value of a session needs the mapping, and it never
 * changes once given (the mapping outlives even a deleted charger, whose transaction counter continues).
 * Only found mappings are kept, least recently used ones forgotten first.
 */
export const cacheSessionIds = (
  repository: SessionRepository,
  capacity = defaultSessionIdCacheSize,
): SessionRepository => {
  const sessionIds = new Map<string, string>();
  const keyOf = (tenantId: string, chargerId: string, chargerTransactionId: string) =>
    JSON.stringify([tenantId, chargerId, chargerTransactionId]);

  const remember = (key: string, sessionId: string) => setRecentlyUsed(sessionIds, key, sessionId, capacity);

  return {
    ...repository,
    async resolveSessionId(tenantId, chargerId, chargerTransactionId, candidate) {
      const key = keyOf(tenantId, chargerId, chargerTransactionId);
      const known = sessionIds.get(key);
      if (known) return remember(key, known);
      return remember(
        key,
        await repository.resolveSessionId(tenantId, chargerId, chargerTransactionId, candidate),
      );
    },
    async findSessionId(tenantId, chargerId, chargerTransactionId) {
      const key = keyOf(tenantId, chargerId, chargerTransactionId);
      const known =
        sessionIds.get(key) ?? (await repository.findSessionId(tenantId, chargerId, chargerTransactionId));
      return known && remember(key, known);
    },
  };
};
