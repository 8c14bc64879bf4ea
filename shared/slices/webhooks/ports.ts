import type { Page } from '../../kernel/ports.ts';
import type { Delivery, DeliveryAttempt, DeliveryTask, MeteredOutcome, Webhook } from './model.ts';
import type { RetryPolicy } from './retry-schedule.ts';
import type { UrlPolicy } from './url-policy.ts';

export interface WebhookRepository {
  /** Returns false when the id is taken. */
  create(webhook: Webhook): Promise<boolean>;
  get(tenantId: string, webhookId: string): Promise<Webhook | undefined>;
  list(tenantId: string, query: { limit: number; cursor?: string }): Promise<Page<Webhook>>;
  /** Every webhook of the tenant, for the fan-out of one event (a tenant has a handful). */
  listAll(tenantId: string): Promise<readonly Webhook[]>;
  delete(tenantId: string, webhookId: string): Promise<boolean>;
  /** Replaces the secrets; undefined when the webhook does not exist. */
  replaceSecrets(
    tenantId: string,
    webhookId: string,
    secrets: Webhook['secrets'],
  ): Promise<Webhook | undefined>;
  /** Sets (a date) or clears (undefined) `failingUntil`. */
  setFailingUntil(tenantId: string, webhookId: string, until: string | undefined): Promise<void>;

  /** Stores a delivery; false when its id exists (a repeated fan-out). */
  createDelivery(delivery: Delivery): Promise<boolean>;
  getDelivery(tenantId: string, webhookId: string, deliveryId: string): Promise<Delivery | undefined>;
  updateDelivery(
    delivery: Pick<Delivery, 'tenantId' | 'webhookId' | 'deliveryId'>,
    changes: Pick<Delivery, 'status' | 'attempts'> &
      Partial<Pick<Delivery, 'firstAttemptAt' | 'nextAttemptAt'>>,
  ): Promise<void>;
  recordAttempt(attempt: DeliveryAttempt): Promise<void>;
  /** The delivery log of a webhook, newest first. */
  listAttempts(
    tenantId: string,
    webhookId: string,
    query: { limit: number; cursor?: string },
  ): Promise<Page<DeliveryAttempt>>;
}

export type SendResult =
  | { readonly kind: 'answered'; readonly statusCode: number }
  | { readonly kind: 'timeout' | 'refused-address' | 'network'; readonly message: string };

/** POSTs a signed body to an endpoint, connecting only to addresses the URL policy allows. */
export interface WebhookSender {
  send(request: {
    readonly url: string;
    readonly headers: Readonly<Record<string, string>>;
    readonly body: string;
  }): Promise<SendResult>;
}

/** The delivery queue: an attempt due at `task.at` (SQS delays of at most 15 minutes; later ones re-sent). */
export interface DeliveryQueue {
  enqueue(task: DeliveryTask): Promise<void>;
}

/** The delivery function's metrics: the attempts of one batch by outcome, counted once per batch. */
export interface DeliveryMetrics {
  count(outcomes: Readonly<Record<MeteredOutcome, number>>): void;
}

export interface WebhookSettings {
  readonly urlPolicy: UrlPolicy;
  readonly retryPolicy: RetryPolicy;
}

/** Whether a tenant's webhooks subscribe to an event (in one of the detail types it is published in). */
export interface WebhookAudience {
  subscribes(tenantId: string, detailTypes: readonly string[]): Promise<boolean>;
  /** After this process changed the tenant's webhooks: ask again. */
  forget(tenantId: string): void;
}

export interface WebhooksDependencies {
  readonly webhooks: WebhookRepository;
  readonly webhookAudience: WebhookAudience;
  readonly webhookSender: WebhookSender;
  readonly deliveryQueue: DeliveryQueue;
  readonly webhookSettings: WebhookSettings;
  readonly deliveryMetrics: DeliveryMetrics;
  /** [0, 1): jitter of the retry schedule; fixed in tests. */
  readonly random: () => number;
}
