import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { whenConditionHolds } from '../../../adapters/dynamodb/conditional.ts';
import { keys } from '../../../adapters/dynamodb/keys.ts';
import type { BillingRepository } from '../ports.ts';

export const createDynamoBillingRepository = (
  db: DynamoDBDocumentClient,
  tableName: string,
): BillingRepository => ({
  recordPending: (record) =>
    // Conditional: Step Functions retries and duplicate events must not record a session twice.
    whenConditionHolds(() =>
      db.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...keys.pendingBilling(record.tenantId, record.sessionId),
            type: 'PendingBilling',
            status: 'PENDING_PRICING',
            ...record,
          },
          ...(record.sessionVersion === undefined
            ? { ConditionExpression: 'attribute_not_exists(PK)' }
            : {
                ConditionExpression:
                  'attribute_not_exists(PK) OR (#status = :pending AND ' +
                  '(attribute_not_exists(sessionVersion) OR sessionVersion < :sessionVersion))',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: {
                  ':pending': 'PENDING_PRICING',
                  ':sessionVersion': record.sessionVersion,
                },
              }),
        }),
      ),
    ),
});
