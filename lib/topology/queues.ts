import type { FunctionId } from './functions.ts';

/**
 * Every SQS queue of the system, with the function that consumes it. The CDK stack builds the queue and its
 * event source; the local runtime runs an emulation that delivers the same messages to the same handler.
 */
export type QueueId = 'call-queue-timer';

export interface QueueSpec {
  readonly description: string;
  /** The function SQS invokes with the queue's messages. */
  readonly consumer: FunctionId;
  /** @default 10 */
  readonly batchSize?: number;
  /** Receives before a message moves to the dead-letter queue. @default 5 */
  readonly maxReceiveCount?: number;
}

export const queues: Record<QueueId, QueueSpec> = {
  'call-queue-timer': {
    description:
      "Wakes a charger's call queue at a call's time-out (per-message DelaySeconds, at most 900 s; later wakes are set again)",
    consumer: 'call-queue-timer',
    batchSize: 10,
    maxReceiveCount: 5,
  },
};
