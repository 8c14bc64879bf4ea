import type { Connection } from '../../slices/chargers/model.ts';
import type { ConnectionRegistry } from '../../slices/chargers/ports.ts';
import { keys } from '../dynamodb/keys.ts';
import { type MemoryTable, withoutKeys } from './table.ts';

export const createMemoryConnectionRegistry = (table: MemoryTable): ConnectionRegistry => ({
  async register(connection: Connection, expiresAt: Date): Promise<Connection | undefined> {
    const old = table.put({
      ...keys.connection(connection.tenantId, connection.chargerId),
      type: 'Connection',
      ...connection,
      ttl: Math.ceil(expiresAt.getTime() / 1000),
    });
    return old ? withoutKeys<Connection>(old) : undefined;
  },

  async touch(tenantId: string, chargerId: string, connectionId: string, at: string): Promise<void> {
    const current = table.get(keys.connection(tenantId, chargerId));
    if (current?.connectionId === connectionId) table.put({ ...current, lastSeenAt: at });
  },

  async remove(tenantId: string, chargerId: string, connectionId: string, at: string): Promise<boolean> {
    const key = keys.connection(tenantId, chargerId);
    if (table.get(key)?.connectionId !== connectionId) return false;
    table.delete(key);
    const charger = table.get(keys.charger(tenantId, chargerId));
    if (charger) table.put({ ...charger, lastSeenAt: at });
    return true;
  },
});
