import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDynamoCommandRepository } from '../../shared/slices/commands/adapters/dynamodb-command-repository.ts';
import { createDynamoPendingCallStore } from '../../shared/slices/commands/adapters/dynamodb-pending-call-store.ts';
import type { Command, PendingCall } from '../../shared/slices/commands/model.ts';
import { aDocumentClient, conditionFailed, tableName } from './support.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const store = () => createDynamoPendingCallStore(aDocumentClient(), tableName);
const repository = () => createDynamoCommandRepository(aDocumentClient(), tableName);

const callKey = { PK: 'TENANT#tenant-a#CS#cp-1', SK: 'CALL' };
const commandKey = { PK: 'TENANT#tenant-a#CMD#cmd-1', SK: 'CMD' };

const aCall = (overrides: Partial<PendingCall> = {}): PendingCall => ({
  tenantId: 'tenant-a',
  chargerId: 'cp-1',
  commandId: 'cmd-1',
  messageId: 'msg-1',
  action: 'Reset',
  ocppVersion: 'ocpp1.6',
  connectionId: 'conn-1',
  expiresAt: '2024-05-01T12:01:00.500Z',
  ...overrides,
});

const aCommand = (overrides: Partial<Command> = {}): Command => ({
  tenantId: 'tenant-a',
  commandId: 'cmd-1',
  chargerId: 'cp-1',
  ocppVersion: 'ocpp1.6',
  action: 'Reset',
  payload: { type: 'Soft' },
  messageId: 'msg-1',
  status: 'pending',
  requestedAt: '2024-05-01T12:00:00.000Z',
  requestedBy: 'key-1',
  expiresAt: '2024-05-01T12:01:00.000Z',
  ...overrides,
});

const now = new Date('2024-05-01T12:00:00.000Z');

beforeEach(() => {
  ddb.reset();
});

describe('DynamoDB pending-call store', () => {
  it('takes the slot with a put conditional on free, expired or another connection, TTL rounded up', async () => {
    // Prepare
    ddb.on(PutCommand).resolves({});

    // Act
    const result = await store().acquire(aCall(), now);

    // Assess
    expect(result).toEqual({ acquired: true });
    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input).toEqual({
      TableName: tableName,
      Item: { ...callKey, type: 'PendingCall', ...aCall(), ttl: 1714564861 },
      ConditionExpression: 'attribute_not_exists(PK) OR expiresAt <= :now OR connectionId <> :connectionId',
      ExpressionAttributeValues: { ':now': '2024-05-01T12:00:00.000Z', ':connectionId': 'conn-1' },
      ReturnValues: 'ALL_OLD',
    });
  });

  it('returns the call it replaced, without key attributes', async () => {
    // Prepare
    const old = aCall({ commandId: 'cmd-0', messageId: 'msg-0', expiresAt: '2024-05-01T11:59:00.000Z' });
    ddb.on(PutCommand).resolves({ Attributes: { ...callKey, type: 'PendingCall', ...old, ttl: 1 } });

    // Act
    const result = await store().acquire(aCall(), now);

    // Assess
    expect(result).toEqual({ acquired: true, replaced: old });
  });

  it('reports the holder when the slot is taken', async () => {
    // Prepare
    const holder = aCall({ commandId: 'cmd-0', messageId: 'msg-0' });
    ddb.on(PutCommand).rejects(conditionFailed());
    ddb.on(GetCommand).resolves({ Item: { ...callKey, type: 'PendingCall', ...holder, ttl: 1 } });

    // Act
    const result = await store().acquire(aCall(), now);

    // Assess
    expect(result).toEqual({ acquired: false, holder });
    expect(ddb.commandCalls(GetCommand)[0]?.args[0].input).toEqual({
      TableName: tableName,
      Key: callKey,
      ConsistentRead: true,
    });
  });

  it('reports a taken slot without holder when it vanished meanwhile', async () => {
    // Prepare
    ddb.on(PutCommand).rejects(conditionFailed());
    ddb.on(GetCommand).resolves({});

    // Act
    const result = await store().acquire(aCall(), now);

    // Assess
    expect(result).toEqual({ acquired: false });
  });

  it('passes on other errors', async () => {
    // Prepare
    const failure = new Error('throttled');
    ddb.on(PutCommand).rejects(failure);

    // Act
    const acquiring = store().acquire(aCall(), now);

    // Assess
    await expect(acquiring).rejects.toBe(failure);
  });

  it('releases the slot only if it still holds the message id', async () => {
    // Prepare
    ddb.on(DeleteCommand).resolvesOnce({}).rejectsOnce(conditionFailed());

    // Act
    const first = await store().release('tenant-a', 'cp-1', 'msg-1');
    const second = await store().release('tenant-a', 'cp-1', 'msg-1');

    // Assess
    expect([first, second]).toEqual([true, false]);
    expect(ddb.commandCalls(DeleteCommand)[0]?.args[0].input).toEqual({
      TableName: tableName,
      Key: callKey,
      ConditionExpression: 'messageId = :messageId',
      ExpressionAttributeValues: { ':messageId': 'msg-1' },
    });
  });
});

