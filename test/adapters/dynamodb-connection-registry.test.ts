import {
  DeleteCommand,
  DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  createDynamoConnectionRegistry,
  livenessIndexed,
} from '../../shared/slices/chargers/adapters/dynamodb-connection-registry.ts';
import type { Connection } from '../../shared/slices/chargers/model.ts';
import { aDocumentClient, conditionFailed, tableName } from './support.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const registry = () => createDynamoConnectionRegistry(aDocumentClient(), tableName);
/** As the composition root builds it with SILENT_CHARGER_SWEEP=1. */
const indexedRegistry = () => createDynamoConnectionRegistry(aDocumentClient(), tableName, livenessIndexed);

const aConnection = (overrides: Partial<Connection> = {}): Connection => ({
  tenantId: 'tenant-a',
  chargerId: 'cp-1',
  connectionId: 'conn-1',
  ocppVersion: 'ocpp1.6',
  connectedAt: '2024-05-01T12:00:00.000Z',
  lastSeenAt: '2024-05-01T12:00:00.000Z',
  ...overrides,
});

const connectionKey = { PK: 'TENANT#tenant-a#CS#cp-1', SK: 'CONN' };

beforeEach(() => {
  ddb.reset();
});

describe('DynamoDB connection registry: register', () => {
  it('puts the connection with a TTL in epoch seconds, rounded up', async () => {
    // Prepare
    ddb.on(PutCommand).resolves({});

    // Act
    await registry().register(aConnection(), new Date('2024-05-01T14:01:00.250Z'));

    // Assess
    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input).toEqual({
      TableName: tableName,
      Item: { ...connectionKey, type: 'Connection', ...aConnection(), ttl: 1714572061 },
      ReturnValues: 'ALL_OLD',
    });
  });

  it('returns the connection it replaced, without key attributes', async () => {
    // Prepare
    const old = aConnection({ connectionId: 'conn-0' });
    ddb.on(PutCommand).resolves({ Attributes: { ...connectionKey, type: 'Connection', ...old, ttl: 1 } });

    // Act
    const replaced = await registry().register(aConnection(), new Date('2024-05-01T14:01:00.000Z'));

    // Assess
    expect(replaced).toEqual(old);
  });

  it('returns nothing when there was no connection', async () => {
    // Prepare
    ddb.on(PutCommand).resolves({});

    // Act
    const replaced = await registry().register(aConnection(), new Date('2024-05-01T14:01:00.000Z'));

    // Assess
    expect(replaced).toBeUndefined();
  });
});

describe('DynamoDB connection registry: touch', () => {
  it('records activity only on the same connection', async () => {
    // Prepare
    ddb.on(UpdateCommand).resolves({});

    // Act
    await registry().touch('tenant-a', 'cp-1', 'conn-1', '2024-05-01T12:05:00.000Z');

    // Assess
    expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input).toEqual({
      TableName: tableName,
      Key: connectionKey,
      UpdateExpression: 'SET lastSeenAt = :at',
      ConditionExpression: 'connectionId = :connectionId',
      ExpressionAttributeValues: { ':at': '2024-05-01T12:05:00.000Z', ':connectionId': 'conn-1' },
    });
  });

  it('is quiet when the connection was replaced', async () => {
    // Prepare
    ddb.on(UpdateCommand).rejects(conditionFailed());

    // Act
    const touching = registry().touch('tenant-a', 'cp-1', 'conn-old', '2024-05-01T12:05:00.000Z');

    // Assess
    await expect(touching).resolves.toBeUndefined();
  });

  it('passes on other errors', async () => {
    // Prepare
    ddb.on(UpdateCommand).rejects(new Error('throttled'));

    // Act
    const touching = registry().touch('tenant-a', 'cp-1', 'conn-1', '2024-05-01T12:05:00.000Z');

    // Assess
    await expect(touching).rejects.toThrow('throttled');
  });
});

