import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpWebhookSender } from '../../shared/slices/webhooks/adapters/http-webhook-sender.ts';
import { addressRefusal } from '../../shared/slices/webhooks/url-policy.ts';

describe('HTTP webhook sender', () => {
  let server: Server;
  let port: number;
  const hits: string[] = [];
  beforeAll(async () => {
    server = createServer((request, response) => {
      hits.push(request.url ?? '');
      if (request.url === '/silent') return; // never answers
      request.resume();
      response.writeHead(request.url === '/fail' ? 503 : 202).end('ignored body');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const request = (path: string, host = '127.0.0.1') => ({
    url: `http://${host}:${port}${path}`,
    headers: { 'content-type': 'application/json' },
    body: '{"a":1}',
  });
  const aws = createHttpWebhookSender({ refuseAddress: (a) => addressRefusal(a, { allowLoopback: false }) });
  const local = createHttpWebhookSender({
    refuseAddress: (a) => addressRefusal(a, { allowLoopback: true }),
    timeoutMs: 300,
  });

  it('answers with the status, whatever the body', async () => {
    expect(await local.send(request('/ok'))).toEqual({ kind: 'answered', statusCode: 202 });
    expect(await local.send(request('/fail'))).toEqual({ kind: 'answered', statusCode: 503 });
  });

  it('refuses a literal address of the policy without connecting', async () => {
    // Prepare
    const before = hits.length;

    // Act
    const result = await aws.send(request('/ok'));

    // Assess
    expect(result).toEqual({ kind: 'refused-address', message: '127.0.0.1 is a loopback address' });
    expect(hits).toHaveLength(before);
  });

  it('checks the addresses a name resolves to at delivery time, and connects to none it refuses', async () => {
    // Prepare: `localhost` resolves to a loopback address (DNS rebinding looks the same to the sender).
    const before = hits.length;

    // Act
    const refused = await aws.send(request('/ok', 'localhost'));
    const allowed = await local.send(request('/ok', 'localhost'));

    // Assess
    expect(refused).toMatchObject({ kind: 'refused-address' });
    expect((refused as { message: string }).message).toMatch(/^localhost resolves to a loopback address$/);
    expect(allowed).toEqual({ kind: 'answered', statusCode: 202 });
    expect(hits).toHaveLength(before + 1);
  });

  it('gives up on an endpoint that does not answer within the time-out', async () => {
    // Act
    const startedAt = Date.now();
    const result = await local.send(request('/silent'));

    // Assess
    expect(result).toEqual({ kind: 'timeout', message: 'no answer within 300 ms' });
    expect(Date.now() - startedAt).toBeLessThan(2000);
  });

  it('reports an endpoint that refuses the connection as a network failure', async () => {
    // Act
    const result = await local.send({ ...request('/ok'), url: 'http://127.0.0.1:1/' });

    // Assess
    expect(result).toMatchObject({ kind: 'network' });
  });
});
