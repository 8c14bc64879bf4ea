import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { withoutKeys } from '../../../adapters/dynamodb/conditional.ts';
import { keys } from '../../../adapters/dynamodb/keys.ts';
import { putIfRevision } from '../../../adapters/dynamodb/revision.ts';
import type { CustomerInformationPart, CustomerInformationRequest } from '../model.ts';
import type { CustomerInformationRepository } from '../ports.ts';

/**
 * Customer information in a partition per charger (`TENANT#t#CS#cp#CUSTINFO`): `REQ#<request id>` items and
 * their `REQ#<request id>#PART#<seqNo>` items, every one with the request's `expiresAt` as its TTL.
 */

const ttlOf = (expiresAt: string) => Math.ceil(Date.parse(expiresAt) / 1000);

export const createDynamoCustomerInformationRepository = (
  db: DynamoDBDocumentClient,
  tableName: string,
): CustomerInformationRepository => {
  const queryAll = async (
    partition: string,
    prefix: string,
    filter?: { expression: string; names: Record<string, string>; values: Record<string, unknown> },
  ) => {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const { Items, LastEvaluatedKey } = await db.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
          ...(filter && { FilterExpression: filter.expression, ExpressionAttributeNames: filter.names }),
          ExpressionAttributeValues: { ':pk': partition, ':prefix': prefix, ...filter?.values },
          ConsistentRead: true,
          ...(startKey && { ExclusiveStartKey: startKey }),
        }),
      );
      items.push(...(Items ?? []));
      startKey = LastEvaluatedKey;
    } while (startKey);
    return items;
  };

  return {
    async getRequest(tenantId, chargerId, requestId) {
      const { Item } = await db.send(
        new GetCommand({
          TableName: tableName,
          Key: keys.customerInformation(tenantId, chargerId, requestId),
          ConsistentRead: true,
        }),
      );
      return Item && withoutKeys<CustomerInformationRequest>(Item);
    },

    saveRequest: (request) =>
      putIfRevision(db, tableName, {
        ...keys.customerInformation(request.tenantId, request.chargerId, request.requestId),
        type: 'CustomerInformationRequest',
        ...request,
        ttl: ttlOf(request.expiresAt),
      }),

    async putPart(part) {
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...keys.customerInformationPart(part.tenantId, part.chargerId, part.requestId, part.seqNo),
            type: 'CustomerInformationPart',
            ...part,
            ttl: ttlOf(part.expiresAt),
          },
        }),
      );
    },

    async listParts(tenantId, chargerId, requestId) {
      const items = await queryAll(
        keys.customerInformationPartition(tenantId, chargerId),
        keys.customerInformationPartPrefix(requestId),
      );
      return items.map((item) => withoutKeys<CustomerInformationPart>(item));
    },

    async openRequests(tenantId, chargerId) {
      const items = await queryAll(
        keys.customerInformationPartition(tenantId, chargerId),
        keys.customerInformationPrefix,
        {
          expression: '#type = :request AND #status IN (:requested, :inProgress)',
          names: { '#type': 'type', '#status': 'status' },
          values: {
            ':request': 'CustomerInformationRequest',
            ':requested': 'requested',
            ':inProgress': 'inProgress',
          },
        },
      );
      return items.map((item) => withoutKeys<CustomerInformationRequest>(item));
    },
  };
};
