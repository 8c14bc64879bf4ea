import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { whenConditionHolds, withoutKeys } from '../../../adapters/dynamodb/conditional.ts';
import { queryIndexPage } from '../../../adapters/dynamodb/index-page.ts';
import { keys } from '../../../adapters/dynamodb/keys.ts';
import { patchExpression } from '../../../adapters/dynamodb/update-expression.ts';
import type { Site } from '../model.ts';
import type { SiteRepository } from '../ports.ts';

/** Sites, one partition each, listed through GSI1 (`TENANT#t#SITES`). */
export const createDynamoSiteRepository = (
  db: DynamoDBDocumentClient,
  tableName: string,
): SiteRepository => ({
  create: (site) =>
    whenConditionHolds(() =>
      db.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...keys.site(site.tenantId, site.siteId),
            ...keys.siteIndex(site.tenantId, site.siteId),
            type: 'Site',
            ...site,
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      ),
    ),

  async get(tenantId, siteId) {
    const { Item } = await db.send(
      new GetCommand({ TableName: tableName, Key: keys.site(tenantId, siteId), ConsistentRead: true }),
    );
    return Item ? withoutKeys<Site>(Item) : undefined;
  },

  list: (tenantId, query) => queryIndexPage<Site>(db, tableName, keys.siteIndexPartition(tenantId), query),

  async update(tenantId, siteId, changes, change) {
    let updated: Site | undefined;
    await whenConditionHolds(async () => {
      const { Attributes } = await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.site(tenantId, siteId),
          ...patchExpression({ ...changes, updatedAt: change.at, updatedBy: change.actor }),
          ConditionExpression: 'attribute_exists(PK)',
          ReturnValues: 'ALL_NEW',
        }),
      );
      updated = Attributes && withoutKeys<Site>(Attributes);
    });
    return updated;
  },

  delete: (tenantId, siteId) =>
    whenConditionHolds(() =>
      db.send(
        new DeleteCommand({
          TableName: tableName,
          Key: keys.site(tenantId, siteId),
          ConditionExpression: 'attribute_exists(PK)',
        }),
      ),
    ),
});
