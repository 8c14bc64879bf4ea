import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Clock } from '../../../kernel/ports.ts';
import type { DeliveryTask } from '../model.ts';
import type { DeliveryQueue } from '../ports.ts';

/** SQS delays a message by at most 15 minutes. */
const maxDelaySeconds = 900;

/** Delivery attempts as SQS messages delayed until due (at most 15 minutes; the consumer sends later ones on). */
export const createSqsDeliveryQueue = (client: SQSClient, queueUrl: string, clock: Clock): DeliveryQueue => ({
  async enqueue(task: DeliveryTask): Promise<void> {
    if (queueUrl === '')
      throw new Error('WEBHOOK_DELIVERY_QUEUE_URL is not set: no webhook can be delivered');
    await client.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: JSON.stringify(task),
        // Rounded up, so an attempt is never early by less than a second.
        DelaySeconds: Math.min(
          maxDelaySeconds,
          Math.max(0, Math.ceil((Date.parse(task.at) - clock.now().getTime()) / 1000)),
        ),
      }),
    );
  },
});
