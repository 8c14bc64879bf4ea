import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { z } from 'zod';
import { logger } from '../../handlers/logger.ts';
import type { Dependencies } from '../dependencies.ts';
import { type DeliveryOutcome, deliverTask } from './delivery.ts';
import { fanOutEvent } from './fan-out.ts';
import type { MeteredOutcome } from './model.ts';

const busEventSchema = z.object({
  id: z.string().min(1),
  'detail-type': z.string().min(1),
  detail: z.looseObject({ tenantId: z.string().min(1), occurredAt: z.string().min(1) }),
});

const taskSchema = z.object({
  tenantId: z.string().min(1),
  webhookId: z.string().min(1),
  deliveryId: z.string().min(1),
  at: z.iso.datetime(),
});

const parse = <T>(schema: z.ZodType<T>, record: SQSRecord): T | undefined => {
  try {
    const parsed = schema.safeParse(JSON.parse(record.body));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
};

/**
 * Runs each message of a batch at once and reports the ones that threw (partial batch response), so that SQS
 * retries only those and a slow message never delays the others. A malformed message is logged and dropped.
 */
const eachMessage =
  <T>(kind: string, schema: z.ZodType<T>, run: (message: T) => Promise<unknown>) =>
  async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const results = await Promise.all(
      event.Records.map(async (record) => {
        const message = parse(schema, record);
        if (!message) {
          logger.error(`malformed ${kind} message; dropped`, { messageId: record.messageId });
          return undefined;
        }
        try {
          await run(message);
          return undefined;
        } catch (error) {
          logger.error(`${kind} failed; SQS retries it`, { messageId: record.messageId, error });
          return { itemIdentifier: record.messageId };
        }
      }),
    );
    return { batchItemFailures: results.filter((failure) => failure !== undefined) };
  };

/** Bus events of every tenant (EventBridge → SQS) → one delivery message per subscribed webhook. */
export const createWebhookFanOutHandler = (deps: Dependencies) =>
  eachMessage('webhook fan-out', busEventSchema, (event) =>
    fanOutEvent(deps.forTenant(event.detail.tenantId), event),
  );

/**
 * The attempts among the outcomes of a batch, by outcome: a delivery that was deferred, rescheduled, gone or
 * done already made no attempt and counts in none.
 */
export const meteredOutcomes = (outcomes: readonly DeliveryOutcome[]): Record<MeteredOutcome, number> => {
  const counts: Record<MeteredOutcome, number> = { delivered: 0, retrying: 0, 'dead-lettered': 0 };
  for (const outcome of outcomes) if (Object.hasOwn(counts, outcome)) counts[outcome as MeteredOutcome] += 1;
  return counts;
};

/**
 * One attempt per message, on the tenant's own dependencies (its data only); the batch's attempts are counted
 * into the delivery metrics once, after it (an attempt that threw is retried by SQS and counted then).
 */
export const createWebhookDeliveryHandler = (deps: Dependencies) => {
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const outcomes: DeliveryOutcome[] = [];
    const response = await eachMessage('webhook delivery', taskSchema, async (task) => {
      outcomes.push(await deliverTask(deps.forTenant(task.tenantId), task));
    })(event);
    deps.deliveryMetrics.count(meteredOutcomes(outcomes));
    return response;
  };
};
