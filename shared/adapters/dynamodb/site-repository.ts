import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Site } from '../../domain/model.ts';
import type { SiteRepository } from '../../domain/ports.ts';
import { whenConditionHolds, withoutKeys } from './conditional.ts';
import { queryIndexPage } from './index-page.ts';
import { keys } from './keys.ts';
import { patchExpression } from './update-expression.ts';

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
