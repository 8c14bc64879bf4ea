import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface CallQueueTimerProps {
  /** The function that handles the wakes (`call-queue-timer`). */
  readonly consumer: lambda.IFunction;
  /** The consumer's timeout: the queue's visibility timeout is six times it, as AWS advises. */
  readonly consumerTimeout: Duration;
  /**
   * Wakes per invocation.
   * @default 10
   */
  readonly batchSize?: number;
  /**
   * Receives before a wake moves to the dead-letter queue.
   * @default 5
   */
  readonly maxReceiveCount?: number;
  /**
   * Most consumer instances SQS runs at once: a ceiling that reserves nothing from the account's pool, so that a
   * burst of wakes cannot starve the charger gateway.
   * @default 5
   */
  readonly maxConcurrency?: number;
}

/**
 * The SQS queue that wakes charger call queues: each message is delayed (DelaySeconds, at most 900) until a
 * call's time-out, then handed to the consumer, which reports failed wakes individually (partial batch
 * responses). Wakes that keep failing go to a dead-letter queue kept for 14 days.
 */
export class CallQueueTimer extends Construct {
  public readonly queue: sqs.Queue;
  public readonly deadLetterQueue: sqs.Queue;

  public constructor(scope: Construct, id: string, props: CallQueueTimerProps) {
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
      // A wake older than a day is of no use: the call it was for is long over.
      retentionPeriod: Duration.days(1),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount ?? 5 },
    });
    props.consumer.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: props.batchSize ?? 10,
        reportBatchItemFailures: true,
        maxConcurrency: props.maxConcurrency ?? 5,
      }),
    );
  }

  /** Lets a function set wakes. */
  public grantSchedule(grantee: lambda.IFunction): void {
    this.queue.grantSendMessages(grantee);
  }
}
