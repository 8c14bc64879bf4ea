import type { PendingCall, QueuedCall } from '../../slices/commands/model.ts';
import type { PendingCallStore } from '../../slices/commands/ports.ts';
import { keys } from '../dynamodb/keys.ts';
import { type MemoryTable, withoutKeys } from './table.ts';

/** Same conditions as the DynamoDB adapter: free, expired, or held on another connection. */
export const createMemoryPendingCallStore = (table: MemoryTable): PendingCallStore => ({
  async acquire(call, now) {
    const key = keys.pendingCall(call.tenantId, call.chargerId);
    const held = table.get(key);
    if (held && (held.expiresAt as string) > now.toISOString() && held.connectionId === call.connectionId) {
      return { acquired: false, holder: withoutKeys<PendingCall>(held) };
    }
    table.put({ ...key, type: 'PendingCall', ...call, ttl: Math.ceil(Date.parse(call.expiresAt) / 1000) });
    return held ? { acquired: true, replaced: withoutKeys<PendingCall>(held) } : { acquired: true };
  },

  async get(tenantId, chargerId) {
    const item = table.get(keys.pendingCall(tenantId, chargerId));
    return item ? withoutKeys<PendingCall>(item) : undefined;
  },

  async release(tenantId, chargerId, messageId) {
    const key = keys.pendingCall(tenantId, chargerId);
    if (table.get(key)?.messageId !== messageId) return false;
    table.delete(key);
    return true;
  },

  async queued(tenantId, chargerId, limit) {
    return table
      .queryPartition(keys.chargerPartition(tenantId, chargerId))
      .filter((item) => item.SK.startsWith(keys.queuedCallPrefix))
      .slice(0, limit)
      .map((item) => withoutKeys<QueuedCall>(item));
  },

  async enqueue(call) {
    table.put({
      ...keys.queuedCall(call.tenantId, call.chargerId, call.commandId),
      type: 'QueuedCall',
      ...call,
    });
  },

  async dequeue(tenantId, chargerId, commandId) {
    return table.delete(keys.queuedCall(tenantId, chargerId, commandId)) !== undefined;
  },
});
