import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { whenConditionHolds, withoutKeys } from '../../../adapters/dynamodb/conditional.ts';
import { keys } from '../../../adapters/dynamodb/keys.ts';
import type { GhostCounter, HealingAttempt, SelfHealingSettings } from '../model.ts';
import type { SelfHealingRepository } from '../ports.ts';

/**
 * Settings in a small item of their own (`TENANT#t#SELFHEAL`); each charger's latest attempt in its partition
 * (`…#CS#c / HEAL`), every change of it a conditional write on the attempt id (and, for steps, their count).
 */
export const createDynamoSelfHealingRepository = (
  db: DynamoDBDocumentClient,
  tableName: string,
): SelfHealingRepository => {
  const runningBy = (attemptId: string) => ({
    ConditionExpression: 'attemptId = :attemptId AND #status = :running',
    names: { '#status': 'status' },
    values: { ':attemptId': attemptId, ':running': 'running' },
  });
  return {
    async getSettings(tenantId) {
      // Strongly consistent, like every settings read: a tenant that just turned self-healing off gets no reset.
      const { Item } = await db.send(
        new GetCommand({
          TableName: tableName,
          Key: keys.selfHealingSettings(tenantId),
          ConsistentRead: true,
        }),
      );
      return Item && withoutKeys<SelfHealingSettings>(Item);
    },

    async putSettings(settings) {
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...keys.selfHealingSettings(settings.tenantId), type: 'SelfHealingSettings', ...settings },
        }),
      );
    },

    async getAttempt(tenantId, chargerId) {
      const { Item } = await db.send(
        new GetCommand({
          TableName: tableName,
          Key: keys.healingAttempt(tenantId, chargerId),
          ConsistentRead: true,
        }),
      );
      return Item && withoutKeys<HealingAttempt>(Item);
    },

    claimAttempt: (attempt, now) =>
      whenConditionHolds(() =>
        db.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...keys.healingAttempt(attempt.tenantId, attempt.chargerId),
              type: 'HealingAttempt',
              ...attempt,
            },
            ConditionExpression: 'attribute_not_exists(PK) OR #status <> :running OR leaseUntil < :now',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':running': 'running', ':now': now.toISOString() },
          }),
        ),
      ),

    recordStep: (tenantId, chargerId, attemptId, stepsBefore, step, leaseUntil) => {
      const guard = runningBy(attemptId);
      return whenConditionHolds(() =>
        db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.healingAttempt(tenantId, chargerId),
            UpdateExpression: 'SET steps = list_append(steps, :step), leaseUntil = :lease',
            ConditionExpression: `${guard.ConditionExpression} AND size(steps) = :before`,
            ExpressionAttributeNames: guard.names,
            ExpressionAttributeValues: {
              ...guard.values,
              ':step': [step],
              ':lease': leaseUntil,
              ':before': stepsBefore,
            },
          }),
        ),
      );
    },

    async completeStep(tenantId, chargerId, attemptId, index, step) {
      if (!Number.isSafeInteger(index) || index < 0) throw new Error(`invalid step index ${index}`);
      const guard = runningBy(attemptId);
      await whenConditionHolds(() =>
        db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.healingAttempt(tenantId, chargerId),
            UpdateExpression: `SET steps[${index}] = :step`,
            ConditionExpression: `${guard.ConditionExpression} AND size(steps) > :index`,
            ExpressionAttributeNames: guard.names,
            ExpressionAttributeValues: { ...guard.values, ':step': step, ':index': index },
          }),
        ),
      );
    },

    async getGhostCounter(tenantId, chargerId) {
      const { Item } = await db.send(
        new GetCommand({
          TableName: tableName,
          Key: keys.ghostCounter(tenantId, chargerId),
          ConsistentRead: true,
        }),
      );
      return Item && withoutKeys<GhostCounter>(Item);
    },

    putGhostCounter: (counter) =>
      whenConditionHolds(() =>
        db.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...keys.ghostCounter(counter.tenantId, counter.chargerId),
              type: 'GhostCounter',
              ...counter,
            },
            ...(counter.revision <= 1
              ? { ConditionExpression: 'attribute_not_exists(PK)' }
              : {
                  ConditionExpression: 'revision = :before',
                  ExpressionAttributeValues: { ':before': counter.revision - 1 },
                }),
          }),
        ),
      ),

    renew: (tenantId, chargerId, attemptId, leaseUntil) => {
      const guard = runningBy(attemptId);
      return whenConditionHolds(() =>
        db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.healingAttempt(tenantId, chargerId),
            UpdateExpression: 'SET leaseUntil = :lease',
            ConditionExpression: guard.ConditionExpression,
            ExpressionAttributeNames: guard.names,
            ExpressionAttributeValues: { ...guard.values, ':lease': leaseUntil },
          }),
        ),
      );
    },

    close: (tenantId, chargerId, attemptId, { outcome, closedAt }) => {
      const guard = runningBy(attemptId);
      return whenConditionHolds(() =>
        db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.healingAttempt(tenantId, chargerId),
            UpdateExpression: 'SET #status = :closed, outcome = :outcome, closedAt = :closedAt',
            ConditionExpression: guard.ConditionExpression,
            ExpressionAttributeNames: guard.names,
            ExpressionAttributeValues: {
              ...guard.values,
              ':closed': 'closed',
              ':outcome': outcome,
              ':closedAt': closedAt,
            },
          }),
        ),
      );
    },
  };
};
