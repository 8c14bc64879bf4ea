import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface SliceQueueProps {
  /** The function SQS invokes with the queue's messages. */
  readonly consumer: lambda.IFunction;
  /** The consumer's timeout: the queue's visibility timeout is six times it, as AWS advises. */
  readonly consumerTimeout: Duration;
  /** @default 10 */
  readonly batchSize?: number;
  /** Receives before a message moves to the dead-letter queue. @default 5 */
  readonly maxReceiveCount?: number;
  /** Most consumer instances at once: a ceiling that reserves nothing from the account's pool. @default 5 */
  readonly maxConcurrency?: number;
  /** How long SQS gathers a batch before invoking the consumer. @default 0 */
  readonly batchingWindowSeconds?: number;
  /**
   * How long an unconsumed message is kept. The webhook queues' messages live minutes (a longer wait is a new
   * message), so a day is plenty.
   * @default Duration.days(1)
   */
  readonly retentionPeriod?: Duration;
}

/**
 * A slice's SQS queue (SSE, TLS only) and its consumer, which reports failed messages one by one (partial batch
 * responses); messages that keep failing go to a dead-letter queue kept for 14 days.
 */
export class SliceQueue extends Construct {
  public readonly queue: sqs.Queue;
  public readonly deadLetterQueue: sqs.Queue;

  public constructor(scope: Construct, id: string, props: SliceQueueProps) {
    super(scope, id);
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(props.consumerTimeout.toSeconds() * 6),
      retentionPeriod: props.retentionPeriod ?? Duration.days(1),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount ?? 5 },
    });
    props.consumer.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: props.batchSize ?? 10,
        reportBatchItemFailures: true,
        maxConcurrency: props.maxConcurrency ?? 5,
        ...(props.batchingWindowSeconds && {
          maxBatchingWindow: Duration.seconds(props.batchingWindowSeconds),
        }),
      }),
    );
  }
}
