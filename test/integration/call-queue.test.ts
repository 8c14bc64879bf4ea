import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SettableClock } from '../../local/clock.ts';
import { provisionTenant } from '../support/api-client.ts';
import { startTestRuntime } from '../support/local-runtime.ts';
import { connectCharger } from '../support/ocpp-client.ts';
import { delay, openRawCharger, within } from '../support/raw-websocket.ts';

type Runtime = Awaited<ReturnType<typeof startTestRuntime>>['runtime'];
type Tenant = Awaited<ReturnType<typeof provisionTenant>>;
type Version = 'ocpp1.6' | 'ocpp2.0.1';

const timeoutSeconds = 60;
const maxQueuedCalls = 3;

/** The same three calls in each version's terms, in the order they are requested. */
const calls: Record<
  Version,
  { action: string; payload: Record<string, unknown>; answer: Record<string, unknown> }[]
> = {
  'ocpp1.6': [
    { action: 'Reset', payload: { type: 'Soft' }, answer: { status: 'Accepted' } },
    { action: 'ClearCache', payload: {}, answer: { status: 'Accepted' } },
    { action: 'TriggerMessage', payload: { requestedMessage: 'Heartbeat' }, answer: { status: 'Accepted' } },
  ],
  'ocpp2.0.1': [
    { action: 'Reset', payload: { type: 'OnIdle' }, answer: { status: 'Accepted' } },
    { action: 'ClearCache', payload: {}, answer: { status: 'Accepted' } },
    { action: 'TriggerMessage', payload: { requestedMessage: 'Heartbeat' }, answer: { status: 'Accepted' } },
  ],
};

/** A handler that never answers; it gives up only when the client closes (ocpp-rpc aborts its signal). */
const never = ({ signal }: { signal?: AbortSignal }) =>
  new Promise<never>((_, reject) => signal?.addEventListener('abort', () => reject(new Error('closed'))));

/** Polls the command until it is neither queued nor pending. */
const outcomeOf = async (tenant: Tenant, commandId: string, timeoutMs = 5000) => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const command = await tenant.api.get(`/v1/commands/${commandId}`);
    if (!['queued', 'pending'].includes(command.body.status) || Date.now() > deadline) return command.body;
    await delay(50);
  }
};

