import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsWebSocketQuotas } from '../../local/websocket-gateway.ts';
import { provisionTenant } from '../support/api-client.ts';
import { startTestRuntime } from '../support/local-runtime.ts';
import { openRawCharger, type RawCharger, within } from '../support/raw-websocket.ts';

type Version = 'ocpp1.6' | 'ocpp2.0.1';
const refusedCode = { 'ocpp1.6': 'GenericError', 'ocpp2.0.1': 'RpcFrameworkError' } as const;
const floodSize = 2000;

/**
 * The charger side of `$default`: an answer to a CSMS call gets no frame at all (not even an empty one, which
 * is what a two-way route sends for a result without a body), and a charger that sends CALLs without waiting
 * gets one CALLERROR per CALL sent while an earlier one was being handled (OCPP-J 4.1.1), while the gateway
 * holds at most `maxFramesInFlightPerConnection` of its frames in process and other tenants are served.
 */
describe('$default: no frame for answers, one CALL at a time per connection', () => {
  let env: Awaited<ReturnType<typeof startTestRuntime>>;
  let flooding: Awaited<ReturnType<typeof provisionTenant>>;
  let other: Awaited<ReturnType<typeof provisionTenant>>;

  const connect = (tenant: typeof flooding, chargerId: string, protocol: Version): Promise<RawCharger> =>
    openRawCharger({
      ocppUrl: env.runtime.ocppUrl,
      tenantId: tenant.tenantId,
      chargerId,
      password: tenant.chargers[chargerId]!.password,
      protocol,
    });

  beforeAll(async () => {
    env = await startTestRuntime();
    flooding = await provisionTenant(env.runtime.apiUrl, env.runtime.adminKey, [
      'ANS-16',
      'ANS-201',
      'FLOOD',
    ]);
    other = await provisionTenant(env.runtime.apiUrl, env.runtime.adminKey, ['CALM']);
  });
  afterAll(async () => {
    await env?.stop();
  });

  it.each(['ocpp1.6', 'ocpp2.0.1'] as const)(
    '%s: CALLRESULT and CALLERROR to calls of ours get no frame; the next frame is the answer to a Heartbeat',
    async (version) => {
      // Prepare
      const charger = await connect(flooding, version === 'ocpp1.6' ? 'ANS-16' : 'ANS-201', version);

      // Act
      charger.send('[3, "no-such-call", {}]');
      charger.send('[4, "no-such-call-either", "GenericError", "oops", {}]');
      charger.send('[2, "fence", "Heartbeat", {}]');

      // Assess
      expect(await charger.next()).toEqual([3, 'fence', { currentTime: expect.any(String) }]);
      await charger.close();
    },
  );

  it('a flood of CALLs without waiting: one answer each, refusals as CALLERROR, bounded frames in process, others served', async () => {
    // Prepare
    const flooder = await connect(flooding, 'FLOOD', 'ocpp2.0.1');
    const calm = await connect(other, 'CALM', 'ocpp1.6');
    const answers: unknown[] = [];
    const allAnswered = new Promise<void>((resolve) =>
      flooder.socket.on('message', (data) => {
        answers.push(JSON.parse(data.toString()));
        if (answers.length === floodSize) resolve();
      }),
    );

    // Act
    for (let i = 0; i < floodSize; i++) flooder.send(JSON.stringify([2, `f-${i}`, 'Heartbeat', {}]));
    const calmAnswer = await calm.call('calm-1', 'Heartbeat', {}, 10_000);
    const apiAnswer = await other.api.get('/v1/chargers/CALM');
    await within(allAnswered, 60_000, 'an answer to every flooded CALL');

    // Assess
    expect(calmAnswer).toEqual([3, 'calm-1', { currentTime: expect.any(String) }]);
    expect(apiAnswer.status).toBe(200);
    const ids = answers.map((answer) => (answer as unknown[])[1]);
    expect(new Set(ids).size).toBe(floodSize);
    const results = answers.filter((answer) => (answer as unknown[])[0] === 3);
    const refused = answers.filter((answer) => (answer as unknown[])[0] === 4);
    expect(results.length + refused.length).toBe(floodSize);
    expect(results.length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
    for (const answer of refused) expect((answer as unknown[])[2]).toBe(refusedCode['ocpp2.0.1']);
    const stats = env.runtime.websocket.frameBoundStats();
    expect(stats.peakInFlight).toBeLessThanOrEqual(awsWebSocketQuotas.maxFramesInFlightPerConnection);
    expect(stats.pauses).toBeGreaterThan(0);
    expect(flooder.isOpen).toBe(true);
    await Promise.all([flooder.close(), calm.close()]);
  });
});
