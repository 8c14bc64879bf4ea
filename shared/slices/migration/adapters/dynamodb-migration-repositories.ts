import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { whenConditionHolds } from '../../../adapters/dynamodb/conditional.ts';
import { keys } from '../../../adapters/dynamodb/keys.ts';
import type { SessionImportRegistry } from '../ports.ts';

/** External ids of imported sessions, an item each (`TENANT#t#TXIMPORT#<id>`), written once. */
export const createDynamoSessionImportRegistry = (
  db: DynamoDBDocumentClient,
  tableName: string,
): SessionImportRegistry => ({
  async resolve(tenantId, externalId, candidate) {
    const key = keys.sessionImport(tenantId, externalId);
    const read = async () => {
      const { Item } = await db.send(
        new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }),
      );
      return Item?.sessionId as string | undefined;
    };
    const stored = await read();
    if (stored) return stored;
    const claimed = await whenConditionHolds(() =>
      db.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...key, type: 'SessionImport', externalId, sessionId: candidate },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      ),
    );
    if (claimed) return candidate;
    const winner = await read();
    if (!winner) throw new Error(`session import ${externalId} vanished`);
    return winner;
  },
});
