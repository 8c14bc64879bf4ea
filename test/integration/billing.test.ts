import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../shared/http/csv.ts';
import { eventBusName } from '../../shared/topology/event-rules.ts';
import { provisionTenant } from '../support/api-client.ts';
import { startTestRuntime } from '../support/local-runtime.ts';
import { connectCharger } from '../support/ocpp-client.ts';

/*
 * Issue 11 items 4 and 6 over real sockets (ocpp-rpc strict clients) against the local runtime: sessions billed
 * by the billing workflow with the tenant's default tariff, exactly one CDR however often the end arrives, a
 * credit and a new CDR for late data, the session's cost and the CDR listing (JSON and CSV).
 */

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read field by field in assertions.
type Body = any;

/** 0.30 per kWh and 1.00 per session, excl. VAT, 20 % VAT: the tenant's default. */
const tariff = {
  currency: 'EUR',
  default: true,
  elements: [
    {
      price_components: [
        { type: 'FLAT', price: 1, vat: 20, step_size: 1 },
        { type: 'ENERGY', price: 0.3, vat: 20, step_size: 1 },
      ],
    },
  ],
};

const energy201 = (wh: number) => ({
  measurand: 'Energy.Active.Import.Register',
  value: wh,
  unitOfMeasure: { unit: 'Wh' },
});

