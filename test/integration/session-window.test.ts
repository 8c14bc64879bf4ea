import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionTenant } from '../support/api-client.ts';
import { startTestRuntime } from '../support/local-runtime.ts';
import { connectCharger } from '../support/ocpp-client.ts';

/**
 * Hardening items 7–9 over real sockets: a finished session's energy and times change only by legitimate late
 * data (a new version, billed as the latest), charger clocks are bounded, and schema-valid input that used to
 * throw is answered (a leap second) or refused with the right CALLERROR, writing nothing (ids).
 */

const at = (hhmm: string) => `2026-03-02T${hhmm}:00.000Z`;

const energy16 = (value: number) => ({
  value: String(value),
  measurand: 'Energy.Active.Import.Register',
  unit: 'Wh',
});

const energy201 = (value: number) => ({
  measurand: 'Energy.Active.Import.Register',
  value,
  unitOfMeasure: { unit: 'Wh' },
});

describe('sessions: window, versions, bounded clocks, bounded ids', () => {
  let env: Awaited<ReturnType<typeof startTestRuntime>>;
  beforeAll(async () => {
    env = await startTestRuntime();
  });
  afterAll(() => env.stop());

  const connect = async (
    tenant: Awaited<ReturnType<typeof provisionTenant>>,
    chargerId: string,
    version: 'ocpp1.6' | 'ocpp2.0.1',
  ) =>
    connectCharger({
      ocppUrl: env.runtime.ocppUrl,
      tenantId: tenant.tenantId,
      chargerId,
      password: tenant.chargers[chargerId]!.password,
      protocols: [version],
    });

  const eventsOf = (tenantId: string, detailType: string) =>
    env.runtime.eventBridge.events
      .filter(
        (event) =>
          (event.detail as { tenantId?: string }).tenantId === tenantId &&
          event['detail-type'] === detailType,
      )
      .map((event) => event.detail as Record<string, unknown>);

  const billingOf = (tenantId: string) =>
    env.runtime.stepFunctions
      .listExecutions('billing')
      .filter(
        (execution) => (execution.input as { detail: { tenantId: string } }).detail.tenantId === tenantId,
      )
      .map((execution) => (execution.output as { billing: unknown }).billing);

  /** The CALLERROR code a call is answered with (undefined: it was answered). */
  const errorCodeOf = async (call: Promise<unknown>) =>
    call.then(
      () => undefined,
      (error: { rpcErrorCode?: string }) => error.rpcErrorCode,
    );

  it('1.6: a second stop, meter values after the stop or before the start change neither energy nor times', async () => {
    // Prepare
    const { runtime } = env;
    const tenant = await provisionTenant(runtime.apiUrl, runtime.adminKey, ['CP-W16']);
    const client = await connect(tenant, 'CP-W16', 'ocpp1.6');
    const { transactionId } = await client.call('StartTransaction', {
      connectorId: 1,
      idTag: 'TAG-W',
      meterStart: 10_000,
      timestamp: at('08:00'),
    });
    const meterValues = (hhmm: string, wh: number) =>
      client.call('MeterValues', {
        connectorId: 1,
        transactionId,
        meterValue: [{ timestamp: at(hhmm), sampledValue: [energy16(wh)] }],
      });
    await meterValues('08:30', 15_000);
    await client.call('StopTransaction', { transactionId, meterStop: 20_000, timestamp: at('09:00') });
    await runtime.settled();
    const sessionId = (await tenant.api.get('/v1/sessions')).body.items[0].sessionId as string;
    const billed = await tenant.api.get(`/v1/sessions/${sessionId}`);

    // Act
    const secondStop = await client.call('StopTransaction', {
      transactionId,
      meterStop: 99_000,
      timestamp: at('09:01'),
    });
    await meterValues('09:30', 50_000);
    await meterValues('07:30', 0);
    await runtime.settled();
    const after = await tenant.api.get(`/v1/sessions/${sessionId}`);

    // Assess
    expect(billed.body).toMatchObject({ energyWh: 10_000, startedAt: at('08:00'), endedAt: at('09:00') });
    expect(secondStop).toEqual({});
    expect(after.body).toMatchObject({
      status: 'Completed',
      energyWh: 10_000,
      startedAt: at('08:00'),
      endedAt: at('09:00'),
      meterStartWh: 10_000,
      meterStopWh: 20_000,
      version: 1,
    });
    // Kept, flagged; the second stop's reading is not kept (the discrepancy event holds it).
    expect(
      after.body.meterValues.map((value: { timestamp: string; outOfWindow?: true }) => [
        value.timestamp,
        value.outOfWindow ?? false,
      ]),
    ).toEqual([
      [at('07:30'), true],
      [at('08:00'), false],
      [at('08:30'), false],
      [at('09:00'), false],
      [at('09:30'), true],
    ]);
    expect(eventsOf(tenant.tenantId, 'SessionDiscrepancyDetected.v1')).toEqual([
      expect.objectContaining({
        sessionId,
        kind: 'conflictingEnd',
        recorded: expect.objectContaining({ at: at('09:00'), meterStopWh: 20_000 }),
        received: expect.objectContaining({ at: at('09:01'), meterStopWh: 99_000 }),
      }),
    ]);
    expect(eventsOf(tenant.tenantId, 'SessionCorrected.v1')).toEqual([]);
    expect(billingOf(tenant.tenantId)).toEqual([
      { sessionId, status: 'BILLED', sessionVersion: 1, cdrIds: [`${sessionId}-1`] },
    ]);
    await client.close();
  });

  it('2.0.1: Ended (seq 5) before Started (seq 0) makes version 2, one correction, and billing bills it', async () => {
    // Prepare
    const { runtime } = env;
    const tenant = await provisionTenant(runtime.apiUrl, runtime.adminKey, ['CP-W201']);
    const client = await connect(tenant, 'CP-W201', 'ocpp2.0.1');
    const event = (eventType: string, seqNo: number, hhmm: string, wh: number) => ({
      eventType,
      timestamp: at(hhmm),
      triggerReason: eventType === 'Ended' ? 'StopAuthorized' : 'MeterValuePeriodic',
      seqNo,
      transactionInfo: { transactionId: 'TX-W', ...(eventType === 'Ended' && { stoppedReason: 'Local' }) },
      ...(eventType === 'Started' && { evse: { id: 1, connectorId: 1 } }),
      meterValue: [{ timestamp: at(hhmm), sampledValue: [energy201(wh)] }],
    });

    // Act
    await client.call('TransactionEvent', event('Ended', 5, '09:00', 14_000));
    await runtime.settled();
    const endedFirst = (await tenant.api.get('/v1/sessions')).body.items[0];
    await client.call('TransactionEvent', event('Started', 0, '08:00', 10_000));
    await runtime.settled();
    const corrected = await tenant.api.get(`/v1/sessions/${endedFirst.sessionId}`);
    await client.call('TransactionEvent', event('Updated', 6, '09:30', 50_000));
    await runtime.settled();
    const afterUpdate = await tenant.api.get(`/v1/sessions/${endedFirst.sessionId}`);

    // Assess
    expect(endedFirst).toMatchObject({ energyWh: 0, version: 1 });
    expect(corrected.body).toMatchObject({
      status: 'Completed',
      startedAt: at('08:00'),
      endedAt: at('09:00'),
      energyWh: 4000,
      evseId: 1,
      version: 2,
    });
    expect(afterUpdate.body).toMatchObject({ energyWh: 4000, version: 2 });
    expect(eventsOf(tenant.tenantId, 'SessionCorrected.v1')).toEqual([
      expect.objectContaining({
        sessionId: endedFirst.sessionId,
        version: 2,
        energyWh: 4000,
        previous: expect.objectContaining({ version: 1, energyWh: 0 }),
      }),
    ]);
    // The end's billing read the session as stored then (version 1); the correction credits that CDR and bills
    // version 2.
    const id = endedFirst.sessionId as string;
    expect(billingOf(tenant.tenantId)).toEqual([
      { sessionId: id, status: 'BILLED', sessionVersion: 1, cdrIds: [`${id}-1`] },
      { sessionId: id, status: 'BILLED', sessionVersion: 2, cdrIds: [`${id}-1-CR`, `${id}-2`] },
    ]);
    await client.close();
  });

  it('bounds charger clocks: a status dated 9999 and a start dated 2099 take the time received', async () => {
    // Prepare
    const { runtime } = env;
    const tenant = await provisionTenant(runtime.apiUrl, runtime.adminKey, ['CP-CLK']);
    const client = await connect(tenant, 'CP-CLK', 'ocpp1.6');
    const status = (status: string, timestamp?: string) =>
      client.call('StatusNotification', {
        connectorId: 1,
        errorCode: 'NoError',
        status,
        ...(timestamp && { timestamp }),
      });
    const sentAt = Date.now();

    // Act
    await status('Faulted', '9999-12-31T23:59:59.000Z');
    await status('Available', new Date().toISOString());
    const { transactionId } = await client.call('StartTransaction', {
      connectorId: 1,
      idTag: 'TAG-CLK',
      meterStart: 0,
      timestamp: '2099-01-01T00:00:00.000Z',
    });
    await runtime.settled();
    const charger = await tenant.api.get('/v1/chargers/CP-CLK');
    const sessions = await tenant.api.get('/v1/sessions');

    // Assess
    expect(transactionId).toBe(1);
    expect(charger.body.connectors).toEqual([
      expect.objectContaining({ connectorId: 1, status: 'Available' }),
    ]);
    const startedAt = Date.parse(sessions.body.items[0].startedAt);
    expect(startedAt).toBeGreaterThanOrEqual(sentAt - 1000);
    expect(startedAt).toBeLessThanOrEqual(Date.now());
    await client.close();
  });

  it('answers leap-second timestamps in 2.0.1 TransactionEvent and StatusNotification of both versions', async () => {
    // Prepare
    const { runtime } = env;
    const tenant = await provisionTenant(runtime.apiUrl, runtime.adminKey, ['CP-L16', 'CP-L201']);
    const v16 = await connect(tenant, 'CP-L16', 'ocpp1.6');
    const v201 = await connect(tenant, 'CP-L201', 'ocpp2.0.1');
    const leap = '2016-12-31T23:59:60Z';

    // Act
    const status16 = await v16.call('StatusNotification', {
      connectorId: 1,
      errorCode: 'NoError',
      status: 'Available',
      timestamp: leap,
    });
    const status201 = await v201.call('StatusNotification', {
      timestamp: leap,
      connectorStatus: 'Available',
      evseId: 1,
      connectorId: 1,
    });
    const transaction = await v201.call('TransactionEvent', {
      eventType: 'Started',
      timestamp: leap,
      triggerReason: 'CablePluggedIn',
      seqNo: 0,
      transactionInfo: { transactionId: 'TX-LEAP' },
      evse: { id: 1, connectorId: 1 },
      meterValue: [{ timestamp: leap, sampledValue: [energy201(5)] }],
    });
    await runtime.settled();

    // Assess
    expect([status16, status201, transaction]).toEqual([{}, {}, {}]);
    const connectorsOf = async (chargerId: string) =>
      (await tenant.api.get(`/v1/chargers/${chargerId}`)).body.connectors;
    expect(await connectorsOf('CP-L16')).toEqual([
      expect.objectContaining({ statusAt: '2016-12-31T23:59:59.999Z' }),
    ]);
    expect(await connectorsOf('CP-L201')).toEqual([
      expect.objectContaining({ statusAt: '2016-12-31T23:59:59.999Z' }),
    ]);
    expect((await tenant.api.get('/v1/sessions')).body.items).toEqual([
      expect.objectContaining({ chargerId: 'CP-L201', startedAt: '2016-12-31T23:59:59.999Z' }),
    ]);
    await v16.close();
    await v201.close();
  });

  it('refuses negative or huge connector / EVSE ids with PropertyConstraintViolation and writes nothing', async () => {
    // Prepare
    const { runtime } = env;
    const tenant = await provisionTenant(runtime.apiUrl, runtime.adminKey, ['CP-I16', 'CP-I201']);
    const v16 = await connect(tenant, 'CP-I16', 'ocpp1.6');
    const v201 = await connect(tenant, 'CP-I201', 'ocpp2.0.1');
    const status16 = (connectorId: number) =>
      v16.call('StatusNotification', { connectorId, errorCode: 'NoError', status: 'Available' });
    const start16 = (connectorId: number) =>
      v16.call('StartTransaction', {
        connectorId,
        idTag: 'TAG-I',
        meterStart: 0,
        timestamp: at('08:00'),
      });
    const status201 = (evseId: number, connectorId: number) =>
      v201.call('StatusNotification', {
        timestamp: at('08:00'),
        connectorStatus: 'Available',
        evseId,
        connectorId,
      });
    const transaction201 = (evse: { id: number; connectorId?: number }, seqNo = 0) =>
      v201.call('TransactionEvent', {
        eventType: 'Started',
        timestamp: at('08:00'),
        triggerReason: 'CablePluggedIn',
        seqNo,
        transactionInfo: { transactionId: 'TX-I' },
        evse,
      });

    // Act
    const codes = [
      await errorCodeOf(status16(-5)),
      await errorCodeOf(status16(1e300)),
      await errorCodeOf(start16(-5)),
      await errorCodeOf(start16(1e300)),
      await errorCodeOf(v16.call('MeterValues', { connectorId: 1e300, meterValue: [] as unknown[] })),
      await errorCodeOf(status201(-5, 1)),
      await errorCodeOf(status201(1, 1e300)),
      await errorCodeOf(transaction201({ id: -1 })),
      await errorCodeOf(transaction201({ id: 1e300 })),
      await errorCodeOf(transaction201({ id: 1, connectorId: -2 })),
      await errorCodeOf(transaction201({ id: 1 }, 1e300)),
    ];
    await runtime.settled();

    // Assess
    expect(codes).toEqual(Array(11).fill('PropertyConstraintViolation'));
    expect((await tenant.api.get('/v1/chargers/CP-I16')).body.connectors).toEqual([]);
    expect((await tenant.api.get('/v1/chargers/CP-I201')).body.connectors).toEqual([]);
    expect((await tenant.api.get('/v1/sessions')).body.items).toEqual([]);
    await v16.close();
    await v201.close();
  });
});
