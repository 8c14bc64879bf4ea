import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { whenConditionHolds } from './conditional.ts';

/** Puts the item if the stored one has `revision - 1` (revision 1: if there is none); false otherwise. */
export const putIfRevision = (
  db: DynamoDBDocumentClient,
  tableName: string,
  item: Record<string, unknown> & { readonly revision: number },
): Promise<boolean> =>
  whenConditionHolds(() =>
    db.send(
      new PutCommand({
        TableName: tableName,
        Item: item,
        ...(item.revision === 1
          ? { ConditionExpression: 'attribute_not_exists(PK)' }
          : {
              ConditionExpression: '#revision = :previous',
              ExpressionAttributeNames: { '#revision': 'revision' },
              ExpressionAttributeValues: { ':previous': item.revision - 1 },
            }),
      }),
    ),
  );