describe('billing: one CDR per session version, credit and rebill for late data', () => {
  let env: Awaited<ReturnType<typeof startTestRuntime>>;
  let tenant: Awaited<ReturnType<typeof provisionTenant>>;
  /** After the tariff came into force: sessions starting then keep its version 1. */
  let t0: number;
  const at = (seconds: number) => new Date(t0 + seconds * 1000).toISOString();

  beforeAll(async () => {
    env = await startTestRuntime();
    tenant = await provisionTenant(env.runtime.apiUrl, env.runtime.adminKey, ['CP-16', 'CP-201']);
    expect((await tenant.api.put('/v1/tariffs/T-1', tariff)).status).toBe(201);
    t0 = Date.now() + 1000;
  });
  afterAll(() => env.stop());

  const billingStatuses = () =>
    env.runtime.stepFunctions
      .listExecutions('billing')
      .filter(
        (execution) =>
          (execution.input as { detail: { tenantId: string } }).detail.tenantId === tenant.tenantId,
      )
      .map((execution) => [
        execution.status,
        (execution.output as { billing: { status: string } }).billing.status,
      ]);

  const billedEvents = (sessionId: string) =>
    env.runtime.eventBridge.events
      .filter(
        (event) =>
          event['detail-type'] === 'SessionBilled.v1' &&
          (event.detail as { sessionId?: string }).sessionId === sessionId,
      )
      .map((event) => event.detail as Body);

  const cdrsOf = async (sessionId: string) => {
    const listed = await tenant.api.get('/v1/cdrs?limit=100');
    expect(listed.status).toBe(200);
    return (listed.body.items as Body[]).filter((cdr) => cdr.session_id === sessionId);
  };

  it('1.6: a session billed once with the default tariff, though StopTransaction is retried and TransactionEnded replayed', async () => {
    // Prepare
    const { runtime } = env;
    const client = await connectCharger({
      ocppUrl: runtime.ocppUrl,
      tenantId: tenant.tenantId,
      chargerId: 'CP-16',
      password: tenant.chargers['CP-16']!.password,
      protocols: ['ocpp1.6'],
    });
    const { transactionId } = await client.call('StartTransaction', {
      connectorId: 1,
      idTag: 'TAG-16',
      meterStart: 1000,
      timestamp: at(0),
    });
    const stop = { transactionId, idTag: 'TAG-16', meterStop: 11_000, timestamp: at(60), reason: 'Local' };

    // Act
    await client.call('StopTransaction', stop);
    await runtime.settled();
    await client.call('StopTransaction', stop);
    await runtime.settled();
    const ended = runtime.eventBridge.events.find(
      (event) =>
        event['detail-type'] === 'TransactionEnded.v2' &&
        (event.detail as { tenantId: string; chargerId: string }).chargerId === 'CP-16' &&
        (event.detail as { tenantId: string }).tenantId === tenant.tenantId,
    )!;
    const bus = new EventBridgeClient({
      endpoint: runtime.eventBridge.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await bus.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: eventBusName,
            Source: ended.source,
            DetailType: ended['detail-type'],
            Detail: JSON.stringify(ended.detail),
          },
        ],
      }),
    );
    bus.destroy();
    await runtime.settled();

    // Assess
    const sessionId = (ended.detail as { sessionId: string }).sessionId;
    const session = await tenant.api.get(`/v1/sessions/${sessionId}`);
    // 10 kWh × 0.30 + 1.00 = 4.00 excl. VAT; 20 % VAT.
    expect(session.body.cost).toEqual({
      currency: 'EUR',
      totalExclVat: 400,
      totalVat: 80,
      totalInclVat: 480,
      tariffId: 'T-1',
      tariffVersion: 1,
      lines: [
        {
          kind: 'FLAT',
          elementIndex: 0,
          quantity: 1,
          unitPrice: 1,
          vatPercent: 20,
          exclVat: 100,
          vat: 20,
          inclVat: 120,
        },
        {
          kind: 'ENERGY',
          elementIndex: 0,
          quantity: 10,
          unitPrice: 0.3,
          vatPercent: 20,
          exclVat: 300,
          vat: 60,
          inclVat: 360,
        },
      ],
    });
    const cdrs = await cdrsOf(sessionId);
    expect(cdrs).toHaveLength(1);
    expect(cdrs[0]).toMatchObject({
      id: `${sessionId}-1`,
      session_id: sessionId,
      start_date_time: at(0),
      end_date_time: at(60),
      cdr_token: { uid: 'TAG-16', type: 'RFID' },
      currency: 'EUR',
      tariffs: [{ id: 'T-1', currency: 'EUR' }],
      total_energy: 10,
      total_cost: { excl_vat: 4, incl_vat: 4.8 },
      total_fixed_cost: { excl_vat: 1, incl_vat: 1.2 },
      total_energy_cost: { excl_vat: 3, incl_vat: 3.6 },
      credit: false,
    });
    expect((await tenant.api.get(`/v1/cdrs/${sessionId}-1`)).body).toEqual(cdrs[0]);
    expect(billedEvents(sessionId).map((event) => [event.cdrId, event.totalInclVat])).toEqual([
      [`${sessionId}-1`, 480],
    ]);
    // The stop, its retry and the replay each started billing; one of them issued.
    expect(billingStatuses()).toEqual([
      ['SUCCEEDED', 'BILLED'],
      ['SUCCEEDED', 'ALREADY_BILLED'],
      ['SUCCEEDED', 'ALREADY_BILLED'],
    ]);
    await client.close();
  });

  it('2.0.1: a late meter value after the bill gives a credit and a new CDR, never an edit; CSV lists them', async () => {
    // Prepare
    const { runtime } = env;
    const client = await connectCharger({
      ocppUrl: runtime.ocppUrl,
      tenantId: tenant.tenantId,
      chargerId: 'CP-201',
      password: tenant.chargers['CP-201']!.password,
    });
    const event = (eventType: string, seqNo: number, seconds: number, wh?: number) => ({
      eventType,
      timestamp: at(seconds),
      triggerReason: eventType === 'Ended' ? 'StopAuthorized' : 'MeterValuePeriodic',
      seqNo,
      transactionInfo: { transactionId: 'TX-LATE', ...(eventType === 'Ended' && { stoppedReason: 'Local' }) },
      ...(eventType === 'Started' && { evse: { id: 1, connectorId: 1 } }),
      ...(wh !== undefined && { meterValue: [{ timestamp: at(seconds), sampledValue: [energy201(wh)] }] }),
    });
    await client.call('TransactionEvent', event('Started', 0, 0, 2000));
    await client.call('TransactionEvent', event('Ended', 2, 60));
    await runtime.settled();
    const sessionId = (await tenant.api.get('/v1/sessions?chargerId=CP-201')).body.items[0]
      .sessionId as string;
    const first = await tenant.api.get(`/v1/cdrs/${sessionId}-1`);

    // Act: the reading queued offline arrives after the end.
    await client.call('TransactionEvent', event('Updated', 1, 30, 7000));
    await runtime.settled();

    // Assess
    const session = await tenant.api.get(`/v1/sessions/${sessionId}`);
    expect(session.body).toMatchObject({ version: 2, energyWh: 5000 });
    // 5 kWh × 0.30 + 1.00 = 2.50 excl. VAT.
    expect(session.body.cost).toMatchObject({
      totalExclVat: 250,
      totalVat: 50,
      totalInclVat: 300,
      tariffId: 'T-1',
    });
    const cdrs = await cdrsOf(sessionId);
    expect(
      cdrs.map((cdr) => [
        cdr.id,
        cdr.credit,
        cdr.credit_reference_id,
        cdr.total_cost.incl_vat,
        cdr.total_energy,
      ]),
    ).toEqual([
      [`${sessionId}-1`, false, undefined, 1.2, 0],
      [`${sessionId}-1-CR`, true, `${sessionId}-1`, -1.2, 0],
      [`${sessionId}-2`, false, undefined, 3, 5],
    ]);
    // The first CDR is as it was issued.
    expect(cdrs[0]).toEqual(first.body);
    expect(
      billedEvents(sessionId).map((billed) => [billed.cdrId, billed.credit, billed.totalInclVat]),
    ).toEqual([
      [`${sessionId}-1`, false, 120],
      [`${sessionId}-1-CR`, true, -120],
      [`${sessionId}-2`, false, 300],
    ]);

    const csv = await tenant.api.call('GET', '/v1/cdrs', undefined, { accept: 'text/csv' });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const [header, ...rows] = parseCsv(csv.body as string);
    const column = (name: string) => header!.indexOf(name);
    const ofSession = rows.filter((row) => row[column('session_id')] === sessionId);
    expect(
      ofSession.map((row) => [row[column('id')], row[column('credit')], row[column('total_incl_vat_minor')]]),
    ).toEqual([
      [`${sessionId}-1`, 'false', '120'],
      [`${sessionId}-1-CR`, 'true', '-120'],
      [`${sessionId}-2`, 'false', '300'],
    ]);
    await client.close();
  });

  it('refuses a cursor of another query and a malformed range, 404 for a CDR id it never issued', async () => {
    // Act
    const badCursor = await tenant.api.get('/v1/cdrs?cursor=bm90LWEtY3Vyc29y');
    const reversed = await tenant.api.get('/v1/cdrs?from=2026-06-02T00:00:00Z&to=2026-06-01T00:00:00Z');
    const notADate = await tenant.api.get('/v1/cdrs?from=yesterday');
    const unknown = await tenant.api.get('/v1/cdrs/01JD8X3Q4M5N6P7R8S9T0V1W2X-7');
    const malformed = await tenant.api.get('/v1/cdrs/not a cdr');

    // Assess
    expect([badCursor.status, badCursor.body.error.code]).toEqual([400, 'invalid_request']);
    expect(reversed.status).toBe(400);
    expect(reversed.body.error.message).toContain('query.to');
    expect(notADate.status).toBe(400);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not_found');
    expect(malformed.status).toBe(400);
  });
});
