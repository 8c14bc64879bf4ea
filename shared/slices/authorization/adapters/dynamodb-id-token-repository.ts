import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { withoutKeys } from '../../../adapters/dynamodb/conditional.ts';
import { queryIndexPage } from '../../../adapters/dynamodb/index-page.ts';
import { keys } from '../../../adapters/dynamodb/keys.ts';
import type { IdToken } from '../model.ts';
import type { IdTokenRepository } from '../ports.ts';

/** The fields a PUT replaces; absent optional ones are removed. Creation fields are kept if present. */
const replaceableFields = (token: IdToken) => ({
  tenantId: token.tenantId,
  idToken: token.idToken,
  displayIdToken: token.displayIdToken,
  tokenType: token.tokenType,
  status: token.status,
  expiresAt: token.expiresAt,
  groupId: token.groupId,
  tariffId: token.tariffId,
  driverId: token.driverId,
  chargingPriority: token.chargingPriority,
  updatedAt: token.updatedAt,
  updatedBy: token.updatedBy,
  ...keys.idTokenIndex(token.tenantId, token.idToken),
  type: 'IdToken',
});

export const createDynamoIdTokenRepository = (
  db: DynamoDBDocumentClient,
  tableName: string,
): IdTokenRepository => ({
  async put(token) {
    const set: string[] = [
      '#createdAt = if_not_exists(#createdAt, :createdAt)',
      '#createdBy = if_not_exists(#createdBy, :createdBy)',
    ];
    const remove: string[] = [];
    const names: Record<string, string> = { '#createdAt': 'createdAt', '#createdBy': 'createdBy' };
    const values: Record<string, unknown> = { ':createdAt': token.createdAt, ':createdBy': token.createdBy };
    for (const [field, value] of Object.entries(replaceableFields(token))) {
      names[`#${field}`] = field;
      if (value === undefined) remove.push(`#${field}`);
      else {
        set.push(`#${field} = :${field}`);
        values[`:${field}`] = value;
      }
    }
    const { Attributes: old } = await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.idToken(token.tenantId, token.idToken),
        UpdateExpression: `SET ${set.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_OLD',
      }),
    );
    if (!old) return { token, created: true };
    return {
      token: { ...token, createdAt: old.createdAt as string, createdBy: old.createdBy as string },
      created: false,
    };
  },

  async get(tenantId, idToken) {
    const { Item } = await db.send(
      new GetCommand({ TableName: tableName, Key: keys.idToken(tenantId, idToken), ConsistentRead: true }),
    );
    return Item && withoutKeys<IdToken>(Item);
  },

  list: (tenantId, query) =>
    queryIndexPage<IdToken>(db, tableName, keys.idTokenIndexPartition(tenantId), query),

  async delete(tenantId, idToken) {
    const { Attributes } = await db.send(
      new DeleteCommand({
        TableName: tableName,
        Key: keys.idToken(tenantId, idToken),
        ReturnValues: 'ALL_OLD',
      }),
    );
    return Attributes && withoutKeys<IdToken>(Attributes);
  },
});
