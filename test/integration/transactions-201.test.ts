import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventCatalog } from '../../shared/events/catalog.ts';
import { provisionTenant } from '../support/api-client.ts';
import { startTestRuntime } from '../support/local-runtime.ts';
import { connectCharger } from '../support/ocpp-client.ts';

const energy = (value: number, unit = 'Wh') => ({
  measurand: 'Energy.Active.Import.Register',
  value,
  unitOfMeasure: { unit },
});

/** A 2.0.1 TransactionEvent as a charger sends it; `overrides` replace top-level fields. */
const aTransactionEvent = (
  eventType: 'Started' | 'Updated' | 'Ended',
  seqNo: number,
  timestamp: string,
  overrides: Record<string, unknown> = {},
) => ({
  eventType,
  timestamp,
  triggerReason:
    eventType === 'Started' ? 'Authorized' : eventType === 'Ended' ? 'StopAuthorized' : 'MeterValuePeriodic',
  seqNo,
  transactionInfo: { transactionId: 'TX-1', ...(eventType === 'Ended' && { stoppedReason: 'Local' }) },
  ...overrides,
});

describe('OCPP 2.0.1 transactions become sessions in the API and start billing', () => {
  let env: Awaited<ReturnType<typeof startTestRuntime>>;
  beforeAll(async () => {
    env = await startTestRuntime();
  });
  afterAll(() => env.stop());

  it('Authorize → Started → Updated → Ended: the session with energy, times, token and meter values', async () => {
    // Prepare
    const { runtime } = env;
    const tenant = await provisionTenant(runtime.apiUrl, runtime.adminKey, ['CP-1']);
    expect((await tenant.api.put('/v1/id-tokens/tag-1', { status: 'Accepted' })).status).toBe(201);
    const client = await connectCharger({
      ocppUrl: runtime.ocppUrl,
      tenantId: tenant.tenantId,
      chargerId: 'CP-1',
      password: tenant.chargers['CP-1']!.password,
    });
    const idToken = { idToken: 'TAG-1', type: 'ISO14443' };

    // Act
    const authorized = await client.call('Authorize', { idToken });
    const started = await client.call(
      'TransactionEvent',
      aTransactionEvent('Started', 0, '2026-01-10T10:00:00.000Z', {
        evse: { id: 1, connectorId: 1 },
        idToken,
        meterValue: [{ timestamp: '2026-01-10T10:00:00.000Z', sampledValue: [energy(1000)] }],
      }),
    );
    const updated = await client.call(
      'TransactionEvent',
      aTransactionEvent('Updated', 1, '2026-01-10T10:30:00.000Z', {
        meterValue: [
          { timestamp: '2026-01-10T10:15:00.000Z', sampledValue: [energy(3.5, 'kWh')] },
          {
            timestamp: '2026-01-10T10:30:00.000Z',
            sampledValue: [
              energy(6000),
              { measurand: 'Power.Active.Import', value: 11000, unitOfMeasure: { unit: 'W' } },
            ],
          },
        ],
      }),
    );
    const ended = await client.call(
      'TransactionEvent',
      aTransactionEvent('Ended', 2, '2026-01-10T12:00:00+01:00', {
        idToken,
        meterValue: [{ timestamp: '2026-01-10T10:59:59.000Z', sampledValue: [energy(8.25, 'kWh')] }],
      }),
    );
    await runtime.settled();

    // Assess
    expect(authorized).toEqual({ idTokenInfo: { status: 'Accepted' } });
    expect(started).toEqual({ idTokenInfo: { status: 'Accepted' } });
    expect(updated).toEqual({});
    // I03: no tariff applies, so the final cost is 0.00 ("to indicate a free transaction").
    expect(ended).toEqual({ idTokenInfo: { status: 'Accepted' }, totalCost: 0 });

    const listed = await tenant.api.get('/v1/sessions?chargerId=CP-1&status=Completed');
    expect(listed.status).toBe(200);
    expect(listed.body.items).toHaveLength(1);
    const sessionId = listed.body.items[0].sessionId as string;
    const session = await tenant.api.get(`/v1/sessions/${sessionId}`);
    expect(session.status).toBe(200);
    expect(session.body).toEqual({
      sessionId,
      chargerId: 'CP-1',
      chargerTransactionId: 'TX-1',
      transactionId: 'TX-1',
      evseId: 1,
      connectorId: 1,
      idToken: 'TAG-1',
      idTokenType: 'ISO14443',
      status: 'Completed',
      startedAt: '2026-01-10T10:00:00.000Z',
      endedAt: '2026-01-10T11:00:00.000Z',
      stoppedReason: 'Local',
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
          sampledValues: [{ value: 1000, measurand: 'Energy.Active.Import.Register', unit: 'Wh' }],
        },
        {
          timestamp: '2026-01-10T10:15:00.000Z',
          seqNo: 1,
          sampledValues: [{ value: 3.5, measurand: 'Energy.Active.Import.Register', unit: 'kWh' }],
        },
        {
          timestamp: '2026-01-10T10:30:00.000Z',
          seqNo: 1,
          sampledValues: [
            { value: 6000, measurand: 'Energy.Active.Import.Register', unit: 'Wh' },
            { value: 11000, measurand: 'Power.Active.Import', unit: 'W' },
          ],
        },
        {
          timestamp: '2026-01-10T10:59:59.000Z',
          seqNo: 2,
          sampledValues: [{ value: 8.25, measurand: 'Energy.Active.Import.Register', unit: 'kWh' }],
        },
      ],
    });
    expect((await tenant.api.get('/v1/sessions?status=Active')).body.items).toEqual([]);

    const types = runtime.eventBridge.events
      .filter((event) => (event.detail as { tenantId?: string }).tenantId === tenant.tenantId)
      .map((event) => event['detail-type']);
    expect(types).toEqual(
      expect.arrayContaining([
        eventCatalog.transactionStarted.detailType,
        eventCatalog.transactionEnded.detailType,
      ]),
    );
    const billing = runtime.stepFunctions
      .listExecutions('billing')
      .filter(
        (execution) =>
          (execution.input as { detail: { tenantId: string } }).detail.tenantId === tenant.tenantId,
      );
    expect(
      billing.map((execution) => [execution.status, (execution.output as { billing: unknown }).billing]),
    ).toEqual([
      ['SUCCEEDED', { sessionId, status: 'BILLED', sessionVersion: 1, cdrIds: [`${sessionId}-1`] }],
    ]);
    await client.close();
  });

  it('a repeated Ended changes nothing stored; billing is asked again and bills the session once', async () => {
    // Prepare
    const { runtime } = env;
    const tenant = await provisionTenant(runtime.apiUrl, runtime.adminKey, ['CP-R']);
    const client = await connectCharger({
      ocppUrl: runtime.ocppUrl,
      tenantId: tenant.tenantId,
      chargerId: 'CP-R',
      password: tenant.chargers['CP-R']!.password,
    });
    const ended = aTransactionEvent('Ended', 1, '2026-03-01T09:00:00.000Z', {
      meterValue: [{ timestamp: '2026-03-01T09:00:00.000Z', sampledValue: [energy(500)] }],
    });
    await client.call(
      'TransactionEvent',
      aTransactionEvent('Started', 0, '2026-03-01T08:00:00.000Z', {
        evse: { id: 1, connectorId: 1 },
        meterValue: [{ timestamp: '2026-03-01T08:00:00.000Z', sampledValue: [energy(100)] }],
      }),
    );
    await client.call('TransactionEvent', ended);
    await runtime.settled();
    const [listed] = (await tenant.api.get('/v1/sessions')).body.items;
    const before = await tenant.api.get(`/v1/sessions/${listed.sessionId}`);

    // Act
    const answer = await client.call('TransactionEvent', ended);
    await runtime.settled();

    // Assess
    expect(answer).toEqual({ totalCost: 0 });
    const after = await tenant.api.get(`/v1/sessions/${listed.sessionId}`);
    expect(after.body).toEqual(before.body);
    expect(after.body).toMatchObject({ status: 'Completed', energyWh: 400 });
    const billing = runtime.stepFunctions
      .listExecutions('billing')
      .filter(
        (execution) =>
          (execution.input as { detail: { tenantId: string } }).detail.tenantId === tenant.tenantId,
      )
      .map((execution) => (execution.output as { billing: { status: string } }).billing.status);
    expect(billing).toEqual(['BILLED', 'ALREADY_BILLED']);
    await client.close();
  });

  it('two tenants with the same token and charger id never see each other’s tokens or sessions', async () => {
    // Prepare
    const { runtime } = env;
    const alpha = await provisionTenant(runtime.apiUrl, runtime.adminKey, ['CP-SAME']);
    const beta = await provisionTenant(runtime.apiUrl, runtime.adminKey, ['CP-SAME']);
    await alpha.api.put('/v1/id-tokens/TAG-1', { status: 'Accepted' });
    await beta.api.put('/v1/id-tokens/TAG-1', { status: 'Blocked' });
    const idToken = { idToken: 'TAG-1', type: 'ISO14443' };
    const chargeOnce = async (tenant: typeof alpha, wh: number) => {
      const client = await connectCharger({
        ocppUrl: runtime.ocppUrl,
        tenantId: tenant.tenantId,
        chargerId: 'CP-SAME',
        password: tenant.chargers['CP-SAME']!.password,
      });
      const answers = [
        await client.call('Authorize', { idToken }),
        await client.call(
          'TransactionEvent',
          aTransactionEvent('Started', 0, '2026-02-01T08:00:00.000Z', {
            evse: { id: 1, connectorId: 1 },
            idToken,
            meterValue: [{ timestamp: '2026-02-01T08:00:00.000Z', sampledValue: [energy(0)] }],
          }),
        ),
        await client.call(
          'TransactionEvent',
          aTransactionEvent('Ended', 1, '2026-02-01T09:00:00.000Z', {
            meterValue: [{ timestamp: '2026-02-01T09:00:00.000Z', sampledValue: [energy(wh)] }],
          }),
        ),
      ];
      await client.close();
      return answers;
    };

    // Act
    const alphaAnswers = await chargeOnce(alpha, 1111);
    const betaAnswers = await chargeOnce(beta, 2222);
    const alphaSessions = await alpha.api.get('/v1/sessions?chargerId=CP-SAME');
    const betaSessions = await beta.api.get('/v1/sessions?chargerId=CP-SAME');

    // Assess
    expect(alphaAnswers.map((answer) => answer.idTokenInfo?.status)).toEqual([
      'Accepted',
      'Accepted',
      undefined,
    ]);
    expect(betaAnswers.map((answer) => answer.idTokenInfo?.status)).toEqual([
      'Blocked',
      'Blocked',
      undefined,
    ]);
    expect((await alpha.api.get('/v1/id-tokens/tag-1')).body.status).toBe('Accepted');
    expect((await beta.api.get('/v1/id-tokens/tag-1')).body.status).toBe('Blocked');
    expect(alphaSessions.body.items.map((session: { energyWh: number }) => session.energyWh)).toEqual([1111]);
    expect(betaSessions.body.items.map((session: { energyWh: number }) => session.energyWh)).toEqual([2222]);
    const [alphaId, betaId] = [alphaSessions.body.items[0].sessionId, betaSessions.body.items[0].sessionId];
    expect(alphaId).not.toBe(betaId);
    expect((await alpha.api.get(`/v1/sessions/${betaId}`)).status).toBe(404);
    expect((await beta.api.get(`/v1/sessions/${alphaId}`)).status).toBe(404);
  });
});
