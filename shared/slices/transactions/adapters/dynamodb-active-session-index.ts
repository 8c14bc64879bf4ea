import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../../adapters/dynamodb/keys.ts';
import type { ActiveSessionIndex, TokenSession } from '../ports.ts';
import { createSessionMarkers } from './session-markers.ts';

export { tokenSessionRetentionSeconds } from './session-markers.ts';

/** Markers live in the id token's partition, next to the token, with sort keys `SESSION#<sessionId>`. */
export const createDynamoActiveSessionIndex = (
  db: DynamoDBDocumentClient,
  tableName: string,
): ActiveSessionIndex => {
  const markers = createSessionMarkers<TokenSession>(db, tableName, 'TokenSession');
  return {
    add: (entry) => markers.put(keys.idTokenSession(entry.tenantId, entry.idToken, entry.sessionId), entry),
    remove: (tenantId, idToken, sessionId) =>
      markers.delete(keys.idTokenSession(tenantId, idToken, sessionId)),
    list: (tenantId, idToken) => markers.list(keys.idToken(tenantId, idToken).PK, keys.idTokenSessionPrefix),
  };
};
