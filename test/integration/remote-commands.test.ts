import { createRPCError } from 'ocpp-rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionTenant } from '../support/api-client.ts';
import { startTestRuntime } from '../support/local-runtime.ts';
import { connectCharger } from '../support/ocpp-client.ts';
import { openRawCharger, within } from '../support/raw-websocket.ts';

type Runtime = Awaited<ReturnType<typeof startTestRuntime>>['runtime'];
type Version = 'ocpp1.6' | 'ocpp2.0.1';

/** A tenant with one charger connected through a strict ocpp-rpc client speaking `version`. */
const givenConnected = async (runtime: Runtime, version: Version, chargerId = 'CP-1') => {
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
  return { tenant, client, strictFailures, chargerId };
};

/** The same Reset in each version's terms. */
const reset: Record<Version, { soft: Record<string, unknown> }> = {
  'ocpp1.6': { soft: { type: 'Soft' } },
  'ocpp2.0.1': { soft: { type: 'OnIdle' } },
};

/** A handler that never answers; it gives up only when the client closes (ocpp-rpc aborts its signal). */
const never = ({ signal }: { signal?: AbortSignal }) =>
  new Promise<never>((_, reject) => signal?.addEventListener('abort', () => reject(new Error('closed'))));

describe('remote commands over real sockets', () => {
  let env: Awaited<ReturnType<typeof startTestRuntime>>;
  beforeAll(async () => {
    env = await startTestRuntime();
  });
  afterAll(() => env.stop());

  describe.each(['ocpp1.6', 'ocpp2.0.1'] as const)('%s', (version) => {
    it('returns the answer of an accepted Reset, and GET /v1/commands shows it completed', async () => {
      // Prepare
      const { tenant, client, strictFailures } = await givenConnected(env.runtime, version);
      const received: unknown[] = [];
      client.raw.handle('Reset', async ({ params }) => {
        received.push(params);
        return { status: 'Accepted' };
      });

      // Act
      const answer = await tenant.api.post('/v1/chargers/CP-1/ocpp/Reset', reset[version].soft);

      // Assess
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ commandId: expect.any(String), response: { status: 'Accepted' } });
      expect(received).toEqual([reset[version].soft]);
      expect(strictFailures).toEqual([]);
      const command = await tenant.api.get(`/v1/commands/${answer.body.commandId}`);
      expect(command.status).toBe(200);
      expect(command.body).toMatchObject({
        commandId: answer.body.commandId,
        chargerId: 'CP-1',
        ocppVersion: version,
        action: 'Reset',
        payload: reset[version].soft,
        status: 'completed',
        response: { status: 'Accepted' },
        requestedBy: expect.any(String),
      });
      expect(Date.parse(command.body.completedAt)).toBeGreaterThanOrEqual(
        Date.parse(command.body.requestedAt),
      );
      await client.close();
    });

    it('returns a rejection as an answer (200): the charger did answer', async () => {
      // Prepare
      const { tenant, client } = await givenConnected(env.runtime, version);
      client.raw.handle('Reset', async () => ({ status: 'Rejected' }));

      // Act
      const answer = await tenant.api.post('/v1/chargers/CP-1/ocpp/Reset', reset[version].soft);

      // Assess
      expect(answer.status).toBe(200);
      expect(answer.body.response).toEqual({ status: 'Rejected' });
      await client.close();
    });

    it("answers 502 with the charger's CALLERROR", async () => {
      // Prepare
      const { tenant, client } = await givenConnected(env.runtime, version);
      client.raw.handle('Reset', async () => {
        throw createRPCError('NotSupported', 'resets are not supported here', { reason: 'firmware' });
      });

      // Act
      const answer = await tenant.api.post('/v1/chargers/CP-1/ocpp/Reset', reset[version].soft);

      // Assess
      expect(answer.status).toBe(502);
      expect(answer.body).toEqual({
        error: { code: 'charger_error', message: 'charger CP-1 answered Reset with NotSupported' },
        commandId: expect.any(String),
        ocppError: {
          code: 'NotSupported',
          description: 'resets are not supported here',
          details: { reason: 'firmware' },
        },
      });
      const command = await tenant.api.get(`/v1/commands/${answer.body.commandId}`);
      expect(command.body).toMatchObject({
        status: 'failed',
        error: { kind: 'callError', code: 'NotSupported' },
      });
      await client.close();
    });

    it('answers 202 with a Location when the charger has not answered within waitSeconds; queues the next meanwhile', async () => {
      // Prepare
      const { tenant, client } = await givenConnected(env.runtime, version);
      let calls = 0;
      let clearCaches = 0;
      client.raw.handle('Reset', (options: { signal?: AbortSignal }) => {
        calls += 1;
        return never(options);
      });
      client.raw.handle('ClearCache', async () => {
        clearCaches += 1;
        return { status: 'Accepted' };
      });
      const started = Date.now();

      // Act
      const answer = await tenant.api.post('/v1/chargers/CP-1/ocpp/Reset?waitSeconds=1', reset[version].soft);
      const queued = await tenant.api.post('/v1/chargers/CP-1/ocpp/ClearCache?waitSeconds=1', {});
      const command = await tenant.api.get(`/v1/commands/${answer.body.commandId}`);
      const queuedCommand = await tenant.api.get(`/v1/commands/${queued.body.commandId}`);

      // Assess
      expect(answer.status).toBe(202);
      expect(answer.body).toEqual({ commandId: expect.any(String), status: 'pending' });
      expect(answer.headers.get('location')).toBe(`/v1/commands/${answer.body.commandId}`);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
      expect(Date.now() - started).toBeLessThan(6000);
      expect(calls).toBe(1);
      expect(queued.status).toBe(202);
      expect(queued.body).toEqual({ commandId: expect.any(String), status: 'queued' });
      expect(queued.headers.get('location')).toBe(`/v1/commands/${queued.body.commandId}`);
      expect(clearCaches).toBe(0);
      expect(command.body).toMatchObject({ status: 'pending', action: 'Reset', sentAt: expect.any(String) });
      expect(queuedCommand.body).toMatchObject({ status: 'queued', action: 'ClearCache' });
      expect(queuedCommand.body.sentAt).toBeUndefined();
      await client.close();
    });

    it('ends the wait with 409 when the charger disconnects before answering, and fails the command', async () => {
      // Prepare: a raw socket, since ocpp-rpc answers its open calls with a CALLERROR when it closes.
      const tenant = await provisionTenant(env.runtime.apiUrl, env.runtime.adminKey, ['CP-GONE']);
      const charger = await openRawCharger({
        ocppUrl: env.runtime.ocppUrl,
        tenantId: tenant.tenantId,
        chargerId: 'CP-GONE',
        password: tenant.chargers['CP-GONE']!.password,
        protocol: version,
      });
      const started = Date.now();

      // Act
      const answering = tenant.api.post(
        '/v1/chargers/CP-GONE/ocpp/Reset?waitSeconds=20',
        reset[version].soft,
      );
      await charger.next(5000);
      await charger.close();
      const answer = await within(answering, 10_000, 'the API answer');
      const command = await tenant.api.get(`/v1/commands/${answer.body.commandId}`);

      // Assess
      expect(answer.status).toBe(409);
      expect(answer.body.error.code).toBe('charger_offline');
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(command.body).toMatchObject({
        status: 'failed',
        error: { kind: 'offline', code: 'ConnectionLost' },
      });
    });

    it('refuses a payload that breaks the schema with 400 and sends nothing', async () => {
      // Prepare
      const { tenant, client } = await givenConnected(env.runtime, version);
      let calls = 0;
      client.raw.handle('Reset', async () => {
        calls += 1;
        return { status: 'Accepted' };
      });

      // Act
      const answer = await tenant.api.post('/v1/chargers/CP-1/ocpp/Reset', { type: 'Warm' });
      const after = await tenant.api.post('/v1/chargers/CP-1/ocpp/Reset', reset[version].soft);

      // Assess
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('invalid_request');
      expect(answer.body.error.message).toMatch(
        /^invalid Reset request for OCPP (1\.6|2\.0\.1): \/type must be one of/,
      );
      expect(after.status).toBe(200);
      expect(calls).toBe(1);
      await client.close();
    });

    it("refuses an action the CSMS may not send in the charger's version with 400", async () => {
      // Prepare
      const { tenant, client } = await givenConnected(env.runtime, version);
      const otherVersionAction = version === 'ocpp1.6' ? 'RequestStartTransaction' : 'RemoteStartTransaction';
      const label = version === 'ocpp1.6' ? 'OCPP 1.6' : 'OCPP 2.0.1';

      // Act
      const chargerInitiated = await tenant.api.post('/v1/chargers/CP-1/ocpp/BootNotification', {});
      const otherVersion = await tenant.api.post(`/v1/chargers/CP-1/ocpp/${otherVersionAction}`, {});

      // Assess
      expect(chargerInitiated.status).toBe(400);
      expect(chargerInitiated.body.error.message).toBe(
        'BootNotification is not a CSMS-initiated OCPP action',
      );
      expect(otherVersion.status).toBe(400);
      expect(otherVersion.body.error.message).toContain(
        `${otherVersionAction} is not a CSMS-initiated ${label} action`,
      );
      await client.close();
    });

    it('answers 409 charger_offline for a charger that is not connected', async () => {
      // Prepare
      const { tenant, client } = await givenConnected(env.runtime, version);
      await client.close();
      await env.runtime.settled();

      // Act
      const answer = await tenant.api.post('/v1/chargers/CP-1/ocpp/Reset', reset[version].soft);

      // Assess
      expect(answer.status).toBe(409);
      expect(answer.body.error).toEqual({
        code: 'charger_offline',
        message: 'charger CP-1 is not connected',
      });
    });

    it('answers 502 when the CALLRESULT breaks the .conf schema', async () => {
      // Prepare: a raw socket, since a strict client never sends an invalid answer.
      const tenant = await provisionTenant(env.runtime.apiUrl, env.runtime.adminKey, ['CP-RAW']);
      const charger = await openRawCharger({
        ocppUrl: env.runtime.ocppUrl,
        tenantId: tenant.tenantId,
        chargerId: 'CP-RAW',
        password: tenant.chargers['CP-RAW']!.password,
        protocol: version,
      });

      // Act
      const answering = tenant.api.post('/v1/chargers/CP-RAW/ocpp/Reset', reset[version].soft);
      const call = (await charger.next(5000)) as [number, string, string, unknown];
      charger.send(JSON.stringify([3, call[1], { status: 'Maybe' }]));
      const answer = await within(answering, 5000, 'the API answer');

      // Assess
      expect(call).toEqual([2, expect.any(String), 'Reset', reset[version].soft]);
      expect(answer.status).toBe(502);
      expect(answer.body.error.code).toBe('invalid_charger_response');
      expect(answer.body.ocppError).toMatchObject({
        code: 'PropertyConstraintViolation',
        description: expect.stringContaining('/status must be one of'),
      });
      await charger.close();
    });

    it('drops an answer with another message id and keeps waiting for the right one', async () => {
      // Prepare
      const tenant = await provisionTenant(env.runtime.apiUrl, env.runtime.adminKey, ['CP-RAW2']);
      const charger = await openRawCharger({
        ocppUrl: env.runtime.ocppUrl,
        tenantId: tenant.tenantId,
        chargerId: 'CP-RAW2',
        password: tenant.chargers['CP-RAW2']!.password,
        protocol: version,
      });

      // Act
      const answering = tenant.api.post('/v1/chargers/CP-RAW2/ocpp/ClearCache', {});
      const call = (await charger.next(5000)) as [number, string, string, unknown];
      charger.send(JSON.stringify([3, 'not-the-one', { status: 'Rejected' }]));
      charger.send(JSON.stringify([3, call[1], { status: 'Accepted' }]));
      const answer = await within(answering, 5000, 'the API answer');

      // Assess
      expect(answer.status).toBe(200);
      expect(answer.body.response).toEqual({ status: 'Accepted' });
      await charger.close();
    });
  });

  it('answers 404 for an unknown charger and for an unknown command', async () => {
    // Prepare
    const tenant = await provisionTenant(env.runtime.apiUrl, env.runtime.adminKey, []);

    // Act
    const charger = await tenant.api.post('/v1/chargers/CP-404/ocpp/Reset', { type: 'Soft' });
    const command = await tenant.api.get('/v1/commands/01J0000000000000000000000');

    // Assess
    expect(charger.status).toBe(404);
    expect(command.status).toBe(404);
  });

  it("does not show another tenant's command", async () => {
    // Prepare
    const { tenant, client } = await givenConnected(env.runtime, 'ocpp1.6');
    client.raw.handle('ClearCache', async () => ({ status: 'Accepted' }));
    const answer = await tenant.api.post('/v1/chargers/CP-1/ocpp/ClearCache', {});
    const other = await provisionTenant(env.runtime.apiUrl, env.runtime.adminKey, []);

    // Act
    const read = await other.api.get(`/v1/commands/${answer.body.commandId}`);

    // Assess
    expect(answer.status).toBe(200);
    expect(read.status).toBe(404);
    await client.close();
  });
});

