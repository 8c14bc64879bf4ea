import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventCatalog } from '../../shared/events/catalog.ts';
import { eventBusName } from '../../shared/topology/event-rules.ts';
import { provisionTenant } from '../support/api-client.ts';
import { startTestRuntime } from '../support/local-runtime.ts';
import { connectCharger } from '../support/ocpp-client.ts';

describe('events start the stack’s own workflows through its own rules', () => {
  let env: Awaited<ReturnType<typeof startTestRuntime>>;
  beforeAll(async () => {
    env = await startTestRuntime();
  });
  afterAll(() => env.stop());

  it('a status change of a charger in a managed site loads the site’s online chargers', async () => {
    // Prepare
    const { runtime } = env;
    const tenant = await provisionTenant(runtime.apiUrl, runtime.adminKey, ['LB-1', 'LB-2'], 'depot');
    const managed = await tenant.api.put('/v1/sites/depot/load-management', { maxCurrentA: 63 });
    expect(managed.status).toBe(201);
    await provisionTenant(runtime.apiUrl, runtime.adminKey, ['LB-1'], 'depot');
    const client = await connectCharger({
      ocppUrl: runtime.ocppUrl,
      tenantId: tenant.tenantId,
      chargerId: 'LB-1',
      password: tenant.chargers['LB-1']!.password,
    });

    // Act
    await client.call('StatusNotification', {
      timestamp: new Date().toISOString(),
      connectorStatus: 'Occupied',
      evseId: 1,
      connectorId: 1,
    });
    await runtime.settled();

    // Assess
    const statusEvents = runtime.eventBridge.events.filter(
      (event) => event['detail-type'] === eventCatalog.connectorStatusChanged.detailType,
    );
    expect(statusEvents).toHaveLength(1);
    expect(statusEvents[0]!.detail).toMatchObject({
      tenantId: tenant.tenantId,
      chargerId: 'LB-1',
      siteId: 'depot',
    });
    const executions = runtime.stepFunctions
      .listExecutions('loadBalancing')
      .filter(
        (execution) =>
          (execution.input as { detail: { tenantId: string } }).detail.tenantId === tenant.tenantId &&
          (execution.input as { 'detail-type': string })['detail-type'] ===
            eventCatalog.connectorStatusChanged.detailType,
      );
    // The status change, not the connection: a reconnect changes no power demand.
    expect(executions.length).toBe(1);
    for (const execution of executions) {
      expect(execution.status).toBe('SUCCEEDED');
      expect((execution.output as { balance: unknown }).balance).toMatchObject({
        outcome: expect.stringMatching(/^(balanced|superseded)$/),
      });
      expect((execution.output as { site: unknown }).site).toEqual({
        tenantId: tenant.tenantId,
        siteId: 'depot',
        managed: true,
      });
    }
    await client.close();
  });

  it('a charger of a site without load management starts no load-balancing run; a managed one says so', async () => {
    // Prepare
    const { runtime } = env;
    const tenant = await provisionTenant(runtime.apiUrl, runtime.adminKey, ['YARD-1'], 'yard');
    const managed = await provisionTenant(runtime.apiUrl, runtime.adminKey, ['DEPOT-1'], 'depot');
    expect((await managed.api.put('/v1/sites/depot/load-management', { maxCurrentA: 32 })).status).toBe(201);
    const connect = (owner: typeof tenant, chargerId: string) =>
      connectCharger({
        ocppUrl: runtime.ocppUrl,
        tenantId: owner.tenantId,
        chargerId,
        password: owner.chargers[chargerId]!.password,
      });
    const runsOf = (tenantId: string) =>
      runtime.stepFunctions
        .listExecutions('loadBalancing')
        .filter(
          (execution) => (execution.input as { detail: { tenantId: string } }).detail.tenantId === tenantId,
        );
    const eventsOf = (tenantId: string) =>
      runtime.eventBridge.events.filter(
        (event) =>
          event.source === 'csms.ocpp' &&
          (event.detail as { tenantId?: string }).tenantId === tenantId &&
          /^(ConnectorStatusChanged|TransactionStarted|ChargerBooted)\./.test(event['detail-type']),
      );
    const timestamp = new Date().toISOString();

    // Act
    for (const [owner, chargerId] of [
      [tenant, 'YARD-1'],
      [managed, 'DEPOT-1'],
    ] as const) {
      const client = await connect(owner, chargerId);
      await client.call('StatusNotification', {
        timestamp,
        connectorStatus: 'Occupied',
        evseId: 1,
        connectorId: 1,
      });
      await client.call('TransactionEvent', {
        eventType: 'Started',
        timestamp,
        triggerReason: 'CablePluggedIn',
        seqNo: 0,
        transactionInfo: { transactionId: `TX-${chargerId}` },
        evse: { id: 1, connectorId: 1 },
      });
      await runtime.settled();
      await client.close();
    }

    // Assess
    expect(eventsOf(tenant.tenantId)).toHaveLength(2);
    for (const event of eventsOf(tenant.tenantId)) {
      expect(event.detail).toMatchObject({ siteId: 'yard' });
      expect(event.detail).not.toHaveProperty('loadManaged');
    }
    expect(runsOf(tenant.tenantId)).toEqual([]);
    expect(eventsOf(managed.tenantId)).toHaveLength(2);
    for (const event of eventsOf(managed.tenantId))
      expect(event.detail).toMatchObject({ siteId: 'depot', loadManaged: true });
    const started = runsOf(managed.tenantId).map(
      (execution) => (execution.input as { 'detail-type': string })['detail-type'],
    );
    expect(started).toEqual(expect.arrayContaining(['ConnectorStatusChanged.v1', 'TransactionStarted.v2']));
  });

  it('an end of a session the stack does not know bills nothing, however often it comes', async () => {
    // Prepare
    const { runtime } = env;
    const events = new EventBridgeClient({
      endpoint: runtime.eventBridge.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const detail = {
      tenantId: 'T1',
      chargerId: 'CP-1',
      sessionId: 'S-1',
      chargerTransactionId: 'TX-1',
      startedAt: '2026-11-21T10:00:00.000Z',
      endedAt: '2026-11-21T11:00:00.000Z',
      energyWh: 12_345,
      occurredAt: '2026-11-21T11:00:00.000Z',
      correlationId: 'c-1',
    };
    const entry = {
      EventBusName: eventBusName,
      Source: eventCatalog.transactionEnded.source,
      DetailType: eventCatalog.transactionEnded.detailType,
      Detail: JSON.stringify(detail),
    };

    // Act
    await events.send(new PutEventsCommand({ Entries: [entry, entry] }));
    await runtime.settled();

    // Assess
    const outputs = runtime.stepFunctions
      .listExecutions('billing')
      .map((execution) => [execution.status, (execution.output as { billing: unknown }).billing]);
    const nothing = { sessionId: 'S-1', status: 'NOT_BILLABLE', reason: 'unknown session' };
    expect(outputs).toEqual([
      ['SUCCEEDED', nothing],
      ['SUCCEEDED', nothing],
    ]);
    expect(runtime.eventBridge.events.filter((event) => event['detail-type'] === 'SessionBilled.v1')).toEqual(
      [],
    );
    events.destroy();
  });
});
