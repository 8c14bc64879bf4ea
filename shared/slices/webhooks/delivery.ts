import type { Dependencies } from '../dependencies.ts';
import type { DeliveryTask } from './model.ts';
import type { SendResult } from './ports.ts';
import { afterFailure, backoffSeconds, wokeEarly } from './retry-schedule.ts';
import { signedHeaders } from './signing.ts';
import { signingSecrets } from './webhooks.ts';

type Deps = Pick<
  Dependencies,
  'webhooks' | 'webhookSender' | 'deliveryQueue' | 'webhookSettings' | 'clock' | 'ids' | 'random'
>;

export type DeliveryOutcome =
  | 'delivered'
  | 'retrying'
  | 'dead-lettered'
  | 'deferred'
  | 'rescheduled'
  | 'gone'
  | 'done-already';

const succeeded = (result: SendResult): boolean =>
  result.kind === 'answered' && result.statusCode >= 200 && result.statusCode < 300;

/**
 * One attempt of one delivery. Fairness between tenants and endpoints comes from the shape of the work, not from
 * a scheduler:
 * - every attempt is its own queue message, and the sender gives up after a short time-out, so a slow endpoint
 *   holds one consumer slot for at most that long per attempt, never a batch or another tenant's message;
 * - an endpoint that failed is marked `failingUntil` its next retry: fresh deliveries to it wait until then
 *   (rescheduled with jitter, no attempt counted) instead of each spending a time-out on an endpoint known to be
 *   down, so a dead endpoint with a backlog costs about one attempt per backoff step, not one per event;
 * - the consumer's SQS maximum concurrency caps what all webhooks together take from the account.
 * A per-webhook concurrency counter would bound it exactly but costs two writes per delivery and leaks on a
 * crashed invocation; the gate costs a write only when an endpoint fails or recovers.
 */
export const deliverTask = async (deps: Deps, task: DeliveryTask): Promise<DeliveryOutcome> => {
  const now = deps.clock.now();
  // A wait longer than one SQS delay arrives early: send it on again.
  if (wokeEarly(new Date(task.at), now)) {
    await deps.deliveryQueue.enqueue(task);
    return 'rescheduled';
  }
  const webhook = await deps.webhooks.get(task.tenantId, task.webhookId);
  if (!webhook) return 'gone';
  const delivery = await deps.webhooks.getDelivery(task.tenantId, task.webhookId, task.deliveryId);
  if (!delivery) return 'gone';
  if (delivery.status === 'delivered' || delivery.status === 'dead-lettered') return 'done-already';

  const policy = deps.webhookSettings.retryPolicy;
  if (delivery.attempts === 0 && webhook.failingUntil && Date.parse(webhook.failingUntil) > now.getTime()) {
    // After the endpoint's own retry has had its chance; the jitter spreads the backlog.
    const spreadMs = deps.random() * backoffSeconds(2, policy) * 1000;
    const at = new Date(Date.parse(webhook.failingUntil) + 1000 + spreadMs).toISOString();
    await deps.deliveryQueue.enqueue({ ...task, at });
    return 'deferred';
  }

  const attempt = delivery.attempts + 1;
  const firstAttemptAt = delivery.firstAttemptAt ?? now.toISOString();
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'csms-webhooks/1',
    ...signedHeaders({
      messageId: delivery.messageId,
      timestamp: now,
      body: delivery.body,
      secrets: signingSecrets(webhook.secrets, now),
    }),
  };
  const startedAt = performance.now();
  const result = await deps.webhookSender.send({ url: webhook.url, headers, body: delivery.body });
  const durationMs = Math.round(performance.now() - startedAt);
  const finishedAt = deps.clock.now();
  const logEntry = {
    tenantId: task.tenantId,
    webhookId: task.webhookId,
    attemptId: deps.ids.next(),
    deliveryId: task.deliveryId,
    messageId: delivery.messageId,
    eventType: delivery.eventType,
    attempt,
    attemptedAt: now.toISOString(),
    durationMs,
    ...(result.kind === 'answered' ? { statusCode: result.statusCode } : { error: result.kind }),
  };

  if (succeeded(result)) {
    await deps.webhooks.updateDelivery(task, { status: 'delivered', attempts: attempt, firstAttemptAt });
    await deps.webhooks.recordAttempt({ ...logEntry, outcome: 'delivered' });
    if (webhook.failingUntil) await deps.webhooks.setFailingUntil(task.tenantId, task.webhookId, undefined);
    return 'delivered';
  }

  const next = afterFailure({
    attempt,
    firstAttemptAt: new Date(firstAttemptAt),
    failedAt: finishedAt,
    policy,
    random: deps.random(),
  });
  if (next.kind === 'dead-letter') {
    await deps.webhooks.updateDelivery(task, { status: 'dead-lettered', attempts: attempt, firstAttemptAt });
    await deps.webhooks.recordAttempt({ ...logEntry, outcome: 'dead-lettered' });
    return 'dead-lettered';
  }
  const nextAttemptAt = next.at.toISOString();
  await deps.webhooks.updateDelivery(task, {
    status: 'retrying',
    attempts: attempt,
    firstAttemptAt,
    nextAttemptAt,
  });
  await deps.webhooks.recordAttempt({ ...logEntry, outcome: 'failed', nextAttemptAt });
  await deps.deliveryQueue.enqueue({ ...task, at: nextAttemptAt });
  if (!webhook.failingUntil || Date.parse(webhook.failingUntil) < next.at.getTime())
    await deps.webhooks.setFailingUntil(task.tenantId, task.webhookId, nextAttemptAt);
  return 'retrying';
};
