import { DeleteCommand, DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDynamoConnectionRegistry } from '../../shared/slices/chargers/adapters/dynamodb-connection-registry.ts';
import type { Connection } from '../../shared/slices/chargers/model.ts';
import { aDocumentClient, conditionFailed, tableName } from './support.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const registry = () => createDynamoConnectionRegistry(aDocumentClient(), tableName);

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
    ddb.on(UpdateCommand).resolves({});

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
    expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input).toEqual({
      TableName: tableName,
      Key: { PK: 'TENANT#tenant-a#CS#cp-1', SK: 'CS' },
      UpdateExpression: 'SET lastSeenAt = :at',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeValues: { ':at': '2024-05-01T12:30:00.000Z' },
    });
  });

  it('removes nothing and updates nothing for a stale connection', async () => {
    // Prepare
    ddb.on(DeleteCommand).rejects(conditionFailed());

    // Act
    const removed = await registry().remove('tenant-a', 'cp-1', 'conn-old', '2024-05-01T12:30:00.000Z');

    // Assess
    expect(removed).toBe(false);
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('still reports the removal when the charger itself is gone', async () => {
    // Prepare
    ddb.on(DeleteCommand).resolves({});
    ddb.on(UpdateCommand).rejects(conditionFailed());

    // Act
    const removed = await registry().remove('tenant-a', 'cp-1', 'conn-1', '2024-05-01T12:30:00.000Z');

    // Assess
    expect(removed).toBe(true);
  });
});
