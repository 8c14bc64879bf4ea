import { type EventName, eventCatalog } from '../../events/catalog.ts';
/** A signing secret of a webhook; a rotated-out one keeps signing until `expiresAt` (its grace period). */
export interface WebhookSecret {
  readonly secret: string;
  readonly createdAt: string;
  readonly expiresAt?: string;
}

/** A tenant's endpoint and the event types it wants (`*`: all). */
export interface Webhook {
  readonly tenantId: string;
  readonly webhookId: string;
  readonly url: string;
  readonly events: readonly string[];
  /** Never returned by a route: shown once, at creation and rotation. The current secret is the first. */
  readonly secrets: readonly WebhookSecret[];
  readonly createdAt: string;
  /**
   * Set while the endpoint fails: fresh deliveries wait until then instead of each spending a time-out on it
   * (see delivery.ts). Cleared by the next success.
   */
  readonly failingUntil?: string;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'retrying' | 'dead-lettered';

/** One event for one webhook, with the exact body that is signed and sent on every attempt. */
export interface Delivery {
  readonly tenantId: string;
  readonly webhookId: string;
  readonly deliveryId: string;
  /** The `webhook-id` header and the body's `id`: the same on every attempt and redelivery, for deduplication. */
  readonly messageId: string;
  readonly eventType: string;
  readonly body: string;
  readonly createdAt: string;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly firstAttemptAt?: string;
  readonly nextAttemptAt?: string;
  /** Set on a redelivery: the delivery it repeats. */
  readonly redeliveryOf?: string;
}

export type AttemptOutcome = 'delivered' | 'failed' | 'dead-lettered';

/** What became of the attempts of one delivery batch, as the delivery function counts them into metrics. */
export type MeteredOutcome = 'delivered' | 'retrying' | 'dead-lettered';

/**
 * Where the delivery function's metrics are (Powertools Metrics, Embedded Metric Format): `WebhookDeliveries`
 * (Count) in `Csms` with the dimensions `service` (Powertools adds it) and `outcome`. No tenant or webhook
 * dimension: every value of a dimension is a custom metric of its own ($0.30 a month each).
 */
export const webhookDeliveryMetrics = {
  namespace: 'Csms',
  service: 'webhook-delivery',
  metricName: 'WebhookDeliveries',
  dimension: 'outcome',
  outcomes: ['delivered', 'retrying', 'dead-lettered'] as readonly MeteredOutcome[],
} as const;

/** The delivery log: one item per attempt. */
export interface DeliveryAttempt {
  readonly tenantId: string;
  readonly webhookId: string;
  readonly attemptId: string;
  readonly deliveryId: string;
  readonly messageId: string;
  readonly eventType: string;
  readonly attempt: number;
  readonly outcome: AttemptOutcome;
  readonly attemptedAt: string;
  readonly durationMs: number;
  readonly statusCode?: number;
  /** Why it failed without a status: `timeout`, `refused-address`, `network`. */
  readonly error?: string;
  readonly nextAttemptAt?: string;
}

/** The body every delivery sends (Standard Webhooks' `type`, plus what a consumer needs to route it). */
export interface WebhookPayload {
  readonly type: string;
  readonly id: string;
  readonly occurredAt: string;
  readonly tenantId: string;
  readonly data: Record<string, unknown>;
}

/** What the delivery queue carries: one attempt of one delivery, due at `at`. */
export interface DeliveryTask {
  readonly tenantId: string;
  readonly webhookId: string;
  readonly deliveryId: string;
  readonly at: string;
}

/** The detail types an event is published in: its current one and the previous versions still published. */
export const detailTypesOf = (name: EventName): readonly string[] => {
  const entry = eventCatalog[name];
  return [
    entry.detailType,
    ...('previous' in entry ? entry.previous.map((version) => version.detailType) : []),
  ];
};

/** Every detail type a webhook may subscribe to: each catalog entry's, and its previous versions still published. */
export const webhookEventTypes: readonly string[] = (Object.keys(eventCatalog) as EventName[]).flatMap(
  detailTypesOf,
);

export const allEvents = '*';

export const subscribesTo = (events: readonly string[], detailType: string): boolean =>
  events.includes(allEvents) || events.includes(detailType);
