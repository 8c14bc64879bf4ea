import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../../adapters/dynamodb/keys.ts';
import type { ChargerSession, ChargerSessionIndex } from '../ports.ts';
import { createSessionMarkers } from './session-markers.ts';

/** Markers in the charger's partition (`TXACTIVE#<sessionId>`, outside the view's range), like an id token's. */
export const createDynamoChargerSessionIndex = (
  db: DynamoDBDocumentClient,
  tableName: string,
): ChargerSessionIndex => {
  const markers = createSessionMarkers<ChargerSession>(db, tableName, 'ChargerSession');
  return {
    add: (entry) =>
      markers.put(keys.chargerActiveSession(entry.tenantId, entry.chargerId, entry.sessionId), entry),
    remove: (tenantId, chargerId, sessionId) =>
      markers.delete(keys.chargerActiveSession(tenantId, chargerId, sessionId)),
    list: (tenantId, chargerId) =>
      markers.list(keys.chargerPartition(tenantId, chargerId), keys.chargerActiveSessionPrefix),
  };
};
