import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntimeMeter } from '../../scripts/bench/runtime-meter.ts';
import { provisionTenant } from '../support/api-client.ts';
import { startTestRuntime } from '../support/local-runtime.ts';
import { connectCharger } from '../support/ocpp-client.ts';

/**
 * The bench's meter on the local runtime, over a real socket: each message's DynamoDB calls and answer land in
 * its own label, and Heartbeats of a fresh connection write nothing (`$connect` wrote lastSeenAt, and the
 * per-tenant dependencies of `$default` count that write from the message's connect time).
 */
describe('runtime meter on the local runtime', () => {
  const meter = createRuntimeMeter();
  let env: Awaited<ReturnType<typeof startTestRuntime>>;
  beforeAll(async () => {
    env = await startTestRuntime({ awsCallObserver: meter.observe, onInvocation: meter.onInvocation });
  });
  afterAll(() => env.stop());

  it('attributes a boot and five Heartbeats to themselves: one write for the boot, none for the Heartbeats', async () => {
    // Prepare
    const { runtime } = env;
    const tenant = await provisionTenant(runtime.apiUrl, runtime.adminKey, ['CP-M']);
    meter.reset();
    const client = await connectCharger({
      ocppUrl: runtime.ocppUrl,
      tenantId: tenant.tenantId,
      chargerId: 'CP-M',
      password: tenant.chargers['CP-M']!.password,
    });

    // Act
    await client.call('BootNotification', {
      reason: 'PowerUp',
      chargingStation: { vendorName: 'Acme', model: 'Volt-22' },
    });
    for (let beat = 0; beat < 5; beat += 1) await client.call('Heartbeat', {});
    await runtime.settled();
    const usage = meter.snapshot();
    await client.close();

    // Assess
    const boot = usage['ocpp2.0.1 BootNotification'];
    const heartbeats = usage['ocpp2.0.1 Heartbeat'];
    expect(boot).toMatchObject({ invocations: 1, framesOut: 1, bytesOut: 0 });
    expect(boot?.dynamodb.writeRequests).toBe(1);
    expect(heartbeats).toMatchObject({
      invocations: 5,
      invocationsWithWrites: 0,
      framesOut: 5,
      bytesOut: 0,
      connectionManagement: { PostToConnection: 5 },
    });
    expect(heartbeats?.dynamodb).toMatchObject({ writeRequests: 0, writeUnits: 0, operations: {} });
    // Each answer is a CALLRESULT with the server's time: about 50 bytes, posted once.
    expect(heartbeats?.postedBytes).toBeGreaterThan(5 * 40);
    expect(heartbeats?.postedBytes).toBeLessThan(5 * 100);
    expect(usage.$connect?.dynamodb.writeRequests).toBe(1);
    expect(usage['outside any invocation']).toBeUndefined();
  }, 30_000);
});