describe('remote commands: a call that times out', () => {
  let env: Awaited<ReturnType<typeof startTestRuntime>>;
  beforeAll(async () => {
    env = await startTestRuntime({ commandTimeoutSeconds: 1 });
  });
  afterAll(() => env.stop());

  it('answers 504 when the call times out within the wait, then frees the charger for the next command', async () => {
    // Prepare
    const { tenant, client } = await givenConnected(env.runtime, 'ocpp2.0.1');
    client.raw.handle('Reset', never);
    client.raw.handle('ClearCache', async () => ({ status: 'Accepted' }));

    // Act
    const answer = await tenant.api.post('/v1/chargers/CP-1/ocpp/Reset?waitSeconds=5', { type: 'OnIdle' });
    const command = await tenant.api.get(`/v1/commands/${answer.body.commandId}`);
    const next = await tenant.api.post('/v1/chargers/CP-1/ocpp/ClearCache', {});

    // Assess
    expect(answer.status).toBe(504);
    expect(answer.body).toEqual({
      error: { code: 'charger_timeout', message: 'charger CP-1 did not answer Reset in time' },
      commandId: expect.any(String),
    });
    expect(command.body).toMatchObject({ status: 'timeout' });
    expect(next.status).toBe(200);
    await client.close();
  });

  it('reports a pending command as timed out once its time is up', async () => {
    // Prepare
    const { tenant, client } = await givenConnected(env.runtime, 'ocpp1.6');
    client.raw.handle('Reset', never);
    const answer = await tenant.api.post('/v1/chargers/CP-1/ocpp/Reset?waitSeconds=0', { type: 'Hard' });
    const pending = await tenant.api.get(`/v1/commands/${answer.body.commandId}`);
    await new Promise((resolve) => setTimeout(resolve, 1100));

    // Act
    const read = await tenant.api.get(`/v1/commands/${answer.body.commandId}`);

    // Assess
    expect(answer.status).toBe(202);
    expect(pending.body.status).toBe('pending');
    expect(read.body).toMatchObject({ status: 'timeout', completedAt: expect.any(String) });
    await client.close();
  });
});
