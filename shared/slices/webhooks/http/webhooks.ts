import { z } from 'zod';
import { apiErrors } from '../../../http/api-error.ts';
import {
  defineOperation,
  commonErrors as errors,
  type Operation,
  tenantOf,
} from '../../../http/operation.ts';
import { requireAllSites } from '../../../http/site-access.ts';
import type { DeliveryAttempt, Webhook } from '../model.ts';
import { allEvents, webhookEventTypes } from '../model.ts';
import { maxWebhookUrlLength } from '../url-policy.ts';
import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listDeliveryAttempts,
  listWebhooks,
  maxWebhooksPerTenant,
  redeliver,
  rotateWebhookSecret,
} from '../webhooks.ts';

const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be an id of letters, digits, - and _');
const webhookPathSchema = z.strictObject({ webhookId: idSchema });
const deliveryPathSchema = z.strictObject({ webhookId: idSchema, deliveryId: idSchema });

const eventTypeSchema = z.string().refine((type) => type === allEvents || webhookEventTypes.includes(type), {
  message: `must be "*" or a detail type of the event catalog (${webhookEventTypes.join(', ')})`,
});

const createWebhookRequestSchema = z.strictObject({
  url: z.string().max(maxWebhookUrlLength).meta({
    description: 'https; not a private, loopback or link-local address (checked again at delivery)',
  }),
  events: z.array(eventTypeSchema).min(1).max(50),
});

const webhookResponseSchema = z
  .object({
    webhookId: z.string(),
    url: z.string(),
    events: z.array(z.string()),
    createdAt: z.string(),
    failingUntil: z
      .string()
      .optional()
      .meta({ description: 'Set while the endpoint fails: the next retry.' }),
  })
  .meta({ id: 'Webhook' });

const secretResponseSchema = webhookResponseSchema
  .extend({
    secret: z.string().meta({
      description:
        'Standard Webhooks signing secret (`whsec_` + base64), shown only in this answer; it is never returned again.',
    }),
  })
  .meta({ id: 'WebhookWithSecret' });

const pageQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2048).optional(),
});
const nextCursor = z
  .string()
  .optional()
  .meta({ description: 'Pass back to get the next page; absent on the last.' });

const attemptResponseSchema = z
  .object({
    deliveryId: z.string(),
    messageId: z.string().meta({ description: 'The `webhook-id` header: the same on every attempt' }),
    eventType: z.string(),
    attempt: z.number().int(),
    outcome: z.enum(['delivered', 'failed', 'dead-lettered']),
    attemptedAt: z.string(),
    durationMs: z.number(),
    statusCode: z.number().int().optional(),
    error: z.string().optional(),
    nextAttemptAt: z.string().optional(),
  })
  .meta({ id: 'WebhookDeliveryAttempt' });

const toWebhookResponse = (webhook: Webhook): z.infer<typeof webhookResponseSchema> => ({
  webhookId: webhook.webhookId,
  url: webhook.url,
  events: [...webhook.events],
  createdAt: webhook.createdAt,
  ...(webhook.failingUntil && { failingUntil: webhook.failingUntil }),
});

const toAttemptResponse = ({ tenantId: _t, webhookId: _w, attemptId: _a, ...rest }: DeliveryAttempt) => rest;

const notFound = { 404: { description: 'No such webhook in this tenant' } } as const;

