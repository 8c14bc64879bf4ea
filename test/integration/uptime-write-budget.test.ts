import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SettableClock } from '../../local/clock.ts';
import { currentInvocation } from '../../local/invocation-context.ts';
import type { AwsCall } from '../../shared/config.ts';
import { provisionTenant } from '../support/api-client.ts';
import { startTestRuntime } from '../support/local-runtime.ts';
import { connectCharger } from '../support/ocpp-client.ts';

/*
 * Issue 14 item 4, cost: the uptime counters' DynamoDB traffic of one charger-day at the reference mix
 * (scripts/simulator/reference-mix.ts: 1 connector, 4 sessions of 45 min, 8 status changes, 12 reconnects), over
 * real sockets, counted from the AWS calls themselves. Expected (README, "Uptime and KPI reports"): 8 ADDs for the
 * status changes + 1 for the interval open at the site's local midnight + 4 for the session ends = 13 writes, none
 * at a disconnect or a reconnect, and one strongly consistent read of the last-seen item per reconnect.
 */
describe('uptime counters: DynamoDB traffic of a reference charger-day', () => {
  const clock = new SettableClock();
  const calls: { call: AwsCall; functionId?: string }[] = [];
  let env: Awaited<ReturnType<typeof startTestRuntime>>;
  beforeAll(async () => {
    env = await startTestRuntime({
      clock,
      environment: { MAX_CHARGER_CLOCK_SKEW_SECONDS: '86400' },
      awsCallObserver: (call) => calls.push({ call, functionId: currentInvocation.getStore()?.functionId }),
    });
  });
  afterAll(() => env.stop());

  const hour = 3_600_000;
  const keyOf = (call: AwsCall) => (call.input.Key ?? call.input.Item ?? {}) as { PK?: string; SK?: string };
  const isUptimeWrite = (call: AwsCall) =>
    call.service === 'dynamodb' && call.operation === 'UpdateItem' && /#UPTIME#/.test(keyOf(call).PK ?? '');

  it('writes 13 day-counter units a day and nothing at the 12 reconnects', async () => {
    // Prepare: a site whose local midnight comes 1 to 2 hours after the day starts.
    const { runtime } = env;
    const start = Math.ceil((clock.now().getTime() + 1) / 60_000) * 60_000;
    const midnight = Math.ceil((start + hour) / hour) * hour;
    const offset = (24 - new Date(midnight).getUTCHours()) % 24;
    const timeZone = offset === 0 ? 'UTC' : offset <= 12 ? `Etc/GMT-${offset}` : `Etc/GMT+${24 - offset}`;
    const tenant = await provisionTenant(runtime.apiUrl, runtime.adminKey, ['CP-B'], 'S-B');
    await tenant.api.patch('/v1/sites/S-B', { timeZone });
    await tenant.api.put('/v1/id-tokens/TAG-B', { status: 'Accepted' });
    clock.set(new Date(start));
    const connect = () =>
      connectCharger({
        ocppUrl: runtime.ocppUrl,
        tenantId: tenant.tenantId,
        chargerId: 'CP-B',
        password: tenant.chargers['CP-B']!.password,
        protocols: ['ocpp1.6'],
      });
    const at = (ms: number) => new Date(start + ms).toISOString();
    let client = await connect();
    await client.call('BootNotification', { chargePointVendor: 'Up', chargePointModel: 'U1' });
    const status = (value: string, ms: number) =>
      client.call('StatusNotification', {
        connectorId: 1,
        errorCode: 'NoError',
        status: value,
        timestamp: at(ms),
      });
    await status('Available', 0);
    await runtime.settled();
    calls.length = 0;

    // Act: sessions at 3 h, 9 h, 15 h and 21 h; API Gateway's cut every 2 hours, back 5 s later.
    const sessionStarts = [3, 9, 15, 21].map((h) => h * hour);
    const reconnects = Array.from({ length: 12 }, (_, i) => (i + 1) * 2 * hour);
    const steps = [
      ...sessionStarts.map((ms) => ({ ms, kind: 'session' as const })),
      ...reconnects.map((ms) => ({ ms, kind: 'reconnect' as const })),
    ].sort((a, b) => a.ms - b.ms);
    for (const step of steps) {
      clock.set(new Date(start + step.ms));
      if (step.kind === 'reconnect') {
        await client.close();
        await runtime.settled();
        clock.advance(5_000);
        client = await connect();
        await runtime.settled();
        continue;
      }
      await status('Charging', step.ms);
      const started = await client.call('StartTransaction', {
        connectorId: 1,
        idTag: 'TAG-B',
        meterStart: 0,
        timestamp: at(step.ms),
      });
      clock.set(new Date(start + step.ms + 45 * 60_000));
      await client.call('StopTransaction', {
        transactionId: started.transactionId,
        meterStop: 11_000,
        timestamp: at(step.ms + 45 * 60_000),
      });
      await status('Available', step.ms + 45 * 60_000);
      await runtime.settled();
    }
    await client.close();
    await runtime.settled();

    // Assess
    const uptimeWrites = calls.filter(({ call }) => isUptimeWrite(call));
    const atConnections = calls.filter(
      ({ call, functionId }) =>
        (functionId === 'ws-connect' || functionId === 'ws-disconnect') &&
        call.service === 'dynamodb' &&
        !['GetItem', 'Query', 'BatchGetItem'].includes(call.operation),
    );
    const lastSeenReads = calls.filter(
      ({ call, functionId }) =>
        functionId === 'ws-connect' && call.operation === 'GetItem' && keyOf(call).SK === 'CS#SEEN',
    );
    expect(uptimeWrites).toHaveLength(13);
    const units = uptimeWrites.flatMap(({ call }) => call.consumedCapacity ?? []);
    expect(units.reduce((sum, unit) => sum + (unit.CapacityUnits ?? 0), 0)).toBe(13);
    expect(uptimeWrites.filter(({ functionId }) => functionId !== 'ws-default')).toEqual([]);
    // A reconnect writes only the connection, a disconnect only its removal and the last-seen item: as before.
    expect(
      atConnections
        .map(({ call, functionId }) => `${functionId} ${call.operation} ${keyOf(call).SK ?? ''}`)
        .sort(),
    ).toEqual(
      [
        ...Array(12).fill('ws-connect PutItem CONN'),
        ...Array(13).fill('ws-disconnect DeleteItem CONN'),
        ...Array(13).fill('ws-disconnect PutItem CS#SEEN'),
      ].sort(),
    );
    expect(lastSeenReads).toHaveLength(12);
    expect(lastSeenReads.every(({ call }) => call.input.ConsistentRead === true)).toBe(true);
  }, 60_000);
});
