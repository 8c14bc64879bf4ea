import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { whenConditionHolds } from '../../../adapters/dynamodb/conditional.ts';
import { keys } from '../../../adapters/dynamodb/keys.ts';
import { type ChargerTransactionIdAllocator, maxOcpp16TransactionId } from '../ports.ts';

/** The counter item's attribute holding the number of the EVSE's latest start. */
const evseAttribute = (evseId: number) => `latestOnEvse${evseId}`;

/**
 * A counter per charger (`ADD`, atomic) and, per StartTransaction, an item holding the number it got, written
 * only if absent: a start repeated after a lost answer, even concurrently, gets the same number.
 */
export const createDynamoChargerTransactionIdAllocator = (
  db: DynamoDBDocumentClient,
  tableName: string,
): ChargerTransactionIdAllocator => {
  const readStart = async (key: ReturnType<typeof keys.transactionStart>) => {
    const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
    return Item?.chargerTransactionId as number | undefined;
  };

  return {
    async allocate(tenantId, chargerId, startKey, evseId) {
      const startItem = keys.transactionStart(tenantId, chargerId, startKey);
      const stored = await readStart(startItem);
      if (stored !== undefined) return { chargerTransactionId: stored, repeated: true };
      const { Attributes } = await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.transactionCounter(tenantId, chargerId),
          // SET arithmetic instead of ADD, so that the EVSE's latest gets the new number in the same write
          // (both sides read the item before the update: atomic, like ADD).
          UpdateExpression:
            evseId === undefined
              ? 'ADD #last :one SET #type = :type'
              : 'SET #last = if_not_exists(#last, :zero) + :one, #evse = if_not_exists(#last, :zero) + :one, #type = :type',
          ExpressionAttributeNames: {
            '#last': 'lastChargerTransactionId',
            '#type': 'type',
            ...(evseId !== undefined && { '#evse': evseAttribute(evseId) }),
          },
          ExpressionAttributeValues: {
            ':one': 1,
            ':type': 'TransactionCounter',
            ...(evseId !== undefined && { ':zero': 0 }),
          },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      const candidate = Attributes?.lastChargerTransactionId as number;
      if (candidate > maxOcpp16TransactionId)
        throw new Error(`charger ${chargerId} has used every 1.6 transaction id`);
      const created = await whenConditionHolds(() =>
        db.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...startItem,
              type: 'TransactionStart',
              tenantId,
              chargerId,
              chargerTransactionId: candidate,
            },
            ConditionExpression: 'attribute_not_exists(PK)',
          }),
        ),
      );
      if (created) return { chargerTransactionId: candidate, repeated: false };
      // A concurrent identical start wrote first: its number is the one; ours stays unused.
      const winner = await readStart(startItem);
      if (winner === undefined) throw new Error(`charger transaction id of start ${startKey} vanished`);
      return { chargerTransactionId: winner, repeated: true };
    },

    async latestOnEvse(tenantId, chargerId, evseId) {
      // Consistent: the Charging status comes a moment after the start's answer.
      const { Item } = await db.send(
        new GetCommand({
          TableName: tableName,
          Key: keys.transactionCounter(tenantId, chargerId),
          ConsistentRead: true,
          ProjectionExpression: '#evse',
          ExpressionAttributeNames: { '#evse': evseAttribute(evseId) },
        }),
      );
      return Item?.[evseAttribute(evseId)] as number | undefined;
    },
  };
};
