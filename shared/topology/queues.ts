import type { FunctionId } from './functions.ts';
import { manifests } from './manifests.ts';
import type { QueueSpec as QueueSpecOfManifest } from './specs.ts';

type QueuesOf<M> = M extends { queues: infer Q } ? keyof Q & string : never;

export type QueueId = QueuesOf<(typeof manifests)[number]>;

export interface QueueSpec extends QueueSpecOfManifest {
  readonly consumer: FunctionId;
}

/**
 * Every SQS queue of the system, from the slices' manifests, with the function that consumes it. The CDK stack
 * builds the queue and its event source; the local runtime runs an emulation that delivers the same messages to
 * the same handler.
 */
export const queues = Object.assign({}, ...manifests.map((m) => ('queues' in m ? m.queues : {}))) as Record<
  QueueId,
  QueueSpec
>;
