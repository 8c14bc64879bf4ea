import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { whenConditionHolds, withoutKeys } from '../../../adapters/dynamodb/conditional.ts';
import { keys } from '../../../adapters/dynamodb/keys.ts';
import type { Connection, SilentConnection } from '../model.ts';
import type { ConnectionRegistry } from '../ports.ts';

/**
 * Where a connection's silence deadline is indexed for the sweep (`keys.livenessIndex`), or nowhere. The index
 * copy of the connection item is billed on every write of it (connect, throttled lastSeenAt, removal: about 8
 * write units per 2-hour connection), so the composition root indexes only when the sweep is on
 * (SILENT_CHARGER_SWEEP); without it `silentAfter` is still kept on the item, for the availability view.
 */
export type LivenessIndexKeys = (
  tenantId: string,
  chargerId: string,
  silentAfter: string,
) => { GSI1PK: string; GSI1SK: string } | undefined;

export const livenessIndexed: LivenessIndexKeys = keys.livenessIndex;
export const notLivenessIndexed: LivenessIndexKeys = () => undefined;

export const createDynamoConnectionRegistry = (
  db: DynamoDBDocumentClient,
  tableName: string,
  livenessKeys: LivenessIndexKeys = notLivenessIndexed,
): ConnectionRegistry => {
  /**
   * Keeps "last seen" for operators once the connection record is gone: one write unit (the charger item would
   * cost two, its listing copy too). The charger view folds it in; deleting the charger deletes it with the rest
   * of the partition.
   */
  const keepLastSeen = async (tenantId: string, chargerId: string, at: string) => {
    await db.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...keys.chargerLastSeen(tenantId, chargerId), type: 'ChargerLastSeen', lastSeenAt: at },
      }),
    );
  };

  return {
    async register(connection: Connection, expiresAt: Date): Promise<Connection | undefined> {
      const { Attributes } = await db.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...keys.connection(connection.tenantId, connection.chargerId),
            ...(connection.silentAfter &&
              livenessKeys(connection.tenantId, connection.chargerId, connection.silentAfter)),
            type: 'Connection',
            ...connection,
            ttl: Math.ceil(expiresAt.getTime() / 1000),
          },
          ReturnValues: 'ALL_OLD',
        }),
      );
      return Attributes ? withoutKeys<Connection>(Attributes) : undefined;
    },

    async touch(tenantId, chargerId, connectionId, at, _connectedAt, silentAfter): Promise<void> {
      const liveness = silentAfter && livenessKeys(tenantId, chargerId, silentAfter);
      await whenConditionHolds(() =>
        db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.connection(tenantId, chargerId),
            // The deadline moves in the same write: the liveness index costs no write of its own.
            UpdateExpression: liveness
              ? 'SET lastSeenAt = :at, silentAfter = :silentAfter, GSI1PK = :gsi1pk, GSI1SK = :gsi1sk'
              : silentAfter
                ? 'SET lastSeenAt = :at, silentAfter = :silentAfter'
                : 'SET lastSeenAt = :at',
            ConditionExpression: 'connectionId = :connectionId',
            ExpressionAttributeValues: {
              ':at': at,
              ':connectionId': connectionId,
              ...(silentAfter && { ':silentAfter': silentAfter }),
              ...(liveness && { ':gsi1pk': liveness.GSI1PK, ':gsi1sk': liveness.GSI1SK }),
            },
          }),
        ),
      );
    },

    async lastSeenAfterDisconnect(tenantId, chargerId) {
      // One small item, strongly consistent (1 read unit): an eventually consistent read could return the
      // previous disconnect's time and turn a routine reconnect into hours offline.
      const { Item } = await db.send(
        new GetCommand({
          TableName: tableName,
          Key: keys.chargerLastSeen(tenantId, chargerId),
          ConsistentRead: true,
          ProjectionExpression: 'lastSeenAt',
        }),
      );
      return Item?.lastSeenAt as string | undefined;
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
      if (removed) await keepLastSeen(tenantId, chargerId, at);
      return removed;
    },

    async listSilent(tenantId, now, limit): Promise<readonly SilentConnection[]> {
      const { Items } = await db.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK < :now',
          ExpressionAttributeValues: { ':pk': keys.livenessIndexPartition(tenantId), ':now': now },
          Limit: limit,
        }),
      );
      return (Items ?? []).map((item) => ({
        chargerId: item.chargerId as string,
        connectionId: item.connectionId as string,
        lastSeenAt: item.lastSeenAt as string,
        silentAfter: item.silentAfter as string,
      }));
    },

    async expireSilent(tenantId, connection): Promise<boolean> {
      const removed = await whenConditionHolds(() =>
        db.send(
          new DeleteCommand({
            TableName: tableName,
            Key: keys.connection(tenantId, connection.chargerId),
            ConditionExpression: 'connectionId = :connectionId AND silentAfter = :silentAfter',
            ExpressionAttributeValues: {
              ':connectionId': connection.connectionId,
              ':silentAfter': connection.silentAfter,
            },
          }),
        ),
      );
      if (removed) await keepLastSeen(tenantId, connection.chargerId, connection.lastSeenAt);
      return removed;
    },
  };
};
