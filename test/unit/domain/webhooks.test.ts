import { Webhook as Verifier } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { deliverTask } from '../../../shared/slices/webhooks/delivery.ts';
import { type BusEnvelope, fanOutEvent } from '../../../shared/slices/webhooks/fan-out.ts';
import {
  createWebhook,
  maxWebhooksPerTenant,
  redeliver,
  rotateWebhookSecret,
  signingSecrets,
} from '../../../shared/slices/webhooks/webhooks.ts';
import { createFixedClock } from '../../support/fakes/clock.ts';
import { createScriptedWebhookSender } from '../../support/fakes/webhooks.ts';
import { createTestDependencies, type TestOverrides } from '../../support/test-dependencies.ts';

const anEvent = (overrides: Partial<BusEnvelope> = {}): BusEnvelope => ({
  id: 'evt-1',
  'detail-type': 'ConnectorStatusChanged.v1',
  detail: {
    tenantId: 'tenant-a',
    occurredAt: '2024-05-01T11:59:00.000Z',
    chargerId: 'CP-1',
    status: 'Faulted',
  },
  ...overrides,
});

/** A tenant with one webhook and one fanned-out delivery for it, as the delivery function finds them. */
const givenDelivery = async (overrides: TestOverrides = {}) => {
  const deps = await createTestDependencies(overrides);
  const created = await createWebhook(deps, {
    tenantId: 'tenant-a',
    url: 'https://hooks.example.com/csms',
    events: ['*'],
  });
  if (created.kind !== 'created') throw new Error(created.kind);
  await fanOutEvent(deps, anEvent());
  const task = deps.deliveryQueue.queued.shift()!;
  return { deps, webhook: created.webhook, secret: created.secret, task };
};

const logOf = async (deps: Awaited<ReturnType<typeof givenDelivery>>['deps'], webhookId: string) =>
  (await deps.webhooks.listAttempts('tenant-a', webhookId, { limit: 100 })).items;

describe('createWebhook', () => {
  it('stores the webhook with one secret, returned only here', async () => {
    // Prepare
    const deps = await createTestDependencies();

    // Act
    const outcome = await createWebhook(deps, {
      tenantId: 'tenant-a',
      url: 'https://Hooks.Example.com/a',
      events: ['TransactionEnded.v2', 'ConnectorStatusChanged.v1', 'TransactionEnded.v2'],
    });

    // Assess
    expect(outcome).toMatchObject({ kind: 'created', secret: expect.stringMatching(/^whsec_/) });
    if (outcome.kind !== 'created') return;
    expect(await deps.webhooks.get('tenant-a', outcome.webhook.webhookId)).toEqual({
      tenantId: 'tenant-a',
      webhookId: outcome.webhook.webhookId,
      url: 'https://hooks.example.com/a',
      events: ['ConnectorStatusChanged.v1', 'TransactionEnded.v2'],
      secrets: [{ secret: outcome.secret, createdAt: '2024-05-01T12:00:00.000Z' }],
      createdAt: '2024-05-01T12:00:00.000Z',
    });
  });

  it('refuses a URL the policy refuses, and a webhook beyond the tenant’s bound', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const input = { tenantId: 'tenant-a', url: 'https://hooks.example.com/', events: ['*'] };
    for (let i = 0; i < maxWebhooksPerTenant; i += 1) await createWebhook(deps, input);

    // Act & Assess
    expect(await createWebhook(deps, { ...input, url: 'https://10.0.0.1/' })).toEqual({
      kind: 'invalid-url',
      reason: 'must not point to a private address',
    });
    expect(await createWebhook(deps, input)).toEqual({ kind: 'too-many' });
    expect((await createWebhook(deps, { ...input, tenantId: 'tenant-b' })).kind).toBe('created');
  });
});

