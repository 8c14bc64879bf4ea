import type { Page } from '../../kernel/ports.ts';
import type { Charger, ChargerView, Connection, ConnectorStatus } from '../../slices/chargers/model.ts';
import { chargerFieldsFromBoot } from '../../slices/chargers/model.ts';
import type { ChargerRepository } from '../../slices/chargers/ports.ts';
import type { Tenant } from '../../slices/tenancy/model.ts';
import { decodeCursor, encodeCursor } from '../dynamodb/cursor.ts';
import { keys } from '../dynamodb/keys.ts';
import { patched } from './paging.ts';
import { type MemoryTable, type StoredItem, withoutKeys } from './table.ts';

/** Same as the DynamoDB adapter: a view from all items of the charger's partition. */
const toView = (items: readonly StoredItem[], now: Date): ChargerView | undefined => {
  let charger: Charger | undefined;
  let connection: Connection | undefined;
  const connectors: ConnectorStatus[] = [];
  for (const item of items) {
    if (item.SK === 'CS') charger = withoutKeys<Charger>(item);
    // An expired connection is a dead one, whether or not TTL has deleted it yet.
    else if (item.SK === 'CONN' && typeof item.ttl === 'number' && item.ttl * 1000 > now.getTime()) {
      connection = withoutKeys<Connection>(item);
    } else if (item.SK.startsWith(keys.connectorPrefix)) connectors.push(withoutKeys<ConnectorStatus>(item));
  }
  if (!charger) return undefined;
  connectors.sort((a, b) => a.evseId - b.evseId || a.connectorId - b.connectorId);
  return { charger, ...(connection && { connection }), connectors };
};

/** Sets present fields and removes absent ones, like the DynamoDB adapter's SET … REMOVE … update. */
const setOrRemove = (item: StoredItem, fields: Record<string, unknown>): StoredItem => {
  const updated: Record<string, unknown> = { ...item };
  for (const [field, value] of Object.entries(fields)) {
    if (value === undefined) delete updated[field];
    else updated[field] = value;
  }
  return updated as StoredItem;
};

export const createMemoryChargerRepository = (table: MemoryTable): ChargerRepository => {
  const view = (tenantId: string, chargerId: string, now: Date) =>
    toView(table.queryPartition(keys.chargerPartition(tenantId, chargerId)), now);

  return {
    async create(charger) {
      const key = keys.charger(charger.tenantId, charger.chargerId);
      if (table.get(key)) return false;
      table.put({
        ...key,
        ...keys.chargerIndex(charger.tenantId, charger.chargerId, charger.siteId),
        type: 'Charger',
        ...charger,
      });
      return true;
    },

    async getWithTenant(tenantId, chargerId) {
      const tenant = table.get(keys.tenant(tenantId));
      const charger = table.get(keys.charger(tenantId, chargerId));
      return {
        ...(tenant && { tenant: withoutKeys<Tenant>(tenant) }),
        ...(charger && { charger: withoutKeys<Charger>(charger) }),
      };
    },

    getView: async (tenantId, chargerId, now) => view(tenantId, chargerId, now),

    async list(tenantId, query, now): Promise<Page<ChargerView>> {
      const partition = keys.chargerIndexPartition(tenantId);
      if (query.siteIds?.length === 0) return { items: [] };
      const sitePrefix = query.siteId && keys.siteIndexPrefix(query.siteId);
      // The cursor is checked exactly as in DynamoDB: it must name this tenant's index partition.
      const after = decodeCursor(query.cursor, 'GSI1PK', partition)?.GSI1SK;
      const matching = table
        .queryIndex(partition)
        .filter((item) => !sitePrefix || (item.GSI1SK as string).startsWith(sitePrefix))
        .filter((item) => after === undefined || (item.GSI1SK as string) > after);
      const page = matching.slice(0, query.limit);
      const last = page.at(-1);
      const cursor =
        matching.length > page.length && last
          ? encodeCursor({ PK: last.PK, SK: last.SK, GSI1PK: last.GSI1PK, GSI1SK: last.GSI1SK })
          : undefined;
      // Like DynamoDB's FilterExpression: applied after the limit, so a page may hold fewer items.
      const views = page
        .filter((item) => !query.siteIds || query.siteIds.includes(item.siteId as string))
        .map((item) => view(tenantId, item.chargerId as string, now));
      return { items: views.filter((v) => v !== undefined), ...(cursor && { cursor }) };
    },

    async update(tenantId, chargerId, changes, change) {
      const item = table.get(keys.charger(tenantId, chargerId));
      if (!item) return undefined;
      const { siteId, description } = changes;
      const updated = patched(item, {
        siteId,
        description,
        ...(siteId !== undefined && {
          GSI1SK: keys.chargerIndex(tenantId, chargerId, siteId ?? undefined).GSI1SK,
        }),
        updatedAt: change.at,
        updatedBy: change.actor,
      });
      table.put(updated);
      return withoutKeys<Charger>(updated);
    },

    async setPassword(tenantId, chargerId, passwordHash, change) {
      const item = table.get(keys.charger(tenantId, chargerId));
      if (!item) return false;
      table.put({ ...item, passwordHash, updatedAt: change.at, updatedBy: change.actor });
      return true;
    },

    async delete(tenantId, chargerId) {
      // The charger item first, as in DynamoDB, then the rest of its partition.
      if (!table.delete(keys.charger(tenantId, chargerId))) return false;
      for (const item of table.queryPartition(keys.chargerPartition(tenantId, chargerId))) table.delete(item);
      return true;
    },

    async recordBoot(tenantId, chargerId, boot) {
      const item = table.get(keys.charger(tenantId, chargerId));
      if (!item) return undefined;
      const updated = setOrRemove(item, chargerFieldsFromBoot(chargerId, boot));
      table.put(updated);
      const siteId = updated.siteId as string | undefined;
      return siteId ? { siteId } : {};
    },

    async recordConnectorStatus(tenantId, chargerId, status) {
      const key = keys.connector(tenantId, chargerId, status.evseId, status.connectorId);
      const old = table.get(key);
      // A late message with an older time changes nothing; an equal time is stored, as with `<=` in DynamoDB.
      if (typeof old?.statusAt === 'string' && old.statusAt > status.statusAt) return { stored: false };
      table.put(
        setOrRemove(old ?? { ...key }, {
          type: 'ConnectorStatus',
          evseId: status.evseId,
          connectorId: status.connectorId,
          status: status.status,
          errorCode: status.errorCode,
          info: status.info,
          statusAt: status.statusAt,
        }),
      );
      const previousStatus = old?.status as string | undefined;
      return { stored: true, ...(previousStatus && { previousStatus }) };
    },
  };
};
