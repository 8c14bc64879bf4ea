import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { keys } from '../../shared/adapters/dynamodb/keys.ts';
import {
  createDynamoActiveSessionIndex,
  tokenSessionRetentionSeconds,
} from '../../shared/slices/transactions/adapters/dynamodb-active-session-index.ts';
import { createDynamoSessionRepository } from '../../shared/slices/transactions/adapters/dynamodb-session-repository.ts';
import { createDynamoChargerTransactionIdAllocator } from '../../shared/slices/transactions/adapters/dynamodb-transaction-id-allocator.ts';
import type { TokenSession } from '../../shared/slices/transactions/ports.ts';
import { aDocumentClient, conditionFailed, tableName } from './support.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const allocator = () => createDynamoChargerTransactionIdAllocator(aDocumentClient(), tableName);
const index = () => createDynamoActiveSessionIndex(aDocumentClient(), tableName);

const startKey = '1/TAG-1/1000/2024-05-01T10:00:00.000Z';
const startItemKey = {
  PK: 'TENANT#tenant-a#CS#cp-1#TXSTART#1%2FTAG-1%2F1000%2F2024-05-01T10%3A00%3A00.000Z',
  SK: 'TXSTART',
};

const aTokenSession = (overrides: Partial<TokenSession> = {}): TokenSession => ({
  tenantId: 'tenant-a',
  idToken: 'TAG-1',
  sessionId: 'S1',
  chargerId: 'cp-1',
  evseId: 1,
  since: '2024-05-01T10:00:00.000Z',
  ...overrides,
});

beforeEach(() => {
  ddb.reset();
});

