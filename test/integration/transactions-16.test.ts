import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventCatalog } from '../../shared/events/catalog.ts';
import { provisionTenant } from '../support/api-client.ts';
import { startTestRuntime } from '../support/local-runtime.ts';
import { connectCharger } from '../support/ocpp-client.ts';

/** An energy register reading as a 1.6 sampled value. */
const energy = (value: string, unit: 'Wh' | 'kWh', context: string) => ({
  value,
  measurand: 'Energy.Active.Import.Register',
  unit,
  context,
});

describe('OCPP 1.6 Core: transactions become sessions in the API and start billing', () => {
  let env: Awaited<ReturnType<typeof startTestRuntime>>;
  beforeAll(async () => {
    // This file checks the `.v1` twins too: a stack whose consumers still read them sets this.
    // A deployment whose own consumers on the bus read v1 events and every session's progress.
    env = await startTestRuntime({
      environment: { PUBLISH_PREVIOUS_EVENT_VERSIONS: '1', TRANSACTION_UPDATED_FOR_ALL_SESSIONS: '1' },
    });
  });
  afterAll(() => env.stop());

  const connect16 = async (tenant: Awaited<ReturnType<typeof provisionTenant>>, chargerId: string) =>
    connectCharger({
      ocppUrl: env.runtime.ocppUrl,
      tenantId: tenant.tenantId,
      chargerId,
      password: tenant.chargers[chargerId]!.password,
      protocols: ['ocpp1.6'],
    });

  const billingOf = (tenantId: string) =>
    env.runtime.stepFunctions
      .listExecutions('billing')
      .filter(
        (execution) => (execution.input as { detail: { tenantId: string } }).detail.tenantId === tenantId,
      );

  const eventsOf = (tenantId: string) =>
    env.runtime.eventBridge.events.filter(
      (event) => (event.detail as { tenantId?: string }).tenantId === tenantId,
    );

  it('Authorize → StartTransaction (retried) → MeterValues → StopTransaction (duplicated): one billed session', async () => {
    // Prepare
    const { runtime } = env;
    const tenant = await provisionTenant(runtime.apiUrl, runtime.adminKey, ['CP-16']);
    expect(
      (await tenant.api.put('/v1/id-tokens/tag-16', { status: 'Accepted', groupId: 'FLEET' })).status,
    ).toBe(201);
    const client = await connect16(tenant, 'CP-16');
    const start = {
      connectorId: 2,
      idTag: 'TAG-16',
      meterStart: 1000,
      timestamp: '2026-01-10T10:00:00.000Z',
    };

    // Act
    const authorized = await client.call('Authorize', { idTag: 'TAG-16' });
    const started = await client.call('StartTransaction', start);
    const retried = await client.call('StartTransaction', start);
    const { transactionId } = started;
    const metered = await client.call('MeterValues', {
      connectorId: 2,
      transactionId,
      meterValue: [
        {
          timestamp: '2026-01-10T10:15:00.000Z',
          sampledValue: [
            energy('3.5', 'kWh', 'Sample.Periodic'),
            { value: '11000', measurand: 'Power.Active.Import', unit: 'W', context: 'Sample.Periodic' },
          ],
        },
      ],
    });
    const connectorLevel = await client.call('MeterValues', {
      connectorId: 0,
      meterValue: [
        { timestamp: '2026-01-10T10:15:00.000Z', sampledValue: [energy('99', 'kWh', 'Sample.Clock')] },
      ],
    });
    const stop = {
      transactionId,
      idTag: 'TAG-16',
      meterStop: 8250,
      timestamp: '2026-01-10T12:00:00+01:00',
      reason: 'EVDisconnected',
      transactionData: [
        { timestamp: '2026-01-10T10:30:00.000Z', sampledValue: [energy('6000', 'Wh', 'Sample.Clock')] },
      ],
    };
    const stopped = await client.call('StopTransaction', stop);
    await runtime.settled();
    const listed = await tenant.api.get('/v1/sessions?chargerId=CP-16');
    const sessionId = listed.body.items[0]?.sessionId as string;
    const before = await tenant.api.get(`/v1/sessions/${sessionId}`);
    const stoppedAgain = await client.call('StopTransaction', stop);
    await runtime.settled();
    const after = await tenant.api.get(`/v1/sessions/${sessionId}`);

    // Assess
    expect(authorized).toEqual({ idTagInfo: { status: 'Accepted', parentIdTag: 'FLEET' } });
    expect(started).toEqual({ transactionId: 1, idTagInfo: { status: 'Accepted', parentIdTag: 'FLEET' } });
    expect(retried).toEqual(started);
    expect(metered).toEqual({});
    expect(connectorLevel).toEqual({});
    expect(stopped).toEqual({ idTagInfo: { status: 'Accepted', parentIdTag: 'FLEET' } });
    expect(stoppedAgain).toEqual(stopped);

    expect(listed.status).toBe(200);
    expect(listed.body.items).toHaveLength(1);
    expect(before.status).toBe(200);
    expect(before.body).toEqual({
      sessionId,
      chargerId: 'CP-16',
      chargerTransactionId: '1',
      transactionId: '1',
      evseId: 2,
      connectorId: 1,
      idToken: 'TAG-16',
      status: 'Completed',
      startedAt: '2026-01-10T10:00:00.000Z',
      endedAt: '2026-01-10T11:00:00.000Z',
      stoppedReason: 'EVDisconnected',
      energyWh: 7250,
      meterStartWh: 1000,
      meterStopWh: 8250,
      version: 1,
      // No tariff applies (the tenant has none): billed at zero, with a line that says so.
      cost: {
        currency: 'EUR',
        totalExclVat: 0,
        totalVat: 0,
        totalInclVat: 0,
        lines: [{ kind: 'NO_TARIFF', exclVat: 0, vat: 0, inclVat: 0 }],
      },
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      meterValues: [
        {
          timestamp: '2026-01-10T10:00:00.000Z',
          seqNo: 0,
          sampledValues: [
            {
              value: 1000,
              measurand: 'Energy.Active.Import.Register',
              unit: 'Wh',
              context: 'Transaction.Begin',
            },
          ],
        },
        {
          timestamp: '2026-01-10T10:15:00.000Z',
          seqNo: expect.any(Number),
          sampledValues: [
            {
              value: 3.5,
              measurand: 'Energy.Active.Import.Register',
              unit: 'kWh',
              context: 'Sample.Periodic',
            },
            { value: 11000, measurand: 'Power.Active.Import', unit: 'W', context: 'Sample.Periodic' },
          ],
        },
        {
          timestamp: '2026-01-10T10:30:00.000Z',
          seqNo: 2 ** 31 - 1,
          sampledValues: [
            { value: 6000, measurand: 'Energy.Active.Import.Register', unit: 'Wh', context: 'Sample.Clock' },
          ],
        },
        {
          timestamp: '2026-01-10T11:00:00.000Z',
          seqNo: 2 ** 31 - 1,
          sampledValues: [
            {
              value: 8250,
              measurand: 'Energy.Active.Import.Register',
              unit: 'Wh',
              context: 'Transaction.End',
            },
          ],
        },
      ],
    });
    // The duplicated stop changed nothing; billing was asked twice and recorded the session once.
    expect(after.body).toEqual(before.body);
    expect(
      billingOf(tenant.tenantId).map((execution) => [
        execution.status,
        (execution.output as { billing: unknown }).billing,
      ]),
    ).toEqual([
      ['SUCCEEDED', { sessionId, status: 'BILLED', sessionVersion: 1, cdrIds: [`${sessionId}-1`] }],
      ['SUCCEEDED', { sessionId, status: 'ALREADY_BILLED', sessionVersion: 1, billedVersion: 1 }],
    ]);
    const types = eventsOf(tenant.tenantId).map((event) => event['detail-type']);
    expect(types).toEqual(
      expect.arrayContaining([
        eventCatalog.idTokenAuthorized.detailType,
        eventCatalog.transactionStarted.detailType,
        eventCatalog.transactionUpdated.detailType,
        eventCatalog.transactionEnded.detailType,
      ]),
    );
    // Each v2 event is published with its v1 twin, the session id under its v1 name, for existing consumers.
    const detailsOf = (detailType: string) =>
      eventsOf(tenant.tenantId)
        .filter((event) => event['detail-type'] === detailType)
        .map((event) => event.detail);
    expect(detailsOf('TransactionEnded.v2')).toEqual([
      expect.objectContaining({ sessionId, chargerTransactionId: '1', energyWh: 7250 }),
      expect.objectContaining({ sessionId, chargerTransactionId: '1', energyWh: 7250 }),
    ]);
    expect(detailsOf('TransactionEnded.v1')).toEqual([
      expect.objectContaining({ transactionId: sessionId, chargerTransactionId: '1', energyWh: 7250 }),
      expect.objectContaining({ transactionId: sessionId, chargerTransactionId: '1', energyWh: 7250 }),
    ]);
    expect(detailsOf('TransactionEnded.v1')[0]).not.toHaveProperty('sessionId');
    await client.close();
  });

  it('answers ConcurrentTx to a token busy on another charger, and numbers each charger’s transactions', async () => {
    // Prepare
    const { runtime } = env;
    const tenant = await provisionTenant(runtime.apiUrl, runtime.adminKey, ['CP-A', 'CP-B']);
    await tenant.api.put('/v1/id-tokens/TAG-C', { status: 'Accepted' });
    const [a, b] = [await connect16(tenant, 'CP-A'), await connect16(tenant, 'CP-B')];
    const start = { connectorId: 1, idTag: 'TAG-C', meterStart: 0, timestamp: '2026-02-01T08:00:00.000Z' };

    // Act
    const first = await a.call('StartTransaction', start);
    const elsewhere = await b.call('Authorize', { idTag: 'TAG-C' });
    const secondStart = await b.call('StartTransaction', start);
    await a.call('StopTransaction', {
      transactionId: first.transactionId,
      meterStop: 10,
      timestamp: '2026-02-01T09:00:00.000Z',
    });
    const afterStop = await b.call('Authorize', { idTag: 'TAG-C' });

    // Assess
    expect(first).toEqual({ transactionId: 1, idTagInfo: { status: 'Accepted' } });
    expect(elsewhere).toEqual({ idTagInfo: { status: 'ConcurrentTx' } });
    expect(secondStart).toEqual({ transactionId: 1, idTagInfo: { status: 'ConcurrentTx' } });
    expect(afterStop).toEqual({ idTagInfo: { status: 'Accepted' } });
    const sessions = (await tenant.api.get('/v1/sessions')).body.items;
    expect(
      sessions.map((session: { chargerId: string; status: string }) => [session.chargerId, session.status]),
    ).toEqual(
      expect.arrayContaining([
        ['CP-A', 'Completed'],
        ['CP-B', 'Active'],
      ]),
    );
    await a.close();
    await b.close();
  });

  it('answers an unknown token Invalid', async () => {
    // Prepare
    const { runtime } = env;
    const tenant = await provisionTenant(runtime.apiUrl, runtime.adminKey, ['CP-U']);
    const client = await connect16(tenant, 'CP-U');

    // Act
    const authorized = await client.call('Authorize', { idTag: 'NOBODY' });

    // Assess
    expect(authorized).toEqual({ idTagInfo: { status: 'Invalid' } });
    await client.close();
  });

  it('DataTransfer: UnknownVendorId', async () => {
    // Prepare
    const { runtime } = env;
    const tenant = await provisionTenant(runtime.apiUrl, runtime.adminKey, ['CP-D']);
    const client = await connect16(tenant, 'CP-D');

    // Act
    const answer = await client.call('DataTransfer', { vendorId: 'com.acme', messageId: 'Hello', data: 'x' });

    // Assess
    expect(answer).toEqual({ status: 'UnknownVendorId' });
    await client.close();
  });

  it('SecurityEventNotification and SignCertificate: answered and published', async () => {
    // Prepare
    const { runtime } = env;
    const tenant = await provisionTenant(runtime.apiUrl, runtime.adminKey, ['CP-S']);
    const client = await connect16(tenant, 'CP-S');
    const csr = '-----BEGIN CERTIFICATE REQUEST-----\nMIIBfake\n-----END CERTIFICATE REQUEST-----';

    // Act
    const notified = await client.call('SecurityEventNotification', {
      type: 'FirmwareUpdated',
      timestamp: '2026-03-01T08:00:00.000Z',
      techInfo: 'v2.0.0',
    });
    const signing = await client.call('SignCertificate', { csr });
    await runtime.settled();

    // Assess
    expect(notified).toEqual({});
    expect(signing).toEqual({ status: 'Accepted' });
    const details = (detailType: string) =>
      eventsOf(tenant.tenantId)
        .filter((event) => event['detail-type'] === detailType)
        .map((event) => event.detail);
    expect(details(eventCatalog.securityEventReceived.detailType)).toEqual([
      expect.objectContaining({
        chargerId: 'CP-S',
        type: 'FirmwareUpdated',
        techInfo: 'v2.0.0',
        occurredAt: '2026-03-01T08:00:00.000Z',
      }),
    ]);
    expect(details(eventCatalog.certificateSigningRequested.detailType)).toEqual([
      expect.objectContaining({ chargerId: 'CP-S', ocppVersion: 'ocpp1.6', csr }),
    ]);
    await client.close();
  });
});
