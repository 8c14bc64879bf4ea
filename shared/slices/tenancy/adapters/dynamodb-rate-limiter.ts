import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { whenConditionHolds } from '../../../adapters/dynamodb/conditional.ts';
import { keys } from '../../../adapters/dynamodb/keys.ts';
import type { RateLimiter } from '../ports.ts';

/** Window items outlive their second only briefly; TTL deletes them (late, which does not matter). */
const windowTtlSeconds = 60;

/**
 * Fixed one-second windows: one counter item per tenant and second, incremented only while below the limit.
 * A refused increment (ConditionalCheckFailed) means limited until the next second.
 */
export const createDynamoRateLimiter = (db: DynamoDBDocumentClient, tableName: string): RateLimiter => ({
  async consume(tenantId, limitPerSecond, now) {
    const second = Math.floor(now.getTime() / 1000);
    const allowed = await whenConditionHolds(() =>
      db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.rateWindow(tenantId, second),
          UpdateExpression: 'ADD #count :one SET #ttl = :ttl',
          ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
          ExpressionAttributeNames: { '#count': 'requests', '#ttl': 'ttl' },
          ExpressionAttributeValues: {
            ':one': 1,
            ':limit': limitPerSecond,
            ':ttl': second + windowTtlSeconds,
          },
        }),
      ),
    );
    // The next window starts within a second; Retry-After counts whole seconds.
    return { allowed, retryAfterSeconds: allowed ? 0 : 1 };
  },
});
