import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionTenant } from '../support/api-client.ts';
import { startTestRuntime } from '../support/local-runtime.ts';
import { connectCharger } from '../support/ocpp-client.ts';

/*
 * Cost on the charger over real sockets (ocpp-rpc strict clients: every payload checked against the OCA
 * schemas both ways): 2.0.1 tariff text, running and final cost; 1.6 California Pricing DataTransfers.
 */

/** 0.25 per kWh excl. VAT, 20 % VAT: 7.25 kWh cost 1.8125 (1.81) excl. and 2.175 (2.18) incl. VAT; VAT 0.37. */
const energyTariff = {
  currency: 'EUR',
  default: true,
  tariff_alt_text: [
    { language: 'en', text: 'EUR 0.30/kWh incl. VAT' },
    { language: 'de', text: 'EUR 0,30/kWh inkl. MwSt.' },
  ],
  elements: [{ price_components: [{ type: 'ENERGY', price: 0.25, vat: 20, step_size: 1 }] }],
};

const energy201 = (value: number) => ({
  measurand: 'Energy.Active.Import.Register',
  value,
  unitOfMeasure: { unit: 'Wh' },
});

const transactionEvent = (
  eventType: 'Started' | 'Updated' | 'Ended',
  seqNo: number,
  timestamp: string,
  wh: number,
  extra: Record<string, unknown> = {},
) => ({
  eventType,
  timestamp,
  triggerReason:
    eventType === 'Started' ? 'Authorized' : eventType === 'Ended' ? 'StopAuthorized' : 'MeterValuePeriodic',
  seqNo,
  transactionInfo: { transactionId: 'TX-COST', ...(eventType === 'Ended' && { stoppedReason: 'Local' }) },
  meterValue: [{ timestamp, sampledValue: [energy201(wh)] }],
  ...extra,
});

