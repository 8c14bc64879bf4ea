import type { ConnectionRegistry } from '../ports.ts';

/**
 * How stale a connected charger's `lastSeenAt` may get. An open connection already means the charger was seen
 * within API Gateway's 10-minute idle timeout (`online: true` is exact); `$disconnect` writes the final time.
 */
export const defaultLastSeenWriteIntervalSeconds = 30 * 60;

/**
 * Wraps a connection registry so that `touch` (every Heartbeat) writes `lastSeenAt` at most once per interval
 * and connection, instead of once per Heartbeat: with a 540 s heartbeat a 2-hour connection then costs 3 writes
 * instead of 13 (3 instead of 23 at 300 s).
 *
 * The memory is per process, i.e. per Lambda container (containers are reused). Each container writes on the
 * first Heartbeat it sees of a connection, so with K warm containers a connection costs up to K writes per
 * interval: still far fewer than one per Heartbeat unless K approaches interval / heartbeat interval.
 * Connections registered by this process count as written at their connect time.
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

    async touch(tenantId, chargerId, connectionId, at) {
      const atMs = Date.parse(at);
      const writtenAt = lastWritten.get(connectionId);
      if (writtenAt !== undefined && atMs - writtenAt < intervalMs) return;
      await registry.touch(tenantId, chargerId, connectionId, at);
      remember(connectionId, atMs);
    },

    async remove(tenantId, chargerId, connectionId, at) {
      lastWritten.delete(connectionId);
      return registry.remove(tenantId, chargerId, connectionId, at);
    },
  };
};
