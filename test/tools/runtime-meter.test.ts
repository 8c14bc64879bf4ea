import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentInvocation, type Invocation } from '../../local/invocation-context.ts';
import { createRuntimeMeter } from '../../scripts/bench/runtime-meter.ts';
import type { AwsCall } from '../../shared/config.ts';
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

/** A `$default` invocation of a 2.0.1 TransactionEvent of `eventType`. */
const transactionEvent = (eventType: string): Invocation => ({
  functionId: 'ws-default',
  event: {
    body: JSON.stringify([2, `m-${eventType}`, 'TransactionEvent', { eventType }]),
    requestContext: { authorizer: { ocppVersion: 'ocpp2.0.1' } },
  },
});

/** Runs `calls` as the AWS calls of `invocation`, then ends it, as the local runtime's invoker does. */
const invoke = (meter: ReturnType<typeof createRuntimeMeter>, invocation: Invocation, calls: AwsCall[]) => {
  currentInvocation.run(invocation, () => {
    for (const call of calls) meter.observe(call);
  });
  meter.onInvocation(invocation, { result: { statusCode: 200 }, durationMs: 1 });
};

const put = (item: Record<string, unknown>): AwsCall => ({
  service: 'dynamodb',
  operation: 'PutItem',
  input: { Item: item },
  consumedCapacity: [{ CapacityUnits: 1 }],
});

const bytesOf = (item: Record<string, unknown>) => Buffer.byteLength(JSON.stringify(item));

describe('runtime meter: what the table grows by', () => {
  it('counts what a replaced item grew by, and takes the bytes of a deleted item back from the label that put it', () => {
    // Prepare
    const meter = createRuntimeMeter();
    const startedSession = { PK: 'TENANT#t#TX#s1', SK: 'TX', status: 'Active', heads: ['Started'] };
    const activeEntry = { PK: 'TENANT#t#CS#cp', SK: 'ACTIVE#s1', sessionId: 's1' };
    const endedSession = { ...startedSession, status: 'Completed', heads: ['Started', 'Ended'] };
    const meterValue = { PK: 'TENANT#t#TX#s1', SK: 'MV#2024-05-01T12:00:00.000Z#0', wh: 1000 };

    // Act
    invoke(meter, transactionEvent('Started'), [put(startedSession), put(activeEntry)]);
    invoke(meter, transactionEvent('Ended'), [
      put(meterValue),
      { ...put(endedSession), replacedItem: startedSession },
      {
        service: 'dynamodb',
        operation: 'DeleteItem',
        input: { Key: { PK: activeEntry.PK, SK: activeEntry.SK } },
        consumedCapacity: [{ CapacityUnits: 1 }],
      },
      // A conditional put that failed replaced nothing.
      { ...put({ ...endedSession, status: 'Other' }), error: 'ConditionalCheckFailedException' },
    ]);
    const usage = meter.snapshot();

    // Assess
    expect(usage['ocpp2.0.1 TransactionEvent.Started']?.dynamodb.itemBytesPut).toBe(bytesOf(startedSession));
    expect(usage['ocpp2.0.1 TransactionEvent.Ended']?.dynamodb.itemBytesPut).toBe(
      bytesOf(meterValue) + bytesOf(endedSession) - bytesOf(startedSession),
    );
  });

  it('counts only what an item put before it started grew by when it is replaced, and takes a deleted one back', () => {
    // Prepare: the observer reports the old item DynamoDB returned.
    const meter = createRuntimeMeter();
    const started = { PK: 'TENANT#t#TX#s1', SK: 'TX', status: 'Active' };
    const ended = { ...started, status: 'Completed', energyWh: 4000 };
    const entry = { PK: 'TENANT#t#CS#cp', SK: 'ACTIVE#s1', sessionId: 's1' };

    // Act
    invoke(meter, transactionEvent('Ended'), [
      { ...put(ended), replacedItem: started },
      {
        service: 'dynamodb',
        operation: 'DeleteItem',
        input: { Key: { PK: entry.PK, SK: entry.SK } },
        replacedItem: entry,
      },
    ]);

    // Assess: the start that put the marker was counted before the run; its end frees it, so a session's start
    // and end add up to what it keeps, whichever side of the run each falls on.
    expect(meter.snapshot()['ocpp2.0.1 TransactionEvent.Ended']?.dynamodb.itemBytesPut).toBe(
      bytesOf(ended) - bytesOf(started) - bytesOf(entry),
    );
  });

  it('counts what an update shrank an item put in the run by, and the index copy of items with an index key', () => {
    // Prepare: a billing puts its ledger (with CDR copies) and a CDR with an index key, then drops the copies.
    const meter = createRuntimeMeter();
    const billing: Invocation = { functionId: 'bill-session', event: {} };
    const claimed = {
      PK: 'TENANT#t#TX#s1',
      SK: 'LEDGER',
      revision: 1,
      pending: [{ id: 's1-1', big: 'x'.repeat(500) }],
    };
    const cdr = { PK: 'TENANT#t#TX#s1', SK: 'CDR#1#DEBIT', GSI1PK: 'TENANT#t#CDRS', GSI1SK: 'a', id: 's1-1' };
    const published = { PK: claimed.PK, SK: claimed.SK, revision: 1, published: true };

    // Act
    invoke(meter, billing, [
      put(claimed),
      put(cdr),
      {
        service: 'dynamodb',
        operation: 'UpdateItem',
        input: { Key: { PK: claimed.PK, SK: claimed.SK } },
        consumedCapacity: [{ CapacityUnits: 1 }],
        updatedItem: published,
      },
    ]);

    // Assess
    const usage = Object.values(meter.snapshot()).find((label) => label.functionId === 'bill-session');
    expect(usage?.dynamodb.itemBytesPut).toBe(bytesOf(published) + bytesOf(cdr));
    expect(usage?.dynamodb.indexBytesPut).toBe(bytesOf(cdr));
  });

  it('counts a binary attribute (a compressed CDR body) by its bytes, not by the JSON of its elements', () => {
    // Prepare
    const meter = createRuntimeMeter();
    const body = new Uint8Array(300);
    const cdr = { PK: 'TENANT#t#TX#s1', SK: 'CDR#1#DEBIT', id: 's1-1', body };

    // Act
    invoke(meter, transactionEvent('Ended'), [put(cdr)]);

    // Assess: the item with a 300-character string in the body's place, quotes included.
    expect(meter.snapshot()['ocpp2.0.1 TransactionEvent.Ended']?.dynamodb.itemBytesPut).toBe(
      bytesOf({ ...cdr, body: 'x'.repeat(300) }),
    );
  });

  it('forgets what it saw at a reset: a delete after it takes nothing back', () => {
    // Prepare
    const meter = createRuntimeMeter();
    const entry = { PK: 'TENANT#t#CS#cp', SK: 'ACTIVE#s1', sessionId: 's1' };
    const meterValue = { PK: 'TENANT#t#TX#s1', SK: 'MV#2024-05-01T12:00:00.000Z#0', wh: 1000 };
    invoke(meter, transactionEvent('Started'), [put(entry)]);

    // Act
    meter.reset();
    invoke(meter, transactionEvent('Ended'), [
      put(meterValue),
      { service: 'dynamodb', operation: 'DeleteItem', input: { Key: { PK: entry.PK, SK: entry.SK } } },
    ]);

    // Assess
    const usage = meter.snapshot();
    expect(usage['ocpp2.0.1 TransactionEvent.Ended']?.dynamodb.itemBytesPut).toBe(bytesOf(meterValue));
    expect(usage['ocpp2.0.1 TransactionEvent.Started']).toBeUndefined();
  });
});
