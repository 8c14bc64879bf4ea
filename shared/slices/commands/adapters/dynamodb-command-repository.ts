import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { withoutKeys } from '../../../adapters/dynamodb/conditional.ts';
import { keys } from '../../../adapters/dynamodb/keys.ts';
import type { Command } from '../model.ts';
import { commandRetentionSeconds } from '../model.ts';
import type { CommandRepository } from '../ports.ts';

/** Commands: `TENANT#t#CMD#<commandId> / CMD`, one partition each, kept for the retention period by TTL. */
export const createDynamoCommandRepository = (
  db: DynamoDBDocumentClient,
  tableName: string,
): CommandRepository => ({
  async create(command) {
    await db.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...keys.command(command.tenantId, command.commandId),
          type: 'Command',
          ...command,
          ttl: Math.ceil(Date.parse(command.requestedAt) / 1000) + commandRetentionSeconds,
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  },

  async get(tenantId, commandId) {
    const { Item } = await db.send(
      new GetCommand({ TableName: tableName, Key: keys.command(tenantId, commandId), ConsistentRead: true }),
    );
    return Item ? withoutKeys<Command>(Item) : undefined;
  },

  async markSent(tenantId, commandId, sent) {
    try {
      const { Attributes } = await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.command(tenantId, commandId),
          UpdateExpression: 'SET #status = :pending, #sentAt = :sentAt, #expiresAt = :expiresAt',
          ConditionExpression: '#status = :queued',
          ExpressionAttributeNames: { '#status': 'status', '#sentAt': 'sentAt', '#expiresAt': 'expiresAt' },
          ExpressionAttributeValues: {
            ':pending': 'pending',
            ':queued': 'queued',
            ':sentAt': sent.sentAt,
            ':expiresAt': sent.expiresAt,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes ? withoutKeys<Command>(Attributes) : undefined;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  },

  async complete(tenantId, commandId, outcome) {
    const names: Record<string, string> = { '#status': 'status', '#completedAt': 'completedAt' };
    const values: Record<string, unknown> = {
      ':status': outcome.status,
      ':completedAt': outcome.completedAt,
      ':pending': 'pending',
      ':queued': 'queued',
    };
    const set = ['#status = :status', '#completedAt = :completedAt'];
    if (outcome.response !== undefined) {
      names['#response'] = 'response';
      values[':response'] = outcome.response;
      set.push('#response = :response');
    }
    if (outcome.error !== undefined) {
      names['#error'] = 'error';
      values[':error'] = outcome.error;
      set.push('#error = :error');
    }
    try {
      const { Attributes } = await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.command(tenantId, commandId),
          UpdateExpression: `SET ${set.join(', ')}`,
          ConditionExpression: '#status IN (:pending, :queued)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes ? withoutKeys<Command>(Attributes) : undefined;
    } catch (error) {
      // Already completed, failed or timed out: the first outcome stands.
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  },
});
