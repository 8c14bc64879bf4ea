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
import { encodeCursor } from '../../shared/adapters/dynamodb/cursor.ts';
import { keys } from '../../shared/adapters/dynamodb/keys.ts';
import { InvalidCursorError } from '../../shared/kernel/ports.ts';
import { createDynamoIdTokenRepository } from '../../shared/slices/authorization/adapters/dynamodb-id-token-repository.ts';
import type { IdToken } from '../../shared/slices/authorization/model.ts';
import { createDynamoSessionRepository } from '../../shared/slices/transactions/adapters/dynamodb-session-repository.ts';
import type { Session } from '../../shared/slices/transactions/model.ts';
import { aDocumentClient, conditionFailed, tableName } from './support.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const idTokens = () => createDynamoIdTokenRepository(aDocumentClient(), tableName);
const sessions = () => createDynamoSessionRepository(aDocumentClient(), tableName);

const at = '2024-05-01T12:00:00.000Z';
const anIdToken = (overrides: Partial<IdToken> = {}): IdToken => ({
  tenantId: 'tenant-a',
  idToken: 'TAG-1',
  displayIdToken: 'tag-1',
  tokenType: 'ISO14443',
  status: 'Accepted',
  createdAt: at,
  createdBy: 'key-1',
  updatedAt: at,
  updatedBy: 'key-1',
  ...overrides,
});
const aSession = (overrides: Partial<Session> = {}): Session => ({
  tenantId: 'tenant-a',
  sessionId: 'S1',
  chargerId: 'cp-1',
  chargerTransactionId: 'tx-1',
  status: 'Active',
  startedAt: '2024-05-01T10:00:00.000Z',
  energyWh: 0,
  createdAt: at,
  createdBy: 'charger:cp-1',
  updatedAt: at,
  updatedBy: 'charger:cp-1',
  revision: 1,
  version: 1,
  ...overrides,
});
const sessionItem = (session: Session) => ({
  ...keys.session(session.tenantId, session.sessionId),
  ...keys.sessionIndex(session.tenantId, session.startedAt, session.sessionId),
  type: 'Session',
  ...session,
});

beforeEach(() => {
  ddb.reset();
});