describe('fanOutEvent', () => {
  it("queues one delivery per subscribed webhook of the event's tenant, and nothing twice", async () => {
    // Prepare
    const deps = await createTestDependencies();
    const subscribe = (tenantId: string, events: string[]) =>
      createWebhook(deps, { tenantId, url: 'https://hooks.example.com/', events });
    const all = await subscribe('tenant-a', ['*']);
    const status = await subscribe('tenant-a', ['ConnectorStatusChanged.v1']);
    await subscribe('tenant-a', ['TransactionEnded.v2']);
    await subscribe('tenant-b', ['*']);

    // Act
    const queued = await fanOutEvent(deps, anEvent());
    const again = await fanOutEvent(deps, anEvent());

    // Assess
    expect([queued, again]).toEqual([2, 2]);
    const ids = [all, status].map((outcome) => (outcome.kind === 'created' ? outcome.webhook.webhookId : ''));
    expect(deps.deliveryQueue.queued.map((task) => task.webhookId).sort()).toEqual([...ids, ...ids].sort());
    // The repeat found the same deliveries (same ids), still pending: queued again, not created again.
    const [first, second] = [deps.deliveryQueue.queued.slice(0, 2), deps.deliveryQueue.queued.slice(2)];
    expect(second).toEqual(first);
    const delivery = await deps.webhooks.getDelivery('tenant-a', ids[0]!, first[0]!.deliveryId);
    expect(JSON.parse(delivery!.body)).toEqual({
      type: 'ConnectorStatusChanged.v1',
      id: 'evt-1',
      occurredAt: '2024-05-01T11:59:00.000Z',
      tenantId: 'tenant-a',
      data: anEvent().detail,
    });
  });
});

describe('deliverTask', () => {
  it('signs the stored body with the secret and logs the delivery', async () => {
    // Prepare: now, since a receiver refuses timestamps older than 5 minutes.
    const { deps, webhook, secret, task } = await givenDelivery({ clock: createFixedClock(new Date()) });

    // Act
    const outcome = await deliverTask(deps, task);

    // Assess
    expect(outcome).toBe('delivered');
    const [request] = deps.webhookSender.sent;
    expect(request!.url).toBe('https://hooks.example.com/csms');
    expect(new Verifier(secret).verify(request!.body, { ...request!.headers })).toMatchObject({
      id: 'evt-1',
    });
    expect(await logOf(deps, webhook.webhookId)).toMatchObject([
      { attempt: 1, outcome: 'delivered', statusCode: 200, messageId: 'evt-1', deliveryId: task.deliveryId },
    ]);
    expect(deps.deliveryQueue.queued).toEqual([]);
    // A repeated message finds the delivery done.
    expect(await deliverTask(deps, task)).toBe('done-already');
    expect(deps.webhookSender.sent).toHaveLength(1);
  });

  it('schedules a failed attempt after the backoff, marks the endpoint failing, and defers fresh deliveries', async () => {
    // Prepare
    const sender = createScriptedWebhookSender([{ kind: 'answered', statusCode: 500 }]);
    const { deps, webhook, task } = await givenDelivery({ webhookSender: sender });

    // Act
    const outcome = await deliverTask(deps, task);
    await fanOutEvent(deps, anEvent({ id: 'evt-2' }));
    const fresh = deps.deliveryQueue.queued.at(-1)!;
    const deferred = await deliverTask(deps, fresh);

    // Assess: 30 s (jitter in the middle), and the fresh delivery after that plus its spread, unsent.
    expect([outcome, deferred]).toEqual(['retrying', 'deferred']);
    expect(deps.deliveryQueue.queued[0]).toEqual({ ...task, at: '2024-05-01T12:00:30.000Z' });
    expect((await deps.webhooks.get('tenant-a', webhook.webhookId))!.failingUntil).toBe(
      '2024-05-01T12:00:30.000Z',
    );
    expect(deps.deliveryQueue.queued.at(-1)).toEqual({ ...fresh, at: '2024-05-01T12:01:01.000Z' });
    expect(sender.sent).toHaveLength(1);
    expect(await logOf(deps, webhook.webhookId)).toMatchObject([
      { attempt: 1, outcome: 'failed', statusCode: 500, nextAttemptAt: '2024-05-01T12:00:30.000Z' },
    ]);
  });

  it('clears the failing mark on the next success', async () => {
    // Prepare
    const sender = createScriptedWebhookSender([
      { kind: 'timeout', message: 'no answer' },
      { kind: 'answered', statusCode: 204 },
    ]);
    const { deps, webhook, task } = await givenDelivery({ webhookSender: sender });
    await deliverTask(deps, task);
    deps.clock.advance(30_000);

    // Act
    const outcome = await deliverTask(deps, deps.deliveryQueue.queued.shift()!);

    // Assess
    expect(outcome).toBe('delivered');
    expect((await deps.webhooks.get('tenant-a', webhook.webhookId))!.failingUntil).toBeUndefined();
    expect(await logOf(deps, webhook.webhookId)).toMatchObject([
      { attempt: 2, outcome: 'delivered', statusCode: 204 },
      { attempt: 1, outcome: 'failed', error: 'timeout' },
    ]);
  });

  it('dead-letters a failure 24 hours after the first attempt', async () => {
    // Prepare
    const sender = createScriptedWebhookSender([{ kind: 'network', message: 'ECONNREFUSED' }]);
    const { deps, webhook, task } = await givenDelivery({ webhookSender: sender });
    await deliverTask(deps, task);
    deps.clock.advance(24 * 3600 * 1000);
    deps.deliveryQueue.queued.length = 0;

    // Act
    const outcome = await deliverTask(deps, { ...task, at: deps.clock.now().toISOString() });

    // Assess
    expect(outcome).toBe('dead-lettered');
    expect(deps.deliveryQueue.queued).toEqual([]);
    expect((await deps.webhooks.getDelivery('tenant-a', webhook.webhookId, task.deliveryId))!.status).toBe(
      'dead-lettered',
    );
    expect((await logOf(deps, webhook.webhookId))[0]).toMatchObject({ attempt: 2, outcome: 'dead-lettered' });
  });

  it('sends a message that woke before its time on, without an attempt', async () => {
    // Prepare
    const { deps, task } = await givenDelivery();
    const later = { ...task, at: '2024-05-01T13:00:00.000Z' };

    // Act
    const outcome = await deliverTask(deps, later);

    // Assess
    expect(outcome).toBe('rescheduled');
    expect(deps.deliveryQueue.queued).toEqual([later]);
    expect(deps.webhookSender.sent).toEqual([]);
  });

  it('stops when the webhook was deleted', async () => {
    // Prepare
    const { deps, webhook, task } = await givenDelivery();
    await deps.webhooks.delete('tenant-a', webhook.webhookId);

    // Act & Assess
    expect(await deliverTask(deps, task)).toBe('gone');
    expect(deps.webhookSender.sent).toEqual([]);
  });
});

