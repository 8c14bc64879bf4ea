import type { Page } from '../../kernel/ports.ts';
import type { Dependencies } from '../dependencies.ts';
import type { Delivery, DeliveryAttempt, Webhook, WebhookSecret } from './model.ts';
import { generateWebhookSecret } from './signing.ts';
import { checkWebhookUrl } from './url-policy.ts';

/** Fan-out reads all of a tenant's webhooks for each of its events: a bound keeps that one small read. */
export const maxWebhooksPerTenant = 20;
/** How long a rotated-out secret keeps signing, so receivers can switch without losing a delivery. */
export const secretGracePeriodSeconds = 24 * 3600;

type Deps = Pick<Dependencies, 'webhooks' | 'webhookAudience' | 'clock' | 'ids' | 'webhookSettings'>;

export type CreateWebhookOutcome =
  | { readonly kind: 'created'; readonly webhook: Webhook; readonly secret: string }
  | { readonly kind: 'invalid-url'; readonly reason: string }
  | { readonly kind: 'too-many' };

export const createWebhook = async (
  deps: Deps,
  input: { tenantId: string; url: string; events: readonly string[] },
): Promise<CreateWebhookOutcome> => {
  const verdict = checkWebhookUrl(input.url, deps.webhookSettings.urlPolicy);
  if (!verdict.ok) return { kind: 'invalid-url', reason: verdict.reason };
  if ((await deps.webhooks.listAll(input.tenantId)).length >= maxWebhooksPerTenant)
    return { kind: 'too-many' };
  const createdAt = deps.clock.now().toISOString();
  const secret = generateWebhookSecret();
  const webhook: Webhook = {
    tenantId: input.tenantId,
    webhookId: deps.ids.next(),
    url: verdict.url.href,
    events: [...new Set(input.events)].sort(),
    secrets: [{ secret, createdAt }],
    createdAt,
  };
  if (!(await deps.webhooks.create(webhook))) throw new Error('webhook id collision');
  // This process marks the tenant's next events for the new webhook; other containers within 5 minutes.
  deps.webhookAudience.forget(input.tenantId);
  return { kind: 'created', webhook, secret };
};

export const getWebhook = (deps: Pick<Deps, 'webhooks'>, input: { tenantId: string; webhookId: string }) =>
  deps.webhooks.get(input.tenantId, input.webhookId);

export const listWebhooks = (
  deps: Pick<Deps, 'webhooks'>,
  input: { tenantId: string; limit: number; cursor?: string },
): Promise<Page<Webhook>> => {
  const { tenantId, ...query } = input;
  return deps.webhooks.list(tenantId, query);
};

/** Deliveries already queued find no webhook and stop; the log expires by its TTL. */
export const deleteWebhook = async (
  deps: Pick<Deps, 'webhooks' | 'webhookAudience'>,
  input: { tenantId: string; webhookId: string },
) => {
  const deleted = await deps.webhooks.delete(input.tenantId, input.webhookId);
  deps.webhookAudience.forget(input.tenantId);
  return deleted;
};

/** The secrets that sign now: the current one, and rotated-out ones still in their grace period. */
export const signingSecrets = (secrets: readonly WebhookSecret[], now: Date): string[] =>
  secrets
    .filter((s) => s.expiresAt === undefined || Date.parse(s.expiresAt) > now.getTime())
    .map((s) => s.secret);

/**
 * A new current secret, shown once; the previous current one signs too for `secretGracePeriodSeconds`, older
 * ones stop (a second rotation within the grace period ends the first one's).
 */
export const rotateWebhookSecret = async (
  deps: Deps,
  input: { tenantId: string; webhookId: string },
): Promise<{ webhook: Webhook; secret: string } | undefined> => {
  const webhook = await deps.webhooks.get(input.tenantId, input.webhookId);
  if (!webhook) return undefined;
  const now = deps.clock.now();
  const secret = generateWebhookSecret();
  const previous = webhook.secrets[0];
  const secrets: WebhookSecret[] = [
    { secret, createdAt: now.toISOString() },
    ...(previous
      ? [{ ...previous, expiresAt: new Date(now.getTime() + secretGracePeriodSeconds * 1000).toISOString() }]
      : []),
  ];
  const updated = await deps.webhooks.replaceSecrets(input.tenantId, input.webhookId, secrets);
  return updated && { webhook: updated, secret };
};

export const listDeliveryAttempts = async (
  deps: Pick<Deps, 'webhooks'>,
  input: { tenantId: string; webhookId: string; limit: number; cursor?: string },
): Promise<Page<DeliveryAttempt> | undefined> => {
  if (!(await deps.webhooks.get(input.tenantId, input.webhookId))) return undefined;
  return deps.webhooks.listAttempts(input.tenantId, input.webhookId, input);
};

/**
 * Sends a delivery again as a new delivery of the same message (same `webhook-id` and body, so a receiver that
 * got it dedupes), with its own retries. Undefined when the webhook or the delivery (expired) is unknown.
 */
export const redeliver = async (
  deps: Pick<Dependencies, 'webhooks' | 'clock' | 'ids' | 'deliveryQueue'>,
  input: { tenantId: string; webhookId: string; deliveryId: string },
): Promise<Delivery | undefined> => {
  if (!(await deps.webhooks.get(input.tenantId, input.webhookId))) return undefined;
  const original = await deps.webhooks.getDelivery(input.tenantId, input.webhookId, input.deliveryId);
  if (!original) return undefined;
  const now = deps.clock.now().toISOString();
  const delivery: Delivery = {
    tenantId: original.tenantId,
    webhookId: original.webhookId,
    deliveryId: deps.ids.next(),
    messageId: original.messageId,
    eventType: original.eventType,
    body: original.body,
    createdAt: now,
    status: 'pending',
    attempts: 0,
    redeliveryOf: original.deliveryId,
  };
  await deps.webhooks.createDelivery(delivery);
  await deps.deliveryQueue.enqueue({ ...input, deliveryId: delivery.deliveryId, at: now });
  return delivery;
};
