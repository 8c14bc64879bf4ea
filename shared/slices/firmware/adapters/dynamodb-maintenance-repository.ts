import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { withoutKeys } from '../../../adapters/dynamodb/conditional.ts';
import { keys } from '../../../adapters/dynamodb/keys.ts';
import { putIfRevision } from '../../../adapters/dynamodb/revision.ts';
import type { MaintenanceKind, MaintenanceState } from '../model.ts';
import type { MaintenanceRepository } from '../ports.ts';

const keyOf = (tenantId: string, chargerId: string, kind: MaintenanceKind) => {
  switch (kind) {
    case 'firmware':
      return keys.firmwareStatus(tenantId, chargerId);
    case 'diagnostics':
      return keys.diagnosticsStatus(tenantId, chargerId);
    case 'firmwarePublication':
      return keys.firmwarePublicationStatus(tenantId, chargerId);
  }
};

/**
 * `TENANT#t#CS#cp#MAINT / FW`, `/ DIAG` and `/ PUBFW`: the last request, the last status and a short history
 * each.
 */
export const createDynamoMaintenanceRepository = (
  db: DynamoDBDocumentClient,
  tableName: string,
): MaintenanceRepository => ({
  async get(tenantId, chargerId, kind) {
    const { Item } = await db.send(
      new GetCommand({ TableName: tableName, Key: keyOf(tenantId, chargerId, kind), ConsistentRead: true }),
    );
    return Item && withoutKeys<MaintenanceState>(Item);
  },

  save: (state) =>
    putIfRevision(db, tableName, {
      ...keyOf(state.tenantId, state.chargerId, state.kind),
      type: 'MaintenanceState',
      ...state,
    }),
});
