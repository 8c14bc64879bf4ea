import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionTenant } from '../support/api-client.ts';
import { startTestRuntime } from '../support/local-runtime.ts';
import { connectCharger } from '../support/ocpp-client.ts';

/*
 * Issue 14, item 5: a receiver on 127.0.0.1 verifies every delivery with its webhook's secret, answers 500 to the
 * first one and sees the retry, and never gets another tenant's event. The runtime retries after about 1 s
 * (WEBHOOK_RETRY_BASE_SECONDS through the option) and allows loopback receivers (the local default).
 */

interface Received {
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

// biome-ignore lint/suspicious/noExplicitAny: webhook bodies are read field by field in assertions.
type Body = any;

const startReceiver = async () => {
  const received: Received[] = [];
  // Paths that answer 500 this many more times.
  const failures = new Map<string, number>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '';
      received.push({
        path,
        headers: Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)])),
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const left = failures.get(path) ?? 0;
      failures.set(path, left - 1);
      response.writeHead(left > 0 ? 500 : 200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    failNext: (path: string, times: number) => failures.set(path, times),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

const waitFor = async <T>(what: string, probe: () => T | undefined, timeoutMs = 15_000): Promise<T> => {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

describe('webhooks over the local runtime', () => {
  let env: Awaited<ReturnType<typeof startTestRuntime>>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    env = await startTestRuntime({ webhookRetryBaseSeconds: 1 });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await env.stop();
    await receiver.close();
  });

  it('signs every delivery, retries after a 500, logs both attempts, and keeps tenants apart', async () => {
    // Prepare: two tenants, each with a webhook on its own receiver path.
    const { runtime } = env;
    const a = await provisionTenant(runtime.apiUrl, runtime.adminKey, ['CP-1']);
    const b = await provisionTenant(runtime.apiUrl, runtime.adminKey, ['CP-1']);
    const hookA = await a.api.post('/v1/webhooks', {
      url: `${receiver.url}/a`,
      events: ['ConnectorStatusChanged.v1'],
    });
    const hookB = await b.api.post('/v1/webhooks', { url: `${receiver.url}/b`, events: ['*'] });
    expect(hookA.status).toBe(201);
    expect(hookB.status).toBe(201);
    expect(hookA.body.secret).toMatch(/^whsec_/);
    receiver.failNext('/a', 1);

    // Act: both tenants' chargers connect and report; only A's status change is for A's webhook.
    const chargers = [];
    for (const tenant of [a, b]) {
      const client = await connectCharger({
        ocppUrl: runtime.ocppUrl,
        tenantId: tenant.tenantId,
        chargerId: 'CP-1',
        password: tenant.chargers['CP-1']!.password,
      });
      chargers.push(client);
      await client.call('StatusNotification', {
        timestamp: new Date().toISOString(),
        connectorStatus: 'Faulted',
        evseId: 1,
        connectorId: 1,
      });
    }
    const toA = await waitFor('the retry to A', () => {
      const got = receiver.received.filter((request) => request.path === '/a');
      return got.length >= 2 ? got : undefined;
    });
    await waitFor('B’s status change', () =>
      receiver.received.find(
        (request) => request.path === '/b' && JSON.parse(request.body).type === 'ConnectorStatusChanged.v1',
      ),
    );

    // Assess: A's deliveries verify with A's secret only, are the same message twice, and are A's.
    const verifyA = new Webhook(hookA.body.secret);
    const verifyB = new Webhook(hookB.body.secret);
    for (const request of toA) {
      const body: Body = verifyA.verify(request.body, request.headers);
      expect(body).toMatchObject({ type: 'ConnectorStatusChanged.v1', tenantId: a.tenantId });
      expect(body.data).toMatchObject({ tenantId: a.tenantId, chargerId: 'CP-1', status: 'Faulted' });
      expect(body.id).toBe(request.headers['webhook-id']);
      expect(() => verifyB.verify(request.body, request.headers)).toThrow();
    }
    expect(toA[1]!.headers['webhook-id']).toBe(toA[0]!.headers['webhook-id']);
    expect(toA).toHaveLength(2);
    // B gets every event of its own (connected, status…), each signed with B's secret, none of A's.
    const toB = receiver.received.filter((request) => request.path === '/b');
    expect(toB.length).toBeGreaterThanOrEqual(2);
    for (const request of toB) {
      expect((verifyB.verify(request.body, request.headers) as Body).tenantId).toBe(b.tenantId);
    }
    for (const request of receiver.received)
      expect(JSON.parse(request.body).tenantId).toBe(request.path === '/a' ? a.tenantId : b.tenantId);

    // The delivery log, newest first: the success, then the 500 with the retry it scheduled.
    const log = await a.api.get(`/v1/webhooks/${hookA.body.webhookId}/deliveries`);
    expect(log.status).toBe(200);
    expect(log.body.items).toMatchObject([
      { attempt: 2, outcome: 'delivered', statusCode: 200, eventType: 'ConnectorStatusChanged.v1' },
      { attempt: 1, outcome: 'failed', statusCode: 500, nextAttemptAt: expect.any(String) },
    ]);
    expect(log.body.items[0].deliveryId).toBe(log.body.items[1].deliveryId);
    expect(
      Date.parse(log.body.items[0].attemptedAt) - Date.parse(log.body.items[1].attemptedAt),
    ).toBeGreaterThanOrEqual(500);

    // Another tenant's webhook and log are not found; the secret is never returned again.
    expect((await b.api.get(`/v1/webhooks/${hookA.body.webhookId}`)).status).toBe(404);
    expect((await b.api.get(`/v1/webhooks/${hookA.body.webhookId}/deliveries`)).status).toBe(404);
    const read = await a.api.get(`/v1/webhooks/${hookA.body.webhookId}`);
    expect(read.body).toEqual({
      webhookId: hookA.body.webhookId,
      url: `${receiver.url}/a`,
      events: ['ConnectorStatusChanged.v1'],
      createdAt: expect.any(String),
    });
    expect(JSON.stringify((await a.api.get('/v1/webhooks')).body)).not.toContain('whsec_');

    for (const client of chargers) await client.close();
  });

  it('after a rotation signs with the new and the old secret; a redelivery repeats the message', async () => {
    // Prepare
    const { runtime } = env;
    const tenant = await provisionTenant(runtime.apiUrl, runtime.adminKey, ['CP-R']);
    const hook = await tenant.api.post('/v1/webhooks', { url: `${receiver.url}/r`, events: ['*'] });
    const client = await connectCharger({
      ocppUrl: runtime.ocppUrl,
      tenantId: tenant.tenantId,
      chargerId: 'CP-R',
      password: tenant.chargers['CP-R']!.password,
    });
    const first = await waitFor('the first delivery', () =>
      receiver.received.find((request) => request.path === '/r'),
    );
    await runtime.settled();
    const [delivered] = (await tenant.api.get(`/v1/webhooks/${hook.body.webhookId}/deliveries`)).body.items;

    // Act
    const rotated = await tenant.api.post(`/v1/webhooks/${hook.body.webhookId}/rotate-secret`);
    const redelivery = await tenant.api.post(
      `/v1/webhooks/${hook.body.webhookId}/deliveries/${delivered.deliveryId}/redeliver`,
    );
    const again = await waitFor('the redelivery', () => {
      const got = receiver.received.filter(
        (request) => request.path === '/r' && request.headers['webhook-id'] === delivered.messageId,
      );
      return got.length >= 2 ? got[1] : undefined;
    });

    // Assess
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(hook.body.secret);
    expect(redelivery).toMatchObject({ status: 202, body: { redeliveryOf: delivered.deliveryId } });
    expect(again.body).toBe(
      receiver.received.find((request) => request.headers['webhook-id'] === delivered.messageId)!.body,
    );
    expect(again.headers['webhook-signature']!.split(' ')).toHaveLength(2);
    expect(new Webhook(rotated.body.secret).verify(again.body, again.headers)).toBeTruthy();
    expect(new Webhook(hook.body.secret).verify(again.body, again.headers)).toBeTruthy();
    expect(new Webhook(hook.body.secret).verify(first.body, first.headers)).toBeTruthy();
    await client.close();
  });

  it('refuses URLs a delivery could not go to and event types the catalog does not have (400)', async () => {
    // Prepare
    const { runtime } = env;
    const tenant = await provisionTenant(runtime.apiUrl, runtime.adminKey, []);

    // Act
    const answers = await Promise.all(
      [
        { url: 'https://10.0.0.1/hook', events: ['*'] },
        { url: 'https://169.254.169.254/latest/meta-data', events: ['*'] },
        { url: 'https://[fd00::1]/hook', events: ['*'] },
        { url: `https://example.com/${'a'.repeat(2050)}`, events: ['*'] },
        { url: 'https://hooks.example.com/', events: ['NoSuchEvent.v1'] },
        { url: 'https://hooks.example.com/', events: [] },
      ].map((body) => tenant.api.post('/v1/webhooks', body)),
    );

    // Assess
    expect(answers.map((answer) => answer.status)).toEqual([400, 400, 400, 400, 400, 400]);
    expect(answers[0]!.body.error).toEqual({
      code: 'invalid_request',
      message: 'body.url: must not point to a private address',
    });
    expect(answers[1]!.body.error.message).toBe('body.url: must not point to a metadata address');
    expect((await tenant.api.get('/v1/webhooks')).body.items).toEqual([]);
  });
});