describe('cost on the charger', () => {
  let env: Awaited<ReturnType<typeof startTestRuntime>>;
  beforeAll(async () => {
    // Sessions start after their tariff's PUT and last an hour: charger times up to a day ahead are kept.
    env = await startTestRuntime({ environment: { MAX_CHARGER_CLOCK_SKEW_SECONDS: '86400' } });
  });

  /** Charger times from a second after now (after the tariff's PUT), in minutes. */
  const sessionTimes = () => {
    const start = Date.now() + 1000;
    return (minutes: number) => new Date(start + minutes * 60_000).toISOString();
  };
  afterAll(() => env.stop());

  it('2.0.1: tariff text at Authorize and Started, running cost when due, the final cost at Ended', async () => {
    // Prepare
    const { runtime } = env;
    const tenant = await provisionTenant(runtime.apiUrl, runtime.adminKey, ['CP-201']);
    expect((await tenant.api.put('/v1/tariffs/energy', energyTariff)).status).toBe(201);
    expect((await tenant.api.put('/v1/id-tokens/TAG-201', { status: 'Accepted' })).status).toBe(201);
    const at = sessionTimes();
    const client = await connectCharger({
      ocppUrl: runtime.ocppUrl,
      tenantId: tenant.tenantId,
      chargerId: 'CP-201',
      password: tenant.chargers['CP-201']!.password,
    });
    const idToken = { idToken: 'TAG-201', type: 'ISO14443' };

    // Act
    const authorized = await client.call('Authorize', { idToken });
    const started = await client.call(
      'TransactionEvent',
      transactionEvent('Started', 0, at(0), 1000, { idToken, evse: { id: 1, connectorId: 1 } }),
    );
    const firstSample = await client.call('TransactionEvent', transactionEvent('Updated', 1, at(30), 5000));
    const tooSoon = await client.call('TransactionEvent', transactionEvent('Updated', 2, at(31), 5100));
    const ended = await client.call('TransactionEvent', transactionEvent('Ended', 3, at(60), 8250));
    const repeated = await client.call('TransactionEvent', transactionEvent('Ended', 3, at(60), 8250));
    await client.close();

    // Assess
    const personalMessage = { format: 'UTF8', language: 'en', content: 'EUR 0.30/kWh incl. VAT' };
    expect(authorized).toEqual({ idTokenInfo: { status: 'Accepted', personalMessage } });
    expect(started).toEqual({ idTokenInfo: { status: 'Accepted', personalMessage } });
    // 4 kWh so far: 1.00 + 0.20 VAT.
    expect(firstSample).toEqual({ totalCost: 1.2 });
    expect(tooSoon).toEqual({});
    // 7.25 kWh: 2.175 incl. VAT, rounded once to 2.18; a repeated Ended gets the same.
    expect(ended).toEqual({ totalCost: 2.18 });
    expect(repeated).toEqual({ totalCost: 2.18 });
    const priced = await tenant.api.post('/v1/tariffs/energy/price', {
      start_date_time: at(0),
      end_date_time: at(60),
      charging_periods: [
        {
          start_date_time: at(0),
          dimensions: [
            { type: 'ENERGY', volume: 7.25 },
            { type: 'TIME', volume: 1 },
          ],
        },
      ],
    });
    expect(priced.body.total_cost.incl_vat).toBe(ended.totalCost);
  });

  it('1.6: a charger that declares California Pricing gets SetUserPrice, RunningCost, then FinalCost after StopTransaction', async () => {
    // Prepare
    const { runtime } = env;
    const tenant = await provisionTenant(runtime.apiUrl, runtime.adminKey, ['CP-16']);
    expect((await tenant.api.put('/v1/tariffs/energy', energyTariff)).status).toBe(201);
    expect((await tenant.api.put('/v1/id-tokens/TAG-16', { status: 'Accepted' })).status).toBe(201);
    const at = sessionTimes();
    const client = await connectCharger({
      ocppUrl: runtime.ocppUrl,
      tenantId: tenant.tenantId,
      chargerId: 'CP-16',
      password: tenant.chargers['CP-16']!.password,
      protocols: ['ocpp1.6'],
    });
    const received: { messageId?: string; data: Record<string, unknown> }[] = [];
    /** What reached the charger, in order: its answers and the cost messages. */
    const order: string[] = [];
    const arrived: Promise<void>[] = [];
    let arrive: () => void = () => undefined;
    arrived.push(new Promise((resolve) => (arrive = resolve)));
    client.raw.handle(
      'GetConfiguration',
      () =>
        ({
          configurationKey: [{ key: 'CustomDisplayCostAndPrice', readonly: true, value: 'true' }],
        }) as never,
    );
    client.raw.handle('DataTransfer', ({ params }) => {
      const request = params as { messageId?: string; data?: string };
      received.push({ messageId: request.messageId, data: JSON.parse(request.data ?? '{}') });
      order.push(request.messageId ?? '');
      arrive();
      arrived.push(new Promise((resolve) => (arrive = resolve)));
      return { status: 'Accepted' } as never;
    });
    // The charger declares the extension: its answer is stored as its configuration.
    const declared = await tenant.api.post('/v1/chargers/CP-16/commands/get-configuration', {
      keys: ['CustomDisplayCostAndPrice'],
    });
    expect(declared.status).toBe(200);

    // Act
    const authorized = await client.call('Authorize', { idTag: 'TAG-16' });
    order.push('Authorize.conf');
    await arrived[0];
    const { transactionId } = await client.call('StartTransaction', {
      connectorId: 1,
      idTag: 'TAG-16',
      meterStart: 1000,
      timestamp: at(0),
    });
    await client.call('MeterValues', {
      connectorId: 1,
      transactionId,
      meterValue: [
        {
          timestamp: at(30),
          sampledValue: [{ value: '5000', measurand: 'Energy.Active.Import.Register', unit: 'Wh' }],
        },
      ],
    });
    order.push('MeterValues.conf');
    await arrived[1];
    const stopped = await client.call('StopTransaction', {
      transactionId,
      meterStop: 8250,
      timestamp: at(60),
      reason: 'Local',
    });
    order.push('StopTransaction.conf');
    await arrived[2];
    await client.close();

    // Assess
    expect(authorized.idTagInfo.status).toBe('Accepted');
    expect(stopped).toEqual({});
    // Each cost message after the answer to the charger's CALL (queued once the answer is out).
    expect(order).toEqual([
      'Authorize.conf',
      'SetUserPrice',
      'MeterValues.conf',
      'RunningCost',
      'StopTransaction.conf',
      'FinalCost',
    ]);
    expect(received).toEqual([
      {
        messageId: 'SetUserPrice',
        data: {
          idToken: 'TAG-16',
          priceText: 'EUR 0.30/kWh incl. VAT',
          priceTextExtra: [{ format: 'UTF8', language: 'de', content: 'EUR 0,30/kWh inkl. MwSt.' }],
        },
      },
      {
        // 4 kWh so far, energy flowing; the unit prices incl. VAT.
        messageId: 'RunningCost',
        data: {
          transactionId,
          timestamp: at(30),
          meterValue: 5000,
          cost: 1.2,
          state: 'Charging',
          chargingPrice: { kWhPrice: 0.3 },
        },
      },
      {
        messageId: 'FinalCost',
        data: {
          transactionId,
          cost: 2.18,
          priceText: 'TOTAL EUR 2.18 incl. VAT EUR 0.37 - ENERGY 7.25 kWh - TIME 1:00 h',
        },
      },
    ]);
  });

  it('1.6: a charger that never declared California Pricing gets no cost messages', async () => {
    // Prepare
    const { runtime } = env;
    const tenant = await provisionTenant(runtime.apiUrl, runtime.adminKey, ['CP-16-PLAIN']);
    expect((await tenant.api.put('/v1/tariffs/energy', energyTariff)).status).toBe(201);
    expect((await tenant.api.put('/v1/id-tokens/TAG-P', { status: 'Accepted' })).status).toBe(201);
    const at = sessionTimes();
    const client = await connectCharger({
      ocppUrl: runtime.ocppUrl,
      tenantId: tenant.tenantId,
      chargerId: 'CP-16-PLAIN',
      password: tenant.chargers['CP-16-PLAIN']!.password,
      protocols: ['ocpp1.6'],
    });
    const received: unknown[] = [];
    client.raw.handle('DataTransfer', ({ params }) => {
      received.push(params);
      return { status: 'Accepted' } as never;
    });

    // Act
    await client.call('Authorize', { idTag: 'TAG-P' });
    const { transactionId } = await client.call('StartTransaction', {
      connectorId: 1,
      idTag: 'TAG-P',
      meterStart: 0,
      timestamp: at(0),
    });
    await client.call('StopTransaction', { transactionId, meterStop: 1000, timestamp: at(10) });
    await runtime.settled();
    await client.close();

    // Assess
    expect(received).toEqual([]);
  });
});
