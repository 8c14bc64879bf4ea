import type { DeliveryTask, MeteredOutcome } from '../../../shared/slices/webhooks/model.ts';
import type {
  DeliveryMetrics,
  DeliveryQueue,
  SendResult,
  WebhookSender,
} from '../../../shared/slices/webhooks/ports.ts';

/** A delivery queue that keeps what was queued, in order. */
export interface RecordingDeliveryQueue extends DeliveryQueue {
  readonly queued: DeliveryTask[];
}

export const createRecordingDeliveryQueue = (): RecordingDeliveryQueue => {
  const queued: DeliveryTask[] = [];
  return {
    queued,
    async enqueue(task) {
      queued.push(task);
    },
  };
};

export interface SentRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** A sender that answers the scripted results in turn (the last one from then on) and records each request. */
export interface ScriptedWebhookSender extends WebhookSender {
  readonly sent: SentRequest[];
}

export const createScriptedWebhookSender = (
  results: readonly SendResult[] = [{ kind: 'answered', statusCode: 200 }],
): ScriptedWebhookSender => {
  const sent: SentRequest[] = [];
  return {
    sent,
    async send(request) {
      sent.push(request);
      return results[Math.min(sent.length - 1, results.length - 1)]!;
    },
  };
};

/** Delivery metrics that keep each batch's counts, in order. */
export interface RecordingDeliveryMetrics extends DeliveryMetrics {
  readonly batches: Readonly<Record<MeteredOutcome, number>>[];
}

export const createRecordingDeliveryMetrics = (): RecordingDeliveryMetrics => {
  const batches: Readonly<Record<MeteredOutcome, number>>[] = [];
  return {
    batches,
    count(outcomes) {
      batches.push({ ...outcomes });
    },
  };
};
