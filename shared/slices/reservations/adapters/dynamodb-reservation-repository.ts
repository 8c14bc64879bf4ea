import { type DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { withoutKeys } from '../../../adapters/dynamodb/conditional.ts';
import { keys } from '../../../adapters/dynamodb/keys.ts';
import { putIfRevision } from '../../../adapters/dynamodb/revision.ts';
import type { Reservation } from '../model.ts';
import { reservationRetentionSeconds } from '../model.ts';
import type { ReservationRepository } from '../ports.ts';

/**
 * Reservations in a partition per charger (`TENANT#t#CS#cp#RES`): `RES#<id, 10 digits>` items, kept until
 * `reservationRetentionSeconds` after their expiry by TTL, and the `SEQ` counter of ids.
 */
export const createDynamoReservationRepository = (
  db: DynamoDBDocumentClient,
  tableName: string,
): ReservationRepository => ({
  async nextId(tenantId, chargerId) {
    const { Attributes } = await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.reservationCounter(tenantId, chargerId),
        UpdateExpression: 'ADD #value :one SET #type = :type',
        ExpressionAttributeNames: { '#value': 'value', '#type': 'type' },
        ExpressionAttributeValues: { ':one': 1, ':type': 'ReservationCounter' },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Attributes?.value as number;
  },

  async get(tenantId, chargerId, reservationId) {
    const { Item } = await db.send(
      new GetCommand({
        TableName: tableName,
        Key: keys.reservation(tenantId, chargerId, reservationId),
        ConsistentRead: true,
      }),
    );
    return Item && withoutKeys<Reservation>(Item);
  },

  async list(tenantId, chargerId, query) {
    const { Items } = await db.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: {
          ':pk': keys.reservationPartition(tenantId, chargerId),
          ':prefix': keys.reservationPrefix,
        },
        ScanIndexForward: false,
        Limit: query.limit,
        ConsistentRead: true,
      }),
    );
    return (Items ?? []).map((item) => withoutKeys<Reservation>(item));
  },

  save: (reservation) =>
    putIfRevision(db, tableName, {
      ...keys.reservation(reservation.tenantId, reservation.chargerId, reservation.reservationId),
      type: 'Reservation',
      ...reservation,
      ttl: Math.ceil(Date.parse(reservation.expiresAt) / 1000) + reservationRetentionSeconds,
    }),
});