describe('DynamoDB connection registry: remove', () => {
  it('deletes the connection if it is still the current one, then keeps when the charger was last seen', async () => {
    // Prepare
    ddb.on(DeleteCommand).resolves({});
    ddb.on(PutCommand).resolves({});

    // Act
    const removed = await registry().remove('tenant-a', 'cp-1', 'conn-1', '2024-05-01T12:30:00.000Z');

    // Assess
    expect(removed).toBe(true);
    expect(ddb.commandCalls(DeleteCommand)[0]?.args[0].input).toEqual({
      TableName: tableName,
      Key: connectionKey,
      ConditionExpression: 'connectionId = :connectionId',
      ExpressionAttributeValues: { ':connectionId': 'conn-1' },
    });
    // An item of its own (1 write unit), not the charger item (2, with its listing copy).
    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input).toEqual({
      TableName: tableName,
      Item: {
        PK: 'TENANT#tenant-a#CS#cp-1',
        SK: 'CS#SEEN',
        type: 'ChargerLastSeen',
        lastSeenAt: '2024-05-01T12:30:00.000Z',
      },
    });
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('removes nothing and updates nothing for a stale connection', async () => {
    // Prepare
    ddb.on(DeleteCommand).rejects(conditionFailed());

    // Act
    const removed = await registry().remove('tenant-a', 'cp-1', 'conn-old', '2024-05-01T12:30:00.000Z');

    // Assess
    expect(removed).toBe(false);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
  });
});

describe('DynamoDB connection registry: liveness index', () => {
  const silentAfter = '2024-05-01T12:50:00.000Z';
  const liveness = { GSI1PK: 'TENANT#tenant-a#LIVENESS', GSI1SK: `${silentAfter}#CS#cp-1` };

  it('register puts a connection with a deadline into the liveness index, in the same item', async () => {
    // Prepare
    ddb.on(PutCommand).resolves({});

    // Act
    await indexedRegistry().register(aConnection({ silentAfter }), new Date('2024-05-01T14:01:00.250Z'));

    // Assess
    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input.Item).toEqual({
      ...connectionKey,
      ...liveness,
      type: 'Connection',
      ...aConnection({ silentAfter }),
      ttl: 1714572061,
    });
  });

  it('touch with a deadline moves it in the same update, only on the same connection', async () => {
    // Prepare
    ddb.on(UpdateCommand).resolves({});

    // Act
    await indexedRegistry().touch(
      'tenant-a',
      'cp-1',
      'conn-1',
      '2024-05-01T12:00:00.000Z',
      undefined,
      silentAfter,
    );

    // Assess
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(1);
    expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input).toEqual({
      TableName: tableName,
      Key: connectionKey,
      UpdateExpression:
        'SET lastSeenAt = :at, silentAfter = :silentAfter, GSI1PK = :gsi1pk, GSI1SK = :gsi1sk',
      ConditionExpression: 'connectionId = :connectionId',
      ExpressionAttributeValues: {
        ':at': '2024-05-01T12:00:00.000Z',
        ':connectionId': 'conn-1',
        ':silentAfter': silentAfter,
        ':gsi1pk': liveness.GSI1PK,
        ':gsi1sk': liveness.GSI1SK,
      },
    });
  });

  it('listSilent reads the deadlines before now of the tenant’s partition of the index', async () => {
    // Prepare
    ddb.on(QueryCommand).resolves({
      Items: [{ ...connectionKey, ...liveness, ...aConnection({ silentAfter }), ttl: 1 }],
    });

    // Act
    const silent = await indexedRegistry().listSilent('tenant-a', '2024-05-01T13:00:00.000Z', 25);

    // Assess
    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toEqual({
      TableName: tableName,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK < :now',
      ExpressionAttributeValues: { ':pk': liveness.GSI1PK, ':now': '2024-05-01T13:00:00.000Z' },
      Limit: 25,
    });
    expect(silent).toEqual([
      { chargerId: 'cp-1', connectionId: 'conn-1', lastSeenAt: '2024-05-01T12:00:00.000Z', silentAfter },
    ]);
  });

  const aSilent = {
    chargerId: 'cp-1',
    connectionId: 'conn-1',
    lastSeenAt: '2024-05-01T12:00:00.000Z',
    silentAfter,
  };

  it('expireSilent deletes only that connection with that deadline, then keeps its last-seen time', async () => {
    // Prepare
    ddb.on(DeleteCommand).resolves({});
    ddb.on(PutCommand).resolves({});

    // Act
    const expired = await indexedRegistry().expireSilent('tenant-a', aSilent);

    // Assess
    expect(expired).toBe(true);
    expect(ddb.commandCalls(DeleteCommand)[0]?.args[0].input).toEqual({
      TableName: tableName,
      Key: connectionKey,
      ConditionExpression: 'connectionId = :connectionId AND silentAfter = :silentAfter',
      ExpressionAttributeValues: { ':connectionId': 'conn-1', ':silentAfter': silentAfter },
    });
    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input).toMatchObject({
      Item: { PK: 'TENANT#tenant-a#CS#cp-1', SK: 'CS#SEEN', lastSeenAt: '2024-05-01T12:00:00.000Z' },
    });
  });

  it('expireSilent of a connection written since (or replaced) changes nothing', async () => {
    // Prepare
    ddb.on(DeleteCommand).rejects(conditionFailed());

    // Act
    const expired = await indexedRegistry().expireSilent('tenant-a', aSilent);

    // Assess
    expect(expired).toBe(false);
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
  });
});
