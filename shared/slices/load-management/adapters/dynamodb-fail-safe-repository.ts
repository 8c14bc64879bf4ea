import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { whenConditionHolds } from '../../../adapters/dynamodb/conditional.ts';
import { keys } from '../../../adapters/dynamodb/keys.ts';
import type { FailSafeRepository } from '../ports.ts';

/**
 * The fail-safe default on the charger item (`TENANT#t#CS#cp / CS`), which the boot reads anyway: a managed
 * charger's boot needs no other read to know its default. Never creates a charger (deleted meanwhile: false).
 */
export const createDynamoFailSafeRepository = (
  db: DynamoDBDocumentClient,
  tableName: string,
): FailSafeRepository => ({
  plan: (tenantId, chargerId, limitA) =>
    whenConditionHolds(() =>
      db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.charger(tenantId, chargerId),
          ...(limitA === null
            ? { UpdateExpression: 'REMOVE failSafeLimitA, failSafeAcceptedA, failSafeAcceptedAt' }
            : {
                UpdateExpression: 'SET failSafeLimitA = :limit',
                ExpressionAttributeValues: { ':limit': limitA },
              }),
          ConditionExpression: 'attribute_exists(PK)',
        }),
      ),
    ),

  recordAccepted: (tenantId, chargerId, accepted) =>
    whenConditionHolds(() =>
      db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.charger(tenantId, chargerId),
          UpdateExpression: 'SET failSafeAcceptedA = :limit, failSafeAcceptedAt = :at',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: { ':limit': accepted.limitA, ':at': accepted.at },
        }),
      ),
    ),
});