/** Webhooks are tenant-wide: a site-limited key may not manage them (they carry every site's events). */
export const webhookOperations = {
  createWebhook: defineOperation({
    summary: 'Register a webhook endpoint for some event types',
    request: { body: createWebhookRequestSchema },
    responses: {
      201: { description: 'Created; the secret is shown only here', schema: secretResponseSchema },
      409: { description: `The tenant has ${maxWebhooksPerTenant} webhooks already` },
      ...errors,
    },
    role: 'admin',
    async handle(deps, { body, principal }) {
      const tenant = tenantOf(principal);
      requireAllSites(tenant);
      const outcome = await createWebhook(deps, { tenantId: tenant.tenantId, ...body });
      if (outcome.kind === 'invalid-url') throw apiErrors.badRequest(`body.url: ${outcome.reason}`);
      if (outcome.kind === 'too-many')
        throw apiErrors.conflict(`a tenant may have at most ${maxWebhooksPerTenant} webhooks`);
      return { status: 201, body: { ...toWebhookResponse(outcome.webhook), secret: outcome.secret } };
    },
  }),

  listWebhooks: defineOperation({
    summary: "The tenant's webhooks",
    request: { query: pageQuerySchema },
    responses: {
      200: {
        description: 'A page of webhooks',
        schema: z.object({ items: z.array(webhookResponseSchema), cursor: nextCursor }),
      },
      ...errors,
    },
    role: 'viewer',
    async handle(deps, { query, principal }) {
      const tenant = tenantOf(principal);
      requireAllSites(tenant);
      const page = await listWebhooks(deps, { tenantId: tenant.tenantId, ...query });
      return {
        status: 200,
        body: { items: page.items.map(toWebhookResponse), ...(page.cursor && { cursor: page.cursor }) },
      };
    },
  }),

  getWebhook: defineOperation({
    summary: 'A webhook (without its secret)',
    request: { path: webhookPathSchema },
    responses: { 200: { description: 'The webhook', schema: webhookResponseSchema }, ...notFound, ...errors },
    role: 'viewer',
    async handle(deps, { path, principal }) {
      const tenant = tenantOf(principal);
      requireAllSites(tenant);
      const webhook = await getWebhook(deps, { tenantId: tenant.tenantId, webhookId: path.webhookId });
      if (!webhook) throw apiErrors.notFound(`webhook ${path.webhookId}`);
      return { status: 200, body: toWebhookResponse(webhook) };
    },
  }),

  deleteWebhook: defineOperation({
    summary: 'Delete a webhook; queued deliveries stop',
    request: { path: webhookPathSchema },
    responses: { 204: { description: 'Deleted' }, ...notFound, ...errors },
    role: 'admin',
    async handle(deps, { path, principal }) {
      const tenant = tenantOf(principal);
      requireAllSites(tenant);
      if (!(await deleteWebhook(deps, { tenantId: tenant.tenantId, webhookId: path.webhookId })))
        throw apiErrors.notFound(`webhook ${path.webhookId}`);
      return { status: 204, body: undefined };
    },
  }),

  rotateWebhookSecret: defineOperation({
    summary: 'A new signing secret, shown once; the previous one also signs for 24 hours',
    request: { path: webhookPathSchema },
    responses: {
      200: { description: 'The webhook with its new secret', schema: secretResponseSchema },
      ...notFound,
      ...errors,
    },
    role: 'admin',
    async handle(deps, { path, principal }) {
      const tenant = tenantOf(principal);
      requireAllSites(tenant);
      const rotated = await rotateWebhookSecret(deps, {
        tenantId: tenant.tenantId,
        webhookId: path.webhookId,
      });
      if (!rotated) throw apiErrors.notFound(`webhook ${path.webhookId}`);
      return { status: 200, body: { ...toWebhookResponse(rotated.webhook), secret: rotated.secret } };
    },
  }),

  listWebhookDeliveries: defineOperation({
    summary: "The webhook's delivery log, one entry per attempt, newest first (kept 30 days)",
    request: { path: webhookPathSchema, query: pageQuerySchema },
    responses: {
      200: {
        description: 'A page of attempts',
        schema: z.object({ items: z.array(attemptResponseSchema), cursor: nextCursor }),
      },
      ...notFound,
      ...errors,
    },
    role: 'viewer',
    async handle(deps, { path, query, principal }) {
      const tenant = tenantOf(principal);
      requireAllSites(tenant);
      const page = await listDeliveryAttempts(deps, {
        tenantId: tenant.tenantId,
        webhookId: path.webhookId,
        ...query,
      });
      if (!page) throw apiErrors.notFound(`webhook ${path.webhookId}`);
      return {
        status: 200,
        body: { items: page.items.map(toAttemptResponse), ...(page.cursor && { cursor: page.cursor }) },
      };
    },
  }),

  redeliverWebhookDelivery: defineOperation({
    summary: 'Send a delivery again (same webhook-id and body), with retries of its own',
    request: { path: deliveryPathSchema },
    responses: {
      202: {
        description: 'Queued',
        schema: z.object({ deliveryId: z.string(), redeliveryOf: z.string() }),
      },
      404: { description: 'No such webhook in this tenant, or no such delivery (or it expired)' },
      ...errors,
    },
    role: 'admin',
    async handle(deps, { path, principal }) {
      const tenant = tenantOf(principal);
      requireAllSites(tenant);
      const delivery = await redeliver(deps, { tenantId: tenant.tenantId, ...path });
      if (!delivery) throw apiErrors.notFound(`delivery ${path.deliveryId} of webhook ${path.webhookId}`);
      return { status: 202, body: { deliveryId: delivery.deliveryId, redeliveryOf: path.deliveryId } };
    },
  }),
} satisfies Record<string, Operation>;
