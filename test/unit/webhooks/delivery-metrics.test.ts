import type { SQSEvent } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEmfDeliveryMetrics } from '../../../shared/slices/webhooks/adapters/emf-delivery-metrics.ts';
import { fanOutEvent } from '../../../shared/slices/webhooks/fan-out.ts';
import { webhookDeliveryMetrics } from '../../../shared/slices/webhooks/model.ts';
import {
  createWebhookDeliveryHandler,
  meteredOutcomes,
} from '../../../shared/slices/webhooks/queue-handlers.ts';
import { createWebhook } from '../../../shared/slices/webhooks/webhooks.ts';
import { createScriptedWebhookSender } from '../../support/fakes/webhooks.ts';
import { createTestDependencies } from '../../support/test-dependencies.ts';

const batchOf = (...bodies: string[]): SQSEvent =>
  ({
    Records: bodies.map((body, i) => ({ messageId: `m-${i}`, body })),
  }) as unknown as SQSEvent;

describe('meteredOutcomes', () => {
  it('counts attempts by outcome and leaves out what made no attempt', () => {
    // Act
    const counts = meteredOutcomes([
      'delivered',
      'retrying',
      'delivered',
      'dead-lettered',
      'deferred',
      'rescheduled',
      'gone',
      'done-already',
    ]);

    // Assess
    expect(counts).toEqual({ delivered: 2, retrying: 1, 'dead-lettered': 1 });
  });
});

describe('webhook delivery handler metrics', () => {
  it("counts each batch's attempts once, after it", async () => {
    // Prepare: an endpoint that fails once, then answers 200.
    const deps = await createTestDependencies({
      webhookSender: createScriptedWebhookSender([
        { kind: 'answered', statusCode: 500 },
        { kind: 'answered', statusCode: 200 },
      ]),
    });
    const created = await createWebhook(deps, {
      tenantId: 'tenant-a',
      url: 'https://hooks.example.com/csms',
      events: ['*'],
    });
    if (created.kind !== 'created') throw new Error(created.kind);
    await fanOutEvent(deps, {
      id: 'evt-1',
      'detail-type': 'ConnectorStatusChanged.v1',
      detail: { tenantId: 'tenant-a', occurredAt: '2024-05-01T11:59:00.000Z', chargerId: 'CP-1' },
    });
    const handle = createWebhookDeliveryHandler(deps);

    // Act
    await handle(batchOf(JSON.stringify(deps.deliveryQueue.queued.shift())));
    deps.clock.advance(30_000);
    await handle(batchOf(JSON.stringify(deps.deliveryQueue.queued.shift()), '{"not":"a task"}'));

    // Assess: the malformed message is no attempt.
    expect(deps.deliveryMetrics.batches).toEqual([
      { delivered: 0, retrying: 1, 'dead-lettered': 0 },
      { delivered: 1, retrying: 0, 'dead-lettered': 0 },
    ]);
  });
});

describe('EMF delivery metrics', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it('writes one EMF line per outcome of the batch, with the outcome and service dimensions only', () => {
    // Prepare
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    const metrics = createEmfDeliveryMetrics();

    // Act
    metrics.count({ delivered: 3, retrying: 0, 'dead-lettered': 1 });

    // Assess
    const emf = lines.map((line) => JSON.parse(line));
    expect(emf).toHaveLength(2);
    expect(emf.map((line) => [line.outcome, line[webhookDeliveryMetrics.metricName]])).toEqual([
      ['delivered', 3],
      ['dead-lettered', 1],
    ]);
    for (const line of emf) {
      expect(line.service).toBe(webhookDeliveryMetrics.service);
      expect(line._aws.CloudWatchMetrics).toEqual([
        {
          Namespace: 'Csms',
          Dimensions: [['service', 'outcome']],
          Metrics: [{ Name: 'WebhookDeliveries', Unit: 'Count' }],
        },
      ]);
    }
  });
});
