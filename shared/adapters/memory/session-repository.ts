import type { Session, SessionMeterValue } from '../../slices/transactions/model.ts';
import type { SessionRepository } from '../../slices/transactions/ports.ts';
import { decodeCursor } from '../dynamodb/cursor.ts';
import { keys } from '../dynamodb/keys.ts';
import { pageOf } from '../dynamodb/paging.ts';
import { type MemoryTable, withoutKeys } from './table.ts';

export const createMemorySessionRepository = (table: MemoryTable): SessionRepository => ({
  async resolveSessionId(tenantId, chargerId, chargerTransactionId, candidate) {
    const key = keys.chargerTransaction(tenantId, chargerId, chargerTransactionId);
    const stored = table.get(key)?.sessionId as string | undefined;
    if (stored) return stored;
    table.put({
      ...key,
      type: 'ChargerTransaction',
      tenantId,
      chargerId,
      chargerTransactionId,
      sessionId: candidate,
    });
    return candidate;
  },

  async findSessionId(tenantId, chargerId, chargerTransactionId) {
    return table.get(keys.chargerTransaction(tenantId, chargerId, chargerTransactionId))?.sessionId as
      | string
      | undefined;
  },

  async get(tenantId, sessionId) {
    const item = table.get(keys.session(tenantId, sessionId));
    return item && withoutKeys<Session>(item);
  },

  async save(session) {
    const key = keys.session(session.tenantId, session.sessionId);
    const stored = table.get(key);
    const expected =
      session.revision === 1 ? stored === undefined : stored?.revision === session.revision - 1;
    if (!expected) return false;
    table.put({
      ...key,
      ...keys.sessionIndex(session.tenantId, session.startedAt, session.sessionId),
      type: 'Session',
      ...session,
    });
    return true;
  },

  async recordMeterValues(tenantId, sessionId, values) {
    for (const value of values) {
      const key = keys.meterValue(tenantId, sessionId, value.at, value.seqNo);
      if (!table.get(key)) table.put({ ...key, type: 'MeterValue', ...value });
    }
  },

  async getWithMeterValues(tenantId, sessionId) {
    const items = table.queryPartition(keys.session(tenantId, sessionId).PK);
    const session = items.find((item) => item.SK === 'TX');
    if (!session) return undefined;
    return {
      session: withoutKeys<Session>(session),
      meterValues: items
        .filter((item) => item.SK.startsWith(keys.meterValuePrefix))
        .map((item) => withoutKeys<SessionMeterValue>(item)),
    };
  },

  async latestMeterValues(tenantId, sessionId, limit) {
    return table
      .queryPartition(keys.session(tenantId, sessionId).PK)
      .filter((item) => item.SK.startsWith(keys.meterValuePrefix))
      .reverse()
      .slice(0, limit)
      .map((item) => withoutKeys<SessionMeterValue>(item));
  },

  async list(tenantId, query) {
    const partition = keys.sessionIndexPartition(tenantId);
    // The cursor is checked exactly as in DynamoDB: it must name this tenant's index partition.
    const before = decodeCursor(query.cursor, 'GSI1PK', partition)?.GSI1SK;
    const matching = table
      .queryIndex(partition)
      .reverse()
      .filter((item) => before === undefined || (item.GSI1SK as string) < before)
      .filter((item) => !query.chargerId || item.chargerId === query.chargerId)
      .filter((item) => !query.status || item.status === query.status)
      .filter((item) => !query.siteIds || query.siteIds.includes(item.siteId as string));
    return pageOf(matching.slice(0, query.limit + 1), query.limit, (item) => withoutKeys<Session>(item));
  },
});
