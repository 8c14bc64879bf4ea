import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { whenConditionHolds, withoutKeys } from '../../../adapters/dynamodb/conditional.ts';
import { keys } from '../../../adapters/dynamodb/keys.ts';
import type { Connection } from '../model.ts';
import type { ConnectionRegistry } from '../ports.ts';

export const createDynamoConnectionRegistry = (
  db: DynamoDBDocumentClient,
  tableName: string,
): ConnectionRegistry => ({
  async register(connection: Connection, expiresAt: Date): Promise<Connection | undefined> {
    const { Attributes } = await db.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...keys.connection(connection.tenantId, connection.chargerId),
          type: 'Connection',
          ...connection,
          ttl: Math.ceil(expiresAt.getTime() / 1000),
        },
        ReturnValues: 'ALL_OLD',
      }),
    );
    return Attributes ? withoutKeys<Connection>(Attributes) : undefined;
  },

  async touch(tenantId: string, chargerId: string, connectionId: string, at: string): Promise<void> {
    await whenConditionHolds(() =>
      db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.connection(tenantId, chargerId),
          UpdateExpression: 'SET lastSeenAt = :at',
          ConditionExpression: 'connectionId = :connectionId',
          ExpressionAttributeValues: { ':at': at, ':connectionId': connectionId },
        }),
      ),
    );
  },

  async remove(tenantId: string, chargerId: string, connectionId: string, at: string): Promise<boolean> {
    const removed = await whenConditionHolds(() =>
      db.send(
        new DeleteCommand({
          TableName: tableName,
          Key: keys.connection(tenantId, chargerId),
          ConditionExpression: 'connectionId = :connectionId',
          ExpressionAttributeValues: { ':connectionId': connectionId },
        }),
      ),
    );
    if (removed) {
      // Keeps "last seen" for operators once the connection record is gone.
      await whenConditionHolds(() =>
        db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.charger(tenantId, chargerId),
            UpdateExpression: 'SET lastSeenAt = :at',
            ConditionExpression: 'attribute_exists(PK)',
            ExpressionAttributeValues: { ':at': at },
          }),
        ),
      );
    }
    return removed;
  },
});
