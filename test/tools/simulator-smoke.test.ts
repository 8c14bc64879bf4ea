import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntimeMeter } from '../../scripts/bench/runtime-meter.ts';
import { runFleet } from '../../scripts/simulator/fleet.ts';
import { provisionFleet } from '../../scripts/simulator/provision.ts';
import { type ReferenceMix, referenceMix } from '../../scripts/simulator/reference-mix.ts';
import { startTestRuntime } from '../support/local-runtime.ts';

/** Everything 600 times faster, sessions short and frequent: a few seconds hold a whole day's kinds of traffic. */
const quickMix: ReferenceMix = { ...referenceMix, sessionMinutes: 10, sessionsPerDay: 48 };

describe('fleet simulator against the local runtime (smoke)', () => {
  const meter = createRuntimeMeter();
  let env: Awaited<ReturnType<typeof startTestRuntime>>;
  beforeAll(async () => {
    env = await startTestRuntime({ awsCallObserver: meter.observe, onInvocation: meter.onInvocation });
  });
  afterAll(() => env.stop());

  it('5 chargers of both versions boot, heartbeat, charge and answer commands; nothing is lost', async () => {
    // Prepare
    const { runtime } = env;
    const fleet = await provisionFleet({
      apiUrl: runtime.apiUrl,
      adminKey: runtime.adminKey,
      chargers: 5,
      protocol: 'mix',
      siteSize: 2,
      idTokens: 3,
    });

    // Act
    const summary = await runFleet({
      label: 'smoke',
      endpoint: fleet.ocppEndpoint,
      chargers: fleet.chargers,
      idTokens: fleet.idTokens,
      mix: quickMix,
      timeScale: 600,
      rampPerSecond: 50,
      steadySeconds: 4,
      seed: 1,
      steadyStart: true,
      bootShare: 1,
      operator: { apiUrl: fleet.apiUrl, apiKey: fleet.apiKey, commandsPerDay: 100 },
      drainSeconds: 10,
    });
    await runtime.settled();

    // Assess
    expect(summary.protocols).toEqual({ 'ocpp2.0.1': 3, 'ocpp1.6': 2 });
    expect(summary.connections.peakConnected).toBe(5);
    expect(summary.actions.BootNotification?.answered).toBe(5);
    expect(summary.actions.Heartbeat?.answered).toBeGreaterThan(0);
    expect(summary.totals).toMatchObject({ lost: 0, invalidAnswers: 0, invalidRequests: 0, clientErrors: 0 });
    expect(summary.totals.answered).toBe(summary.totals.sent - summary.totals.interrupted);
    expect(summary.commands.profilesApplied).toBeGreaterThanOrEqual(summary.commands.sent['HTTP 200'] ?? 0);
    // The meter saw each message with the units DynamoDB reported for it.
    const usage = meter.snapshot();
    expect(usage['ocpp2.0.1 BootNotification']?.invocations).toBe(3);
    expect(usage['ocpp1.6 BootNotification']?.invocations).toBe(2);
    expect(usage.$connect?.dynamodb.writeUnits).toBeGreaterThan(0);
    expect(usage['$connect authorizer']?.dynamodb.readUnits).toBeGreaterThan(0);
  }, 60_000);
});
