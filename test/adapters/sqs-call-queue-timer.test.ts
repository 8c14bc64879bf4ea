import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  createSqsCallQueueTimer,
  maxDelaySeconds,
} from '../../shared/slices/commands/adapters/sqs-call-queue-timer.ts';

const queueUrl = 'https://sqs.eu-west-1.amazonaws.com/123456789012/wakes';
const now = new Date('2024-05-01T12:00:00.000Z');
const wakeAt = (secondsLater: number) => ({
  tenantId: 't1',
  chargerId: 'cp1',
  messageId: 'm1',
  at: new Date(now.getTime() + secondsLater * 1000).toISOString(),
});

describe('createSqsCallQueueTimer', () => {
  const sqs = mockClient(SQSClient);
  beforeEach(() => {
    sqs.reset();
    sqs.on(SendMessageCommand).resolves({ MessageId: 'x' });
  });
  const timer = () =>
    createSqsCallQueueTimer(new SQSClient({ region: 'eu-west-1' }), queueUrl, { now: () => now });

  it.each([
    ['due in 60 s', 60, 60],
    ['due in 59.2 s: rounded up, never early', 59.2, 60],
    ['already due', -5, 0],
    ['due beyond what SQS delays: capped, set again when it comes', 3600, maxDelaySeconds],
  ])('sends one message delayed until the wake is due (%s)', async (_, secondsLater, delaySeconds) => {
    // Act
    await timer().schedule(wakeAt(secondsLater));

    // Assess
    const calls = sqs.commandCalls(SendMessageCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input).toEqual({
      QueueUrl: queueUrl,
      MessageBody: JSON.stringify(wakeAt(secondsLater)),
      DelaySeconds: delaySeconds,
    });
  });
});
