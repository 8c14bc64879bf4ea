import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../shared/events/catalog.ts';
import {
  cacheWebhookAudience,
  webhookAudienceTtlMs,
} from '../../shared/slices/webhooks/adapters/cached-webhook-audience.ts';
import { markWebhookAudience } from '../../shared/slices/webhooks/adapters/webhook-audience-publisher.ts';
import type { Webhook } from '../../shared/slices/webhooks/model.ts';
import { tenantWebhookSubscriptions } from '../../shared/slices/webhooks/progress-audience.ts';
import { createWebhook, deleteWebhook } from '../../shared/slices/webhooks/webhooks.ts';
import { createFixedClock } from '../support/fakes/clock.ts';
import { createRecordingEventPublisher } from '../support/fakes/event-publisher.ts';
import { createTestDependencies } from '../support/test-dependencies.ts';

/* Which events go to the webhook fan-out: those a webhook of their tenant subscribes to, from a cached view. */

const aWebhook = (events: string[], tenantId = 'tenant-a'): Webhook => ({
  tenantId,
  webhookId: `wh-${events.join('-')}`,
  url: 'https://hooks.example.com/csms',
  events,
  secrets: [{ secret: 'whsec_dGVzdA==', createdAt: '2024-05-01T00:00:00.000Z' }],
  createdAt: '2024-05-01T00:00:00.000Z',
});

const disconnected = (tenantId: string): DomainEvent => ({
  name: 'chargerDisconnected',
  detail: {
    tenantId,
    chargerId: 'CP-1',
    occurredAt: '2024-05-01T12:00:00.000Z',
    correlationId: 'corr-1',
    connectionId: 'conn-1',
  },
});

const setup = async () => {
  const deps = await createTestDependencies();
  const clock = createFixedClock();
  const reads: string[] = [];
  const audience = cacheWebhookAudience((tenantId) => {
    reads.push(tenantId);
    return tenantWebhookSubscriptions(deps, tenantId);
  }, clock);
  const bus = createRecordingEventPublisher();
  return { deps, clock, reads, audience, bus, publisher: markWebhookAudience(bus, audience) };
};

describe('webhook audience', () => {
  it('marks only events a webhook of their tenant subscribes to, by type or "*"', async () => {
    // Prepare
    const { deps, bus, publisher } = await setup();
    await deps.webhooks.create(aWebhook(['ChargerDisconnected.v1'], 'tenant-a'));
    await deps.webhooks.create(aWebhook(['*'], 'tenant-b'));
    await deps.webhooks.create(aWebhook(['TransactionEnded.v2'], 'tenant-c'));

    // Act
    await publisher.publish(['tenant-a', 'tenant-b', 'tenant-c', 'tenant-d'].map(disconnected));

    // Assess
    expect(bus.published.map((event) => [event.detail.tenantId, event.detail.webhook])).toEqual([
      ['tenant-a', true],
      ['tenant-b', true],
      ['tenant-c', undefined],
      ['tenant-d', undefined],
    ]);
  });

  it('marks the event when the webhooks cannot be read, so that publishing goes on and the fan-out decides', async () => {
    // Prepare
    const bus = createRecordingEventPublisher();
    const failing = cacheWebhookAudience(() => Promise.reject(new Error('throttled')), createFixedClock());

    // Act
    await markWebhookAudience(bus, failing).publish([disconnected('tenant-a')]);

    // Assess
    expect(bus.published.map((event) => event.detail.webhook)).toEqual([true]);
  });

  it('reads a tenant once per 5 minutes and container; a webhook created or deleted here shows at once', async () => {
    // Prepare
    const { deps, clock, reads, audience, bus, publisher } = await setup();
    const at = { ...deps, webhookAudience: audience };
    await publisher.publish([disconnected('tenant-a'), disconnected('tenant-a')]);

    // Act
    const created = await createWebhook(at, {
      tenantId: 'tenant-a',
      url: 'https://hooks.example.com/csms',
      events: ['ChargerDisconnected.v1'],
    });
    await publisher.publish([disconnected('tenant-a')]);
    if (created.kind !== 'created') throw new Error(created.kind);
    await deleteWebhook(at, { tenantId: 'tenant-a', webhookId: created.webhook.webhookId });
    await publisher.publish([disconnected('tenant-a')]);
    // Another container's change: seen once the memory lapses.
    await deps.webhooks.create(aWebhook(['*']));
    await publisher.publish([disconnected('tenant-a')]);
    clock.advance(webhookAudienceTtlMs);
    await publisher.publish([disconnected('tenant-a')]);

    // Assess
    expect(bus.published.map((event) => event.detail.webhook)).toEqual([
      undefined,
      undefined,
      true,
      undefined,
      undefined,
      true,
    ]);
    expect(reads).toHaveLength(4);
  });
});