describe('rotateWebhookSecret', () => {
  it('signs with the new and the previous secret for 24 hours, then with the new one only', async () => {
    // Prepare
    const { deps, webhook, secret } = await givenDelivery();

    // Act
    const rotated = await rotateWebhookSecret(deps, { tenantId: 'tenant-a', webhookId: webhook.webhookId });

    // Assess
    const secrets = rotated!.webhook.secrets;
    expect(signingSecrets(secrets, deps.clock.now())).toEqual([rotated!.secret, secret]);
    expect(secrets[1]!.expiresAt).toBe('2024-05-02T12:00:00.000Z');
    expect(signingSecrets(secrets, new Date('2024-05-02T12:00:00.000Z'))).toEqual([rotated!.secret]);
  });
});

describe('redeliver', () => {
  it('queues a new delivery of the same message and body', async () => {
    // Prepare
    const { deps, webhook, task } = await givenDelivery();
    await deliverTask(deps, task);

    // Act
    const again = await redeliver(deps, {
      tenantId: 'tenant-a',
      webhookId: webhook.webhookId,
      deliveryId: task.deliveryId,
    });

    // Assess
    const original = await deps.webhooks.getDelivery('tenant-a', webhook.webhookId, task.deliveryId);
    expect(again).toMatchObject({
      messageId: 'evt-1',
      body: original!.body,
      redeliveryOf: task.deliveryId,
      status: 'pending',
    });
    expect(deps.deliveryQueue.queued).toEqual([
      {
        tenantId: 'tenant-a',
        webhookId: webhook.webhookId,
        deliveryId: again!.deliveryId,
        at: '2024-05-01T12:00:00.000Z',
      },
    ]);
    expect(
      await redeliver(deps, { tenantId: 'tenant-a', webhookId: webhook.webhookId, deliveryId: 'unknown' }),
    ).toBeUndefined();
  });
});
