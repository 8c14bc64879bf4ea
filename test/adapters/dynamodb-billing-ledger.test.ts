import { DynamoDBDocumentClient, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDynamoBillingRepository } from '../../shared/slices/billing/adapters/dynamodb-billing-repository.ts';
import type { BillingLedger, Cdr } from '../../shared/slices/billing/ports.ts';
import { aDocumentClient, conditionFailed, tableName } from './support.ts';

/* The conditional writes of the billing ledger, as sent to DynamoDB (aws-sdk-client-mock). */

const ddb = mockClient(DynamoDBDocumentClient);
const billing = () => createDynamoBillingRepository(aDocumentClient(), tableName);

beforeEach(() => {
  ddb.reset();
});

const aCdr = {
  id: 'S1-2-CR',
  tenantId: 'tenant-a',
  session_id: 'S1',
  sessionVersion: 2,
  credit: true,
  last_updated: '2026-06-01T11:00:00.000Z',
} as Cdr;
const aLedger = { tenantId: 'tenant-a', sessionId: 'S1', revision: 3 } as BillingLedger;

describe('DynamoDB billing ledger', () => {
  it.each([
    ['the first claim: only if there is no ledger', 0, { ConditionExpression: 'attribute_not_exists(PK)' }],
    [
      'a later claim: only if the ledger is still at the revision read',
      2,
      {
        ConditionExpression: '#revision = :expected',
        ExpressionAttributeNames: { '#revision': 'revision' },
        ExpressionAttributeValues: { ':expected': 2 },
      },
    ],
  ])('%s', async (_, expectedRevision, condition) => {
    // Prepare
    ddb.on(PutCommand).resolves({});

    // Act
    const claimed = await billing().claimLedger(aLedger, expectedRevision);

    // Assess
    expect(claimed).toBe(true);
    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input).toEqual({
      TableName: tableName,
      Item: { PK: 'TENANT#tenant-a#TX#S1', SK: 'LEDGER', type: 'BillingLedger', ...aLedger },
      ...condition,
    });
  });

  it('answers false to a claim another billing made first', async () => {
    // Prepare
    ddb.on(PutCommand).rejects(conditionFailed());

    // Act & Assess
    expect(await billing().claimLedger(aLedger, 2)).toBe(false);
  });

  it('puts a CDR in its session partition, indexed by issue time, only if absent; false when it was there', async () => {
    // Prepare
    ddb.on(PutCommand).resolvesOnce({}).rejects(conditionFailed());

    // Act
    const first = await billing().putCdr(aCdr);
    const again = await billing().putCdr(aCdr);

    // Assess
    expect([first, again]).toEqual([true, false]);
    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input).toEqual({
      TableName: tableName,
      Item: {
        PK: 'TENANT#tenant-a#TX#S1',
        SK: 'CDR#0000000002#CREDIT',
        GSI1PK: 'TENANT#tenant-a#CDRS',
        GSI1SK: '2026-06-01T11:00:00.000Z#S1-2-CR',
        type: 'Cdr',
        id: 'S1-2-CR',
        tenantId: 'tenant-a',
        session_id: 'S1',
        sessionVersion: 2,
        credit: true,
        last_updated: '2026-06-01T11:00:00.000Z',
        body: expect.any(Uint8Array),
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    });
  });

  it('marks a claim published and drops its CDR copies, only at the revision it published', async () => {
    // Prepare
    ddb.on(UpdateCommand).resolves({});

    // Act
    await billing().markLedgerPublished('tenant-a', 'S1', 3);

    // Assess
    expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input).toEqual({
      TableName: tableName,
      Key: { PK: 'TENANT#tenant-a#TX#S1', SK: 'LEDGER' },
      UpdateExpression: 'SET published = :true REMOVE pending',
      ConditionExpression: '#revision = :revision',
      ExpressionAttributeNames: { '#revision': 'revision' },
      ExpressionAttributeValues: { ':true': true, ':revision': 3 },
    });
  });

  it('lists one range of the tenant index partition, one item more than the page', async () => {
    // Prepare
    ddb.on(QueryCommand).resolves({ Items: [] });

    // Act
    await billing().listCdrs('tenant-a', { from: '2026-06-01T00:00:00.000Z', limit: 10 });

    // Assess
    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toEqual({
      TableName: tableName,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': 'TENANT#tenant-a#CDRS',
        ':from': '2026-06-01T00:00:00.000Z',
        ':to': '~',
      },
      Limit: 11,
      ExclusiveStartKey: undefined,
    });
  });
});
