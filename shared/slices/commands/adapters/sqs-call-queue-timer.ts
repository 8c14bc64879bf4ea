import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Clock } from '../../../kernel/ports.ts';
import type { CallQueueTimer, CallQueueWake } from '../ports.ts';

/** SQS delays a message by at most 15 minutes; a later wake is delivered early and set again by its consumer. */
export const maxDelaySeconds = 900;

/**
 * Queue wakes as SQS messages delayed until the call's time-out (`DelaySeconds`, rounded up so a wake is never
 * early by less than a second). One SendMessage per wake; the `call-queue-timer` function consumes them.
 */
export const createSqsCallQueueTimer = (
  client: SQSClient,
  queueUrl: string,
  clock: Clock,
): CallQueueTimer => ({
  async schedule(wake: CallQueueWake): Promise<void> {
    const seconds = Math.ceil((Date.parse(wake.at) - clock.now().getTime()) / 1000);
    await client.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: JSON.stringify(wake),
        DelaySeconds: Math.min(maxDelaySeconds, Math.max(0, seconds)),
      }),
    );
  },
});