describe('DynamoDB command repository', () => {
  it('creates a command once, kept 90 days by TTL', async () => {
    // Prepare
    ddb.on(PutCommand).resolves({});

    // Act
    await repository().create(aCommand());

    // Assess
    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input).toEqual({
      TableName: tableName,
      Item: { ...commandKey, type: 'Command', ...aCommand(), ttl: 1714564800 + 90 * 24 * 3600 },
      ConditionExpression: 'attribute_not_exists(PK)',
    });
  });

  it('reads a command strongly consistently, without key attributes', async () => {
    // Prepare
    ddb.on(GetCommand).resolves({ Item: { ...commandKey, type: 'Command', ...aCommand(), ttl: 1 } });

    // Act
    const command = await repository().get('tenant-a', 'cmd-1');

    // Assess
    expect(command).toEqual(aCommand());
    expect(ddb.commandCalls(GetCommand)[0]?.args[0].input).toEqual({
      TableName: tableName,
      Key: commandKey,
      ConsistentRead: true,
    });
  });

  it('reads nothing for an unknown command', async () => {
    // Prepare
    ddb.on(GetCommand).resolves({});

    // Act
    const command = await repository().get('tenant-a', 'cmd-1');

    // Assess
    expect(command).toBeUndefined();
  });

  it('completes a pending command with its response and returns it', async () => {
    // Prepare
    const completed = aCommand({
      status: 'completed',
      response: { status: 'Accepted' },
      completedAt: '2024-05-01T12:00:01.000Z',
    });
    ddb.on(UpdateCommand).resolves({ Attributes: { ...commandKey, type: 'Command', ...completed, ttl: 1 } });

    // Act
    const result = await repository().complete('tenant-a', 'cmd-1', {
      status: 'completed',
      response: { status: 'Accepted' },
      completedAt: '2024-05-01T12:00:01.000Z',
    });

    // Assess
    expect(result).toEqual(completed);
    expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input).toEqual({
      TableName: tableName,
      Key: commandKey,
      UpdateExpression: 'SET #status = :status, #completedAt = :completedAt, #response = :response',
      ConditionExpression: '#status IN (:pending, :queued)',
      ExpressionAttributeNames: {
        '#status': 'status',
        '#completedAt': 'completedAt',
        '#response': 'response',
      },
      ExpressionAttributeValues: {
        ':status': 'completed',
        ':completedAt': '2024-05-01T12:00:01.000Z',
        ':pending': 'pending',
        ':queued': 'queued',
        ':response': { status: 'Accepted' },
      },
      ReturnValues: 'ALL_NEW',
    });
  });

  it('stores the error of a failed command', async () => {
    // Prepare
    ddb.on(UpdateCommand).resolves({ Attributes: { ...commandKey, ...aCommand({ status: 'failed' }) } });
    const error = { kind: 'callError' as const, code: 'NotSupported', description: 'no', details: {} };

    // Act
    await repository().complete('tenant-a', 'cmd-1', {
      status: 'failed',
      error,
      completedAt: '2024-05-01T12:00:01.000Z',
    });

    // Assess
    const input = ddb.commandCalls(UpdateCommand)[0]?.args[0].input;
    expect(input?.UpdateExpression).toBe(
      'SET #status = :status, #completedAt = :completedAt, #error = :error',
    );
    expect(input?.ExpressionAttributeValues?.[':error']).toEqual(error);
  });

  it('returns nothing when the command was no longer pending: the first outcome stands', async () => {
    // Prepare
    ddb.on(UpdateCommand).rejects(conditionFailed());

    // Act
    const result = await repository().complete('tenant-a', 'cmd-1', {
      status: 'timeout',
      completedAt: '2024-05-01T12:01:00.000Z',
    });

    // Assess
    expect(result).toBeUndefined();
  });

  it('passes on other errors when completing', async () => {
    // Prepare
    const failure = new Error('throttled');
    ddb.on(UpdateCommand).rejects(failure);

    // Act
    const completing = repository().complete('tenant-a', 'cmd-1', {
      status: 'timeout',
      completedAt: '2024-05-01T12:01:00.000Z',
    });

    // Assess
    await expect(completing).rejects.toBe(failure);
  });
});
