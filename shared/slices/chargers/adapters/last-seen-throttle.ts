import { lastSeenWriteIntervalSeconds } from '../model.ts';
import type { ConnectionRegistry } from '../ports.ts';

/**
 * How stale a connected charger's `lastSeenAt` may get. `$disconnect` writes the final time; a connection whose
 * record outlives its charger (`$disconnect` is best effort) counts as silent after `silentAfter` (model.ts).
 */
export const defaultLastSeenWriteIntervalSeconds = lastSeenWriteIntervalSeconds;

/**
 * Wraps a connection registry so that `touch` (every Heartbeat) writes `lastSeenAt` at most once per interval
 * and connection, instead of once per Heartbeat: with a 540 s heartbeat a 2-hour connection then costs 3 writes
 * instead of 13 (3 instead of 23 at 300 s).
 *
 * The memory is per process, i.e. per Lambda container (containers are reused). `$connect` runs in another
 * function, so a `$default` container never sees the register; but `$connect` stored `lastSeenAt` at the
 * connect time, which every message event carries (`connectedAt`): that counts as a write in any container.
 * Past the first interval each container writes on the first Heartbeat it sees of a connection, so with K warm
 * containers a connection costs up to K writes per interval: still far fewer than one per Heartbeat unless K
 * approaches interval / heartbeat interval. Connections registered by this process count as written too.
 */
export const throttleLastSeenWrites = (
  registry: ConnectionRegistry,
  intervalSeconds = defaultLastSeenWriteIntervalSeconds,
): ConnectionRegistry => {
  const intervalMs = intervalSeconds * 1000;
  // connectionId → epoch ms of the last write; kept in write order, so the oldest entries come first.
  const lastWritten = new Map<string, number>();

  const remember = (connectionId: string, atMs: number) => {
    lastWritten.delete(connectionId);
    lastWritten.set(connectionId, atMs);
    // Entries older than the interval would be rewritten anyway: forgetting them bounds the memory.
    for (const [oldest, writtenAt] of lastWritten) {
      if (atMs - writtenAt < intervalMs) break;
      lastWritten.delete(oldest);
    }
  };

  return {
    ...registry,
    async register(connection, expiresAt) {
      const replaced = await registry.register(connection, expiresAt);
      remember(connection.connectionId, Date.parse(connection.lastSeenAt));
      return replaced;
    },

    async touch(tenantId, chargerId, connectionId, at, connectedAt, silentAfter) {
      const atMs = Date.parse(at);
      // The later of this container's last write and the register's (an unparsable time counts as none).
      const registeredAt = connectedAt === undefined ? Number.NaN : Date.parse(connectedAt);
      const writtenAt = Math.max(
        lastWritten.get(connectionId) ?? Number.NEGATIVE_INFINITY,
        Number.isNaN(registeredAt) ? Number.NEGATIVE_INFINITY : registeredAt,
      );
      if (atMs - writtenAt < intervalMs) return;
      await registry.touch(tenantId, chargerId, connectionId, at, connectedAt, silentAfter);
      remember(connectionId, atMs);
    },

    async remove(tenantId, chargerId, connectionId, at) {
      lastWritten.delete(connectionId);
      return registry.remove(tenantId, chargerId, connectionId, at);
    },

    async expireSilent(tenantId, connection) {
      lastWritten.delete(connection.connectionId);
      return registry.expireSilent(tenantId, connection);
    },
  };
};