describe('DynamoDB transaction id allocator', () => {
  it('answers the number a start got before, with one consistent read', async () => {
    // Prepare
    ddb.on(GetCommand).resolves({ Item: { ...startItemKey, chargerTransactionId: 17 } });

    // Act
    const result = await allocator().allocate('tenant-a', 'cp-1', startKey);

    // Assess
    expect(result).toEqual({ chargerTransactionId: 17, repeated: true });
    expect(ddb.commandCalls(GetCommand)[0]!.args[0].input).toEqual({
      TableName: tableName,
      Key: startItemKey,
      ConsistentRead: true,
    });
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('takes the charger’s next number with an atomic ADD, then keeps it for the start if absent', async () => {
    // Prepare
    ddb.on(GetCommand).resolves({});
    ddb.on(UpdateCommand).resolves({ Attributes: { lastChargerTransactionId: 8 } });
    ddb.on(PutCommand).resolves({});

    // Act
    const result = await allocator().allocate('tenant-a', 'cp-1', startKey);

    // Assess
    expect(result).toEqual({ chargerTransactionId: 8, repeated: false });
    expect(ddb.commandCalls(UpdateCommand)[0]!.args[0].input).toEqual({
      TableName: tableName,
      Key: { PK: 'TENANT#tenant-a#CS#cp-1#TXSEQ', SK: 'TXSEQ' },
      UpdateExpression: 'ADD #last :one SET #type = :type',
      ExpressionAttributeNames: { '#last': 'lastChargerTransactionId', '#type': 'type' },
      ExpressionAttributeValues: { ':one': 1, ':type': 'TransactionCounter' },
      ReturnValues: 'UPDATED_NEW',
    });
    expect(ddb.commandCalls(PutCommand)[0]!.args[0].input).toEqual({
      TableName: tableName,
      Item: {
        ...startItemKey,
        type: 'TransactionStart',
        tenantId: 'tenant-a',
        chargerId: 'cp-1',
        chargerTransactionId: 8,
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    });
  });

  it('answers the number of a concurrent identical start that wrote first', async () => {
    // Prepare
    ddb
      .on(GetCommand)
      .resolvesOnce({})
      .resolvesOnce({ Item: { ...startItemKey, chargerTransactionId: 7 } });
    ddb.on(UpdateCommand).resolves({ Attributes: { lastChargerTransactionId: 8 } });
    ddb.on(PutCommand).rejects(conditionFailed());

    // Act
    const result = await allocator().allocate('tenant-a', 'cp-1', startKey);

    // Assess
    expect(result).toEqual({ chargerTransactionId: 7, repeated: true });
    expect(ddb.commandCalls(GetCommand)).toHaveLength(2);
  });

  it('refuses a number beyond a 32-bit signed integer, keeping it for no start', async () => {
    // Prepare
    ddb.on(GetCommand).resolves({});
    ddb.on(UpdateCommand).resolves({ Attributes: { lastChargerTransactionId: 2 ** 31 } });

    // Act
    const allocating = allocator().allocate('tenant-a', 'cp-1', startKey);

    // Assess
    await expect(allocating).rejects.toThrow(/every 1.6 transaction id/);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('lets other write failures through', async () => {
    // Prepare
    ddb.on(GetCommand).resolves({});
    ddb.on(UpdateCommand).resolves({ Attributes: { lastChargerTransactionId: 1 } });
    ddb.on(PutCommand).rejects(new Error('throttled'));

    // Act
    const allocating = allocator().allocate('tenant-a', 'cp-1', startKey);

    // Assess
    await expect(allocating).rejects.toThrow('throttled');
  });
});

describe('DynamoDB active session index', () => {
  it('puts a marker in the token’s partition, expiring a week after the session started', async () => {
    // Prepare
    ddb.on(PutCommand).resolves({});

    // Act
    await index().add(aTokenSession());

    // Assess
    expect(ddb.commandCalls(PutCommand)[0]!.args[0].input).toEqual({
      TableName: tableName,
      Item: {
        PK: 'TENANT#tenant-a#IDTOKEN#TAG-1',
        SK: 'SESSION#S1',
        type: 'TokenSession',
        ...aTokenSession(),
        ttl: Date.parse('2024-05-01T10:00:00.000Z') / 1000 + tokenSessionRetentionSeconds,
      },
    });
  });

  it('deletes a marker by its key', async () => {
    // Prepare
    ddb.on(DeleteCommand).resolves({});

    // Act
    await index().remove('tenant-a', 'TAG-1', 'S1');

    // Assess
    expect(ddb.commandCalls(DeleteCommand)[0]!.args[0].input).toEqual({
      TableName: tableName,
      Key: { PK: 'TENANT#tenant-a#IDTOKEN#TAG-1', SK: 'SESSION#S1' },
    });
  });

  it('lists the markers of a token, every page, without the token item itself', async () => {
    // Prepare
    const item = (sessionId: string) => ({
      ...keys.idTokenSession('tenant-a', 'TAG-1', sessionId),
      type: 'TokenSession',
      ...aTokenSession({ sessionId }),
      ttl: 1,
    });
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [item('S1')], LastEvaluatedKey: { PK: 'p', SK: 's' } })
      .resolvesOnce({ Items: [item('S2')] });

    // Act
    const markers = await index().list('tenant-a', 'TAG-1');

    // Assess
    expect(markers).toEqual([aTokenSession({ sessionId: 'S1' }), aTokenSession({ sessionId: 'S2' })]);
    const calls = ddb.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(calls[0]).toEqual({
      TableName: tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': 'TENANT#tenant-a#IDTOKEN#TAG-1', ':prefix': 'SESSION#' },
      ConsistentRead: true,
      ExclusiveStartKey: undefined,
    });
    expect(calls[1]?.ExclusiveStartKey).toEqual({ PK: 'p', SK: 's' });
  });
});

describe('DynamoDB session repository findSessionId', () => {
  it('reads the charger transaction’s session id consistently, and writes nothing', async () => {
    // Prepare
    ddb
      .on(GetCommand)
      .resolvesOnce({ Item: { sessionId: 'S1' } })
      .resolvesOnce({});
    const sessions = createDynamoSessionRepository(aDocumentClient(), tableName);

    // Act
    const found = [
      await sessions.findSessionId('tenant-a', 'cp-1', '17'),
      await sessions.findSessionId('tenant-a', 'cp-1', '18'),
    ];

    // Assess
    expect(found).toEqual(['S1', undefined]);
    expect(ddb.commandCalls(GetCommand)[0]!.args[0].input).toEqual({
      TableName: tableName,
      Key: { PK: 'TENANT#tenant-a#CS#cp-1#TX#17', SK: 'TXID' },
      ConsistentRead: true,
    });
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });
});