describe('DynamoDB id token repository', () => {
  it('replaces a token in one update that keeps its creation fields and removes absent fields', async () => {
    // Prepare
    ddb.on(UpdateCommand).resolves({});

    // Act
    const result = await idTokens().put(anIdToken({ groupId: 'G-1' }));

    // Assess
    expect(result).toEqual({ token: anIdToken({ groupId: 'G-1' }), created: true });
    const input = ddb.commandCalls(UpdateCommand)[0]!.args[0].input;
    expect(input.Key).toEqual({ PK: 'TENANT#tenant-a#IDTOKEN#TAG-1', SK: 'IDTOKEN' });
    expect(input.UpdateExpression).toMatch(/^SET #createdAt = if_not_exists\(#createdAt, :createdAt\), /);
    // A PUT replaces the token: a tariff it had goes too.
    expect(input.UpdateExpression).toMatch(/ REMOVE #expiresAt, #tariffId, #driverId, #chargingPriority$/);
    expect(input.ExpressionAttributeValues).toMatchObject({
      ':GSI1PK': 'TENANT#tenant-a#IDTOKENS',
      ':GSI1SK': 'IDTOKEN#TAG-1',
      ':type': 'IdToken',
      ':tokenType': 'ISO14443',
      ':groupId': 'G-1',
    });
    expect(input.ReturnValues).toBe('ALL_OLD');
  });

  it('answers a replaced token with the creation fields it had', async () => {
    // Prepare
    ddb.on(UpdateCommand).resolves({
      Attributes: { ...anIdToken({ createdAt: '2020-01-01T00:00:00.000Z', createdBy: 'key-0' }) },
    });

    // Act
    const result = await idTokens().put(anIdToken({ status: 'Blocked' }));

    // Assess
    expect(result).toEqual({
      token: anIdToken({ status: 'Blocked', createdAt: '2020-01-01T00:00:00.000Z', createdBy: 'key-0' }),
      created: false,
    });
  });

  it('gets a token consistently, without key attributes', async () => {
    // Prepare
    ddb.on(GetCommand).resolves({
      Item: {
        ...keys.idToken('tenant-a', 'TAG-1'),
        ...keys.idTokenIndex('tenant-a', 'TAG-1'),
        type: 'IdToken',
        ...anIdToken(),
      },
    });

    // Act
    const token = await idTokens().get('tenant-a', 'TAG-1');

    // Assess
    expect(token).toEqual(anIdToken());
    expect(ddb.commandCalls(GetCommand)[0]!.args[0].input).toEqual({
      TableName: tableName,
      Key: { PK: 'TENANT#tenant-a#IDTOKEN#TAG-1', SK: 'IDTOKEN' },
      ConsistentRead: true,
    });
  });

  it('lists one more item than asked, to know whether a next page exists', async () => {
    // Prepare
    const item = (idToken: string) => ({
      ...keys.idToken('tenant-a', idToken),
      ...keys.idTokenIndex('tenant-a', idToken),
      type: 'IdToken',
      ...anIdToken({ idToken }),
    });
    ddb.on(QueryCommand).resolves({ Items: [item('A'), item('B'), item('C')] });

    // Act
    const page = await idTokens().list('tenant-a', { limit: 2 });

    // Assess
    expect(page.items.map((token) => token.idToken)).toEqual(['A', 'B']);
    expect(page.cursor).toBe(
      encodeCursor({
        PK: 'TENANT#tenant-a#IDTOKEN#B',
        SK: 'IDTOKEN',
        GSI1PK: 'TENANT#tenant-a#IDTOKENS',
        GSI1SK: 'IDTOKEN#B',
      }),
    );
    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input).toMatchObject({
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': 'TENANT#tenant-a#IDTOKENS' },
      Limit: 3,
    });
  });

  it('refuses a cursor of another tenant before reading', async () => {
    // Prepare
    const cursor = encodeCursor({
      PK: 'x',
      SK: 'y',
      GSI1PK: 'TENANT#tenant-b#IDTOKENS',
      GSI1SK: 'IDTOKEN#A',
    });

    // Act
    const listing = idTokens().list('tenant-a', { limit: 2, cursor: cursor! });

    // Assess
    await expect(listing).rejects.toBeInstanceOf(InvalidCursorError);
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
  });

  it('deletes a token and answers what it was', async () => {
    // Prepare
    ddb
      .on(DeleteCommand)
      .resolves({ Attributes: { ...keys.idToken('tenant-a', 'TAG-1'), type: 'IdToken', ...anIdToken() } });

    // Act
    const deleted = await idTokens().delete('tenant-a', 'TAG-1');

    // Assess
    expect(deleted).toEqual(anIdToken());
    expect(ddb.commandCalls(DeleteCommand)[0]!.args[0].input).toEqual({
      TableName: tableName,
      Key: { PK: 'TENANT#tenant-a#IDTOKEN#TAG-1', SK: 'IDTOKEN' },
      ReturnValues: 'ALL_OLD',
    });
  });
});

describe('DynamoDB session repository', () => {
  it('gives a new charger transaction the candidate id, with a conditional put', async () => {
    // Prepare
    ddb.on(GetCommand).resolves({});
    ddb.on(PutCommand).resolves({});

    // Act
    const sessionId = await sessions().resolveSessionId('tenant-a', 'cp-1', 'tx#1/2', 'S-NEW');

    // Assess
    expect(sessionId).toBe('S-NEW');
    expect(ddb.commandCalls(PutCommand)[0]!.args[0].input).toEqual({
      TableName: tableName,
      Item: {
        PK: 'TENANT#tenant-a#CS#cp-1#TX#tx%231%2F2',
        SK: 'TXID',
        type: 'ChargerTransaction',
        tenantId: 'tenant-a',
        chargerId: 'cp-1',
        chargerTransactionId: 'tx#1/2',
        sessionId: 'S-NEW',
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    });
  });

  it('answers the stored id of a known charger transaction without writing', async () => {
    // Prepare
    ddb.on(GetCommand).resolves({ Item: { sessionId: 'S-OLD' } });

    // Act
    const sessionId = await sessions().resolveSessionId('tenant-a', 'cp-1', 'tx-1', 'S-NEW');

    // Assess
    expect(sessionId).toBe('S-OLD');
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('answers the id of a concurrent first writer', async () => {
    // Prepare
    ddb
      .on(GetCommand)
      .resolvesOnce({})
      .resolves({ Item: { sessionId: 'S-OTHER' } });
    ddb.on(PutCommand).rejects(conditionFailed());

    // Act
    const sessionId = await sessions().resolveSessionId('tenant-a', 'cp-1', 'tx-1', 'S-NEW');

    // Assess
    expect(sessionId).toBe('S-OTHER');
  });

  it('creates a session only if absent, with its listing keys', async () => {
    // Prepare
    ddb.on(PutCommand).resolves({});

    // Act
    const saved = await sessions().save(aSession());

    // Assess
    expect(saved).toBe(true);
    expect(ddb.commandCalls(PutCommand)[0]!.args[0].input).toEqual({
      TableName: tableName,
      Item: {
        PK: 'TENANT#tenant-a#TX#S1',
        SK: 'TX',
        GSI1PK: 'TENANT#tenant-a#SESSIONS',
        GSI1SK: '2024-05-01T10:00:00.000Z#S1',
        type: 'Session',
        ...aSession(),
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    });
  });

  it('replaces a session only if it still has the previous revision', async () => {
    // Prepare
    ddb.on(PutCommand).rejects(conditionFailed());

    // Act
    const saved = await sessions().save(aSession({ revision: 4 }));

    // Assess
    expect(saved).toBe(false);
    expect(ddb.commandCalls(PutCommand)[0]!.args[0].input).toMatchObject({
      ConditionExpression: '#revision = :previous',
      ExpressionAttributeNames: { '#revision': 'revision' },
      ExpressionAttributeValues: { ':previous': 3 },
    });
  });

  it('stores each meter value only if absent, ignoring ones already stored', async () => {
    // Prepare
    ddb.on(PutCommand).resolvesOnce({}).rejectsOnce(conditionFailed());
    const values = [
      { at: '2024-05-01T10:00:00.000Z', seqNo: 3, sampledValues: [{ value: 1 }] },
      { at: '2024-05-01T10:01:00.000Z', seqNo: 3, sampledValues: [{ value: 2 }] },
    ];

    // Act
    await sessions().recordMeterValues('tenant-a', 'S1', values);

    // Assess
    expect(ddb.commandCalls(PutCommand).map((call) => call.args[0].input)).toEqual([
      {
        TableName: tableName,
        Item: {
          PK: 'TENANT#tenant-a#TX#S1',
          SK: 'MV#2024-05-01T10:00:00.000Z#0000000003',
          type: 'MeterValue',
          ...values[0],
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
      {
        TableName: tableName,
        Item: {
          PK: 'TENANT#tenant-a#TX#S1',
          SK: 'MV#2024-05-01T10:01:00.000Z#0000000003',
          type: 'MeterValue',
          ...values[1],
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    ]);
  });

  it('reads a session with its meter values from its partition, page by page', async () => {
    // Prepare
    const value = { at: '2024-05-01T10:00:00.000Z', seqNo: 0, sampledValues: [{ value: 1 }] };
    const billing = { ...keys.billingLedger('tenant-a', 'S1'), type: 'BillingLedger' };
    ddb
      .on(QueryCommand)
      .resolvesOnce({
        Items: [{ ...keys.meterValue('tenant-a', 'S1', value.at, 0), type: 'MeterValue', ...value }, billing],
        LastEvaluatedKey: keys.billingLedger('tenant-a', 'S1'),
      })
      .resolvesOnce({ Items: [sessionItem(aSession())] });

    // Act
    const found = await sessions().getWithMeterValues('tenant-a', 'S1');

    // Assess
    expect(found).toEqual({ session: aSession(), meterValues: [value] });
    expect(ddb.commandCalls(QueryCommand)[1]!.args[0].input.ExclusiveStartKey).toEqual({
      PK: 'TENANT#tenant-a#TX#S1',
      SK: 'LEDGER',
    });
  });

  it('reads the latest meter values with one query of the session partition, newest first', async () => {
    // Prepare
    const value = { at: '2024-05-01T10:00:00.000Z', seqNo: 0, sampledValues: [{ value: 1 }] };
    ddb.on(QueryCommand).resolves({
      Items: [{ ...keys.meterValue('tenant-a', 'S1', value.at, 0), type: 'MeterValue', ...value }],
    });

    // Act
    const latest = await sessions().latestMeterValues('tenant-a', 'S1', 5);

    // Assess
    expect(latest).toEqual([value]);
    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input).toMatchObject({
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :mv)',
      ExpressionAttributeValues: { ':pk': 'TENANT#tenant-a#TX#S1', ':mv': 'MV#' },
      ScanIndexForward: false,
      Limit: 5,
    });
  });

  it('lists newest first, reading one item more than a page without filters', async () => {
    // Prepare
    ddb
      .on(QueryCommand)
      .resolves({ Items: [sessionItem(aSession({ sessionId: 'S2' })), sessionItem(aSession())] });

    // Act
    const page = await sessions().list('tenant-a', { limit: 1 });

    // Assess
    expect(page.items.map((session) => session.sessionId)).toEqual(['S2']);
    expect(page.cursor).toEqual(expect.any(String));
    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input).toEqual({
      TableName: tableName,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': 'TENANT#tenant-a#SESSIONS' },
      ScanIndexForward: false,
      Limit: 2,
      ExclusiveStartKey: undefined,
    });
  });

  it('filters by charger, status and sites, reading on until a page is full', async () => {
    // Prepare
    ddb
      .on(QueryCommand)
      .resolvesOnce({
        Items: [],
        LastEvaluatedKey: { PK: 'p', SK: 's', GSI1PK: 'TENANT#tenant-a#SESSIONS', GSI1SK: 'k' },
      })
      .resolvesOnce({ Items: [sessionItem(aSession())] });

    // Act
    const page = await sessions().list('tenant-a', {
      chargerId: 'cp-1',
      status: 'Active',
      siteIds: ['s1', 's2'],
      limit: 5,
    });

    // Assess
    expect(page).toEqual({ items: [aSession()] });
    const inputs = ddb.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(inputs).toHaveLength(2);
    expect(inputs[0]).toMatchObject({
      FilterExpression: '#chargerId = :chargerId AND #status = :status AND #siteId IN (:site0, :site1)',
      ExpressionAttributeNames: { '#chargerId': 'chargerId', '#status': 'status', '#siteId': 'siteId' },
      ExpressionAttributeValues: {
        ':pk': 'TENANT#tenant-a#SESSIONS',
        ':chargerId': 'cp-1',
        ':status': 'Active',
        ':site0': 's1',
        ':site1': 's2',
      },
      ScanIndexForward: false,
      Limit: 250,
    });
    expect(inputs[1]!.ExclusiveStartKey).toEqual({
      PK: 'p',
      SK: 's',
      GSI1PK: 'TENANT#tenant-a#SESSIONS',
      GSI1SK: 'k',
    });
  });

  it('answers a short page with a cursor once its read budget is spent', async () => {
    // Prepare
    const lastKey = { PK: 'p', SK: 's', GSI1PK: 'TENANT#tenant-a#SESSIONS', GSI1SK: 'k' };
    ddb.on(QueryCommand).resolves({ Items: [], LastEvaluatedKey: lastKey });

    // Act
    const page = await sessions().list('tenant-a', { status: 'Active', limit: 5 });

    // Assess
    expect(page).toEqual({ items: [], cursor: encodeCursor(lastKey) });
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(8);
  });

  it('reads nothing for a key limited to no sites', async () => {
    // Act
    const page = await sessions().list('tenant-a', { siteIds: [], limit: 5 });

    // Assess
    expect(page).toEqual({ items: [] });
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
  });
});
