import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { whenConditionHolds, withoutKeys } from '../../../adapters/dynamodb/conditional.ts';
import { keys } from '../../../adapters/dynamodb/keys.ts';
import type { LoadManagementSettings } from '../model.ts';
import type { LoadManagementRepository } from '../ports.ts';

/** A site's settings in the site's partition (`TENANT#t#SITE#s / LOADMGMT`), next to the site itself. */
export const createDynamoLoadManagementRepository = (
  db: DynamoDBDocumentClient,
  tableName: string,
): LoadManagementRepository => ({
  async get(tenantId, siteId) {
    const { Item } = await db.send(
      new GetCommand({
        TableName: tableName,
        Key: keys.loadManagement(tenantId, siteId),
        ConsistentRead: true,
      }),
    );
    return Item && withoutKeys<LoadManagementSettings>(Item);
  },

  async put(settings) {
    await db.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...keys.loadManagement(settings.tenantId, settings.siteId),
          type: 'LoadManagement',
          ...settings,
        },
      }),
    );
  },

  delete: (tenantId, siteId) =>
    whenConditionHolds(() =>
      db.send(
        new DeleteCommand({
          TableName: tableName,
          Key: keys.loadManagement(tenantId, siteId),
          ConditionExpression: 'attribute_exists(PK)',
        }),
      ),
    ),
});
