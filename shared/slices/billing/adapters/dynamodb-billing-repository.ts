import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { whenConditionHolds, withoutKeys } from '../../../adapters/dynamodb/conditional.ts';
import { decodeCursor, gsi1KeyAttributes } from '../../../adapters/dynamodb/cursor.ts';
import { keys } from '../../../adapters/dynamodb/keys.ts';
import { pageOf } from '../../../adapters/dynamodb/paging.ts';
import { InvalidCursorError } from '../../../kernel/ports.ts';
import type { BillingLedger, BillingRepository } from '../ports.ts';
import { packCdr, packCdrs, unpackCdr, unpackCdrs } from './cdr-codec.ts';

/** Index sort keys are `<issuedAt>#<cdrId>`: `0` sorts before and `~` after all of them (key values are never empty). */
const openEnd = '~';

/** A stored ledger: its pending CDRs are compressed (ledgers written before that: a plain list). */
const ledgerOf = (attributes: Record<string, unknown>): BillingLedger => {
  const { pending, ...rest } = attributes;
  const cdrs = unpackCdrs(pending);
  return { ...(rest as unknown as BillingLedger), ...(cdrs && { pending: cdrs }) };
};

export const createDynamoBillingRepository = (
  db: DynamoDBDocumentClient,
  tableName: string,
): BillingRepository => ({
  async getLedger(tenantId, sessionId) {
    const { Item } = await db.send(
      new GetCommand({
        TableName: tableName,
        Key: keys.billingLedger(tenantId, sessionId),
        ConsistentRead: true,
      }),
    );
    return Item ? ledgerOf(withoutKeys<Record<string, unknown>>(Item)) : undefined;
  },

  claimLedger: (ledger, expectedRevision) =>
    whenConditionHolds(() =>
      db.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...keys.billingLedger(ledger.tenantId, ledger.sessionId),
            type: 'BillingLedger',
            ...ledger,
            ...(ledger.pending && { pending: packCdrs(ledger.pending) }),
          },
          ...(expectedRevision === 0
            ? { ConditionExpression: 'attribute_not_exists(PK)' }
            : {
                ConditionExpression: '#revision = :expected',
                ExpressionAttributeNames: { '#revision': 'revision' },
                ExpressionAttributeValues: { ':expected': expectedRevision },
              }),
        }),
      ),
    ),

  putCdr: (cdr) =>
    whenConditionHolds(() =>
      db.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...keys.cdr(cdr.tenantId, cdr.session_id, cdr.sessionVersion, cdr.credit ? 'CREDIT' : 'DEBIT'),
            ...keys.cdrIndex(cdr.tenantId, cdr.last_updated, cdr.id),
            type: 'Cdr',
            ...packCdr(cdr),
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      ),
    ),

  async markLedgerPublished(tenantId, sessionId, revision) {
    // A newer claim since: its own completion publishes (and marks) what it issued.
    await whenConditionHolds(() =>
      db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.billingLedger(tenantId, sessionId),
          // The CDR items hold the published CDRs: the ledger keeps only their ids.
          UpdateExpression: 'SET published = :true REMOVE pending',
          ConditionExpression: '#revision = :revision',
          ExpressionAttributeNames: { '#revision': 'revision' },
          ExpressionAttributeValues: { ':true': true, ':revision': revision },
        }),
      ),
    );
  },

  async getCdr(tenantId, ref) {
    const { Item } = await db.send(
      new GetCommand({
        TableName: tableName,
        Key: keys.cdr(tenantId, ref.sessionId, ref.sessionVersion, ref.kind),
      }),
    );
    return Item ? unpackCdr(withoutKeys(Item)) : undefined;
  },

  async listCdrs(tenantId, query) {
    const partition = keys.cdrIndexPartition(tenantId);
    // `to` alone sorts before every `to#…` key: issued before `to`, exclusive; `from` inclusive likewise.
    const from = query.from ?? '0';
    const to = query.to ?? openEnd;
    const start = decodeCursor(query.cursor, {
      attributes: gsi1KeyAttributes,
      partition: ['GSI1PK', partition],
    });
    // A start key outside the range is refused by DynamoDB: a cursor of another range is the caller's error.
    if (start && (start.GSI1SK! < from || start.GSI1SK! > to)) throw new InvalidCursorError();
    const { Items = [] } = await db.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': partition, ':from': from, ':to': to },
        Limit: query.limit + 1,
        ExclusiveStartKey: start,
      }),
    );
    return pageOf(Items, query.limit, (item) => unpackCdr(withoutKeys(item)));
  },
});