describe('the call queue per charger, over real sockets', () => {
  let env: Awaited<ReturnType<typeof startTestRuntime>>;
  const clock = new SettableClock();
  let runtime: Runtime;
  beforeAll(async () => {
    env = await startTestRuntime({ clock, maxQueuedCalls, commandTimeoutSeconds: timeoutSeconds });
    runtime = env.runtime;
  });
  afterAll(() => env.stop());

  const givenConnected = async (version: Version, chargerId: string) => {
    const tenant = await provisionTenant(runtime.apiUrl, runtime.adminKey, [chargerId]);
    const client = await connectCharger({
      ocppUrl: runtime.ocppUrl,
      tenantId: tenant.tenantId,
      chargerId,
      password: tenant.chargers[chargerId]!.password,
      protocols: [version],
    });
    const strictFailures: unknown[] = [];
    client.raw.on('strictValidationFailure', (failure: unknown) => strictFailures.push(failure));
    return { tenant, client, strictFailures };
  };

  describe.each(['ocpp1.6', 'ocpp2.0.1'] as const)('%s', (version) => {
    it('sends calls queued behind another one after its answer, one at a time, in order', async () => {
      // Prepare: the first call is answered only when the test says so
      const { tenant, client, strictFailures } = await givenConnected(version, 'CP-ORDER');
      const received: string[] = [];
      let outstanding = 0;
      let mostOutstanding = 0;
      let answerFirst: () => void = () => undefined;
      const firstAnswered = new Promise<void>((resolve) => {
        answerFirst = resolve;
      });
      for (const [index, call] of calls[version].entries()) {
        client.raw.handle(call.action, async () => {
          received.push(call.action);
          outstanding += 1;
          mostOutstanding = Math.max(mostOutstanding, outstanding);
          if (index === 0) await firstAnswered;
          await delay(20);
          outstanding -= 1;
          return call.answer;
        });
      }

      // Act
      const requested = [];
      for (const call of calls[version]) {
        requested.push(
          await tenant.api.post(`/v1/chargers/CP-ORDER/ocpp/${call.action}?waitSeconds=0`, call.payload),
        );
      }
      await delay(200);
      const beforeAnswer = [...received];
      const queuedBefore = await tenant.api.get(`/v1/commands/${requested[2]!.body.commandId}`);
      answerFirst();
      const outcomes = [];
      for (const answer of requested) outcomes.push(await outcomeOf(tenant, answer.body.commandId));

      // Assess
      expect(requested.map((answer) => [answer.status, answer.body.status])).toEqual([
        [202, 'pending'],
        [202, 'queued'],
        [202, 'queued'],
      ]);
      expect(beforeAnswer).toEqual([calls[version][0]!.action]);
      expect(queuedBefore.body).toMatchObject({ status: 'queued' });
      expect(received).toEqual(calls[version].map((call) => call.action));
      expect(mostOutstanding).toBe(1);
      expect(outcomes.map((command) => [command.action, command.status])).toEqual(
        calls[version].map((call) => [call.action, 'completed']),
      );
      expect(Date.parse(outcomes[1]!.sentAt)).toBeGreaterThanOrEqual(Date.parse(outcomes[0]!.completedAt));
      expect(Date.parse(outcomes[2]!.sentAt)).toBeGreaterThanOrEqual(Date.parse(outcomes[1]!.completedAt));
      expect(strictFailures).toEqual([]);
      await client.close();
    });

    it('answers a waiting caller of a queued call with the 200 once the calls ahead were answered', async () => {
      // Prepare
      const { tenant, client } = await givenConnected(version, 'CP-WAIT');
      const [first, second] = calls[version];
      client.raw.handle(first!.action, async () => {
        await delay(300);
        return first!.answer;
      });
      client.raw.handle(second!.action, async () => second!.answer);

      // Act
      const ahead = tenant.api.post(
        `/v1/chargers/CP-WAIT/ocpp/${first!.action}?waitSeconds=5`,
        first!.payload,
      );
      await delay(100);
      const behind = await tenant.api.post(
        `/v1/chargers/CP-WAIT/ocpp/${second!.action}?waitSeconds=5`,
        second!.payload,
      );

      // Assess
      expect((await ahead).status).toBe(200);
      expect(behind.status).toBe(200);
      expect(behind.body).toEqual({ commandId: expect.any(String), response: second!.answer });
      await client.close();
    });

    it('fails the call in flight and every queued call when the charger disconnects; none goes out later', async () => {
      // Prepare: a raw socket, which (unlike ocpp-rpc) leaves its open call unanswered when it closes
      const tenant = await provisionTenant(runtime.apiUrl, runtime.adminKey, ['CP-GONE']);
      const password = tenant.chargers['CP-GONE']!.password;
      const charger = await openRawCharger({
        ocppUrl: runtime.ocppUrl,
        tenantId: tenant.tenantId,
        chargerId: 'CP-GONE',
        password,
        protocol: version,
      });
      const [first, second, third] = calls[version];
      const inFlight = await tenant.api.post(
        `/v1/chargers/CP-GONE/ocpp/${first!.action}?waitSeconds=0`,
        first!.payload,
      );
      const queued = await tenant.api.post(
        `/v1/chargers/CP-GONE/ocpp/${second!.action}?waitSeconds=0`,
        second!.payload,
      );
      const sentFrame = (await charger.next(2000)) as unknown[];
      expect(inFlight.body.status).toBe('pending');
      expect(queued.body.status).toBe('queued');
      expect(sentFrame[2]).toBe(first!.action);

      // Act
      const waiting = tenant.api.post(
        `/v1/chargers/CP-GONE/ocpp/${third!.action}?waitSeconds=10`,
        third!.payload,
      );
      await delay(200);
      await charger.close();
      const waitingAnswer = await within(waiting, 8000, 'the waiting caller');
      await runtime.settled();
      const again = await openRawCharger({
        ocppUrl: runtime.ocppUrl,
        tenantId: tenant.tenantId,
        chargerId: 'CP-GONE',
        password,
        protocol: version,
      });
      const laterFrames = await again.drain(500);
      const outcomes = await Promise.all(
        [inFlight, queued, waitingAnswer].map((answer) =>
          tenant.api.get(`/v1/commands/${answer.body.commandId}`),
        ),
      );

      // Assess
      expect(waitingAnswer.status).toBe(409);
      expect(waitingAnswer.body.error.code).toBe('charger_offline');
      expect(outcomes.map((command) => [command.body.status, command.body.error?.kind])).toEqual([
        ['failed', 'offline'],
        ['failed', 'offline'],
        ['failed', 'offline'],
      ]);
      expect(laterFrames).toEqual([]);
      const completed = runtime.eventBridge.events.filter(
        (event) =>
          event['detail-type'] === 'CommandCompleted.v1' && event.detail.tenantId === tenant.tenantId,
      );
      expect(completed.map((event) => event.detail.outcome)).toEqual(['offline', 'offline', 'offline']);
      await again.close();
    });
  });

  it('queues the calls of use cases too: a reservation made while a Reset is outstanding goes out after it', async () => {
    // Prepare
    const { tenant, client } = await givenConnected('ocpp1.6', 'CP-USE');
    const received: string[] = [];
    let answerReset: () => void = () => undefined;
    const resetAnswered = new Promise<void>((resolve) => {
      answerReset = resolve;
    });
    client.raw.handle('Reset', async () => {
      received.push('Reset');
      await resetAnswered;
      return { status: 'Accepted' };
    });
    client.raw.handle('ReserveNow', async () => {
      received.push('ReserveNow');
      return { status: 'Accepted' };
    });
    const head = await tenant.api.post('/v1/chargers/CP-USE/ocpp/Reset?waitSeconds=0', { type: 'Soft' });
    expect(head.body.status).toBe('pending');

    // Act
    const reserving = tenant.api.post('/v1/chargers/CP-USE/reservations?waitSeconds=10', {
      connectorId: 1,
      idToken: 'TAG-Q',
      expiresAt: new Date(Date.now() + 60 * 60 * 1000).toISOString(),
    });
    await delay(300);
    const beforeAnswer = [...received];
    answerReset();
    const reserved = await within(reserving, 8000, 'the reservation');

    // Assess
    expect(beforeAnswer).toEqual(['Reset']);
    expect(reserved.status).toBe(201);
    expect(reserved.body).toMatchObject({ reservationId: 1, status: 'Active' });
    expect(received).toEqual(['Reset', 'ReserveNow']);
    await client.close();
  });

  it('answers 429 with Retry-After when the queue is full, and sends nothing more', async () => {
    // Prepare
    const { tenant, client } = await givenConnected('ocpp1.6', 'CP-FULL');
    let resets = 0;
    client.raw.handle('Reset', (options: { signal?: AbortSignal }) => {
      resets += 1;
      return never(options);
    });
    client.raw.handle('ClearCache', async () => ({ status: 'Accepted' }));
    const head = await tenant.api.post('/v1/chargers/CP-FULL/ocpp/Reset?waitSeconds=0', { type: 'Soft' });
    const queued = [];
    for (let i = 0; i < maxQueuedCalls; i++) {
      queued.push(await tenant.api.post('/v1/chargers/CP-FULL/ocpp/ClearCache?waitSeconds=0', {}));
    }
    expect(head.body.status).toBe('pending');
    expect(queued.map((answer) => answer.body.status)).toEqual(Array(maxQueuedCalls).fill('queued'));

    // Act
    const refused = await tenant.api.post('/v1/chargers/CP-FULL/ocpp/ClearCache?waitSeconds=0', {});
    const neutral = await tenant.api.post('/v1/chargers/CP-FULL/commands/reset?waitSeconds=0', {
      type: 'soft',
    });

    // Assess
    for (const answer of [refused, neutral]) {
      expect(answer.status).toBe(429);
      expect(answer.body.error.code).toBe('charger_queue_full');
      const retryAfter = Number(answer.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(timeoutSeconds);
    }
    expect(resets).toBe(1);
    await client.close();
  });

  it('lets the next call go out when the head call times out, with nobody waiting (the queue timer)', async () => {
    // Prepare
    const { tenant, client } = await givenConnected('ocpp2.0.1', 'CP-SLOW');
    const received: string[] = [];
    client.raw.handle('Reset', (options: { signal?: AbortSignal }) => {
      received.push('Reset');
      return never(options);
    });
    client.raw.handle('ClearCache', async () => {
      received.push('ClearCache');
      return { status: 'Accepted' };
    });
    const head = await tenant.api.post('/v1/chargers/CP-SLOW/ocpp/Reset?waitSeconds=0', { type: 'OnIdle' });
    const next = await tenant.api.post('/v1/chargers/CP-SLOW/ocpp/ClearCache?waitSeconds=0', {});
    await runtime.settled();
    // The premise: the head is out and unanswered, the next waits, and a wake is set for the head's time-out.
    expect(head.body.status).toBe('pending');
    expect(next.body.status).toBe('queued');
    expect((await tenant.api.get(`/v1/commands/${next.body.commandId}`)).body.status).toBe('queued');
    expect(received).toEqual(['Reset']);
    expect(runtime.sqs.delayed('call-queue-timer')).toBeGreaterThanOrEqual(1);

    // Act
    clock.advance((timeoutSeconds + 1) * 1000);
    await runtime.settled();
    const nextOutcome = await outcomeOf(tenant, next.body.commandId);
    const headCommand = await tenant.api.get(`/v1/commands/${head.body.commandId}`);

    // Assess
    expect(headCommand.body).toMatchObject({ status: 'timeout', completedAt: headCommand.body.expiresAt });
    expect(received).toEqual(['Reset', 'ClearCache']);
    expect(nextOutcome).toMatchObject({ status: 'completed', response: { status: 'Accepted' } });
    await client.close();
  });

  // Last in the file: it moves the clock past every connection record's TTL.
  it("treats a connection whose record's TTL has passed as gone: 409, and its queued call is failed, not sent", async () => {
    // Prepare: $disconnect never comes (the socket stays open), only time passes
    const { tenant, client } = await givenConnected('ocpp1.6', 'CP-STALE');
    const received: string[] = [];
    client.raw.handle('Reset', (options: { signal?: AbortSignal }) => {
      received.push('Reset');
      return never(options);
    });
    client.raw.handle('ClearCache', async () => {
      received.push('ClearCache');
      return { status: 'Accepted' };
    });
    await tenant.api.post('/v1/chargers/CP-STALE/ocpp/Reset?waitSeconds=0', { type: 'Soft' });
    const queued = await tenant.api.post('/v1/chargers/CP-STALE/ocpp/ClearCache?waitSeconds=0', {});
    expect(queued.body.status).toBe('queued');
    expect((await tenant.api.get('/v1/chargers/CP-STALE')).body.online).toBe(true);

    // Act
    clock.advance((2 * 60 * 60 + 61) * 1000);
    await runtime.settled();
    const answer = await tenant.api.post('/v1/chargers/CP-STALE/ocpp/ClearCache?waitSeconds=0', {});
    const queuedCommand = await outcomeOf(tenant, queued.body.commandId);

    // Assess
    expect(answer.status).toBe(409);
    expect(answer.body.error.code).toBe('charger_offline');
    expect(queuedCommand).toMatchObject({ status: 'failed', error: { kind: 'offline' } });
    expect(received).toEqual(['Reset']);
    await client.close();
  });
});
