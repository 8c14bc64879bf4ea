import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionTenant } from '../support/api-client.ts';
import { startTestRuntime } from '../support/local-runtime.ts';
import { connectCharger } from '../support/ocpp-client.ts';

/*
 * A session keeps what its charger said the EV did — 1.6 StatusNotification during the transaction, 2.0.1
 * `chargingState` — and GET /v1/sessions/{id} shows it (`chargingStates`): billing's parking time.
 */
describe('charging states of sessions, over real sockets', () => {
  let env: Awaited<ReturnType<typeof startTestRuntime>>;
  beforeAll(async () => {
    env = await startTestRuntime();
  });
  afterAll(() => env.stop());

  const t = (hhmm: string) => `2026-01-10T${hhmm}:00.000Z`;

  it('OCPP 1.6: Charging, SuspendedEV (the car is full), Finishing, the stop; statuses after it are no state', async () => {
    // Prepare
    const { runtime } = env;
    const tenant = await provisionTenant(runtime.apiUrl, runtime.adminKey, ['CP-16']);
    const client = await connectCharger({
      ocppUrl: runtime.ocppUrl,
      tenantId: tenant.tenantId,
      chargerId: 'CP-16',
      password: tenant.chargers['CP-16']!.password,
      protocols: ['ocpp1.6'],
    });
    const status = (status: string, hhmm: string) =>
      client.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status, timestamp: t(hhmm) });

    // Act
    await status('Preparing', '09:59');
    const { transactionId } = await client.call('StartTransaction', {
      connectorId: 1,
      idTag: 'TAG-16',
      meterStart: 0,
      timestamp: t('10:00'),
    });
    await status('Charging', '10:00');
    await status('SuspendedEV', '11:00');
    await status('Finishing', '11:29');
    await client.call('StopTransaction', { transactionId, meterStop: 20_000, timestamp: t('11:30') });
    await status('Available', '11:31');
    // The next EV plugged in before any start: the ended session's window is over.
    await status('Charging', '11:40');
    await client.close();

    // Assess
    const [listed] = (await tenant.api.get('/v1/sessions?chargerId=CP-16')).body.items;
    const session = await tenant.api.get(`/v1/sessions/${listed.sessionId}`);
    expect(session.status).toBe(200);
    expect(session.body).toMatchObject({ status: 'Completed', energyWh: 20_000 });
    expect(session.body.chargingStates).toEqual([
      { at: t('10:00'), state: 'Charging' },
      { at: t('11:00'), state: 'SuspendedEV' },
      { at: t('11:29'), state: 'Finishing' },
    ]);
  });

  it('OCPP 2.0.1: chargingState of the transaction events, each change once', async () => {
    // Prepare
    const { runtime } = env;
    const tenant = await provisionTenant(runtime.apiUrl, runtime.adminKey, ['CP-201']);
    const client = await connectCharger({
      ocppUrl: runtime.ocppUrl,
      tenantId: tenant.tenantId,
      chargerId: 'CP-201',
      password: tenant.chargers['CP-201']!.password,
    });
    const event = (
      eventType: 'Started' | 'Updated' | 'Ended',
      seqNo: number,
      hhmm: string,
      chargingState: string,
      wh: number,
    ) =>
      client.call('TransactionEvent', {
        eventType,
        timestamp: t(hhmm),
        triggerReason: eventType === 'Started' ? 'CablePluggedIn' : 'ChargingStateChanged',
        seqNo,
        ...(eventType === 'Started' && { evse: { id: 1, connectorId: 1 } }),
        transactionInfo: {
          transactionId: 'TX-STATES',
          chargingState,
          ...(eventType === 'Ended' && { stoppedReason: 'EVDisconnected' }),
        },
        meterValue: [
          {
            timestamp: t(hhmm),
            sampledValue: [{ measurand: 'Energy.Active.Import.Register', value: wh }],
          },
        ],
      });

    // Act
    await event('Started', 0, '10:00', 'EVConnected', 0);
    await event('Updated', 1, '10:01', 'Charging', 0);
    await event('Updated', 2, '10:30', 'Charging', 11_000);
    await event('Updated', 3, '11:00', 'SuspendedEV', 22_000);
    // A repeat (the answer was lost): nothing new.
    await event('Updated', 3, '11:00', 'SuspendedEV', 22_000);
    await event('Ended', 4, '11:40', 'EVConnected', 22_000);
    await client.close();

    // Assess
    const [listed] = (await tenant.api.get('/v1/sessions?chargerId=CP-201')).body.items;
    const session = await tenant.api.get(`/v1/sessions/${listed.sessionId}`);
    expect(session.status).toBe(200);
    expect(session.body).toMatchObject({ status: 'Completed', energyWh: 22_000 });
    expect(session.body.chargingStates).toEqual([
      { at: t('10:00'), state: 'EVConnected' },
      { at: t('10:01'), state: 'Charging' },
      { at: t('11:00'), state: 'SuspendedEV' },
    ]);
  });
});
