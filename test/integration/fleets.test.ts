import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../shared/http/csv.ts';
import { apiClient, provisionTenant } from '../support/api-client.ts';
import { startTestRuntime } from '../support/local-runtime.ts';
import { connectCharger } from '../support/ocpp-client.ts';

/*
 * Issue 15 item 2 over real sockets (ocpp-rpc strict clients) against the local runtime: a fleet vehicle
 * (Autocharge: its MAC address is the id token) charges on a 2.0.1 charger of one site and a 1.6 charger of
 * another; both sessions are billed by the billing workflow and show, with a fleet-scoped key, in the fleet's
 * sessions and its monthly report (JSON and CSV) — and nothing else of the tenant does.
 */

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read field by field in assertions.
type Body = any;

/** 0.30 per kWh excl. VAT, 20 % VAT: the tenant's default. */
const tariff = {
  currency: 'EUR',
  default: true,
  elements: [{ price_components: [{ type: 'ENERGY', price: 0.3, vat: 20, step_size: 1 }] }],
};

const energy201 = (wh: number) => ({
  measurand: 'Energy.Active.Import.Register',
  value: wh,
  unitOfMeasure: { unit: 'Wh' },
});

/** The vehicle's MAC address as Autocharge reports it: the id token. */
const macToken = '00A1B2C3D4E5';

describe('fleets over real sockets: a fleet vehicle charges on two sites', () => {
  let env: Awaited<ReturnType<typeof startTestRuntime>>;
  let tenant: Awaited<ReturnType<typeof provisionTenant>>;
  let fleetId: string;
  let vehicleId: string;
  let fleetKey: ReturnType<typeof apiClient>;
  let t0: number;
  const at = (seconds: number) => new Date(t0 + seconds * 1000).toISOString();

  beforeAll(async () => {
    env = await startTestRuntime();
    tenant = await provisionTenant(env.runtime.apiUrl, env.runtime.adminKey, []);
    const { api } = tenant;
    for (const siteId of ['NORTH', 'SOUTH']) await api.post('/v1/sites', { siteId, name: siteId });
    for (const [chargerId, siteId] of [
      ['CP-201', 'NORTH'],
      ['CP-16', 'SOUTH'],
    ] as const) {
      const created = await api.post('/v1/chargers', { chargerId, siteId });
      expect(created.status).toBe(201);
      tenant.chargers[chargerId] = created.body;
    }
    expect((await api.put('/v1/tariffs/T-1', tariff)).status).toBe(201);
    fleetId = (await api.post('/v1/fleets', { name: 'Acme delivery vans' })).body.fleetId;
    const driverId = (await api.post('/v1/drivers', { name: 'Ada' })).body.driverId;
    // Two vehicles of Ada's: the MAC address the charger reports tells which one charges.
    vehicleId = (
      await api.post('/v1/vehicles', {
        driverId,
        licencePlate: 'B-AC 1',
        macAddress: '00:a1:b2:c3:d4:e5',
        fleetId,
      })
    ).body.vehicleId;
    await api.post('/v1/vehicles', { driverId, licencePlate: 'B-AC 2', macAddress: '00:a1:b2:c3:d4:ff' });
    expect(
      (await api.put(`/v1/id-tokens/${macToken}`, { status: 'Accepted', type: 'MacAddress', driverId }))
        .status,
    ).toBe(201);
    const issued = await api.post('/v1/api-keys', { role: 'viewer', fleetId, name: 'Acme fleet portal' });
    expect(issued.status).toBe(201);
    fleetKey = apiClient(env.runtime.apiUrl, issued.body.apiKey);
    t0 = Date.now() + 1000;
  });
  afterAll(() => env?.stop());

  it("shows the vehicle's sessions of both sites, billed, in the fleet's sessions and report; nothing else", async () => {
    // Prepare
    const { runtime } = env;
    const cp201 = await connectCharger({
      ocppUrl: runtime.ocppUrl,
      tenantId: tenant.tenantId,
      chargerId: 'CP-201',
      password: tenant.chargers['CP-201']!.password,
    });
    const cp16 = await connectCharger({
      ocppUrl: runtime.ocppUrl,
      tenantId: tenant.tenantId,
      chargerId: 'CP-16',
      password: tenant.chargers['CP-16']!.password,
      protocols: ['ocpp1.6'],
    });
    const idToken = { idToken: macToken, type: 'MacAddress' };

    // Act: 12 kWh at the north site (2.0.1), then 8 kWh at the south site (1.6).
    const authorized = await cp201.call('Authorize', { idToken });
    await cp201.call('TransactionEvent', {
      eventType: 'Started',
      timestamp: at(0),
      triggerReason: 'Authorized',
      seqNo: 0,
      transactionInfo: { transactionId: 'TX-N-1' },
      evse: { id: 1, connectorId: 1 },
      idToken,
      meterValue: [{ timestamp: at(0), sampledValue: [energy201(5000)] }],
    });
    await cp201.call('TransactionEvent', {
      eventType: 'Ended',
      timestamp: at(60),
      triggerReason: 'EVCommunicationLost',
      seqNo: 1,
      transactionInfo: { transactionId: 'TX-N-1', stoppedReason: 'EVDisconnected' },
      meterValue: [{ timestamp: at(60), sampledValue: [energy201(17_000)] }],
    });
    const { transactionId } = await cp16.call('StartTransaction', {
      connectorId: 1,
      idTag: macToken,
      meterStart: 100,
      timestamp: at(120),
    });
    await cp16.call('StopTransaction', {
      transactionId,
      idTag: macToken,
      meterStop: 8100,
      timestamp: at(180),
      reason: 'EVDisconnected',
    });
    await runtime.settled();
    const month = at(0).slice(0, 7);
    const sessions = await fleetKey.get(`/v1/fleets/${fleetId}/sessions`);
    const report = await fleetKey.get(`/v1/fleets/${fleetId}/reports/monthly?month=${month}`);
    const csv = await fleetKey.call(
      'GET',
      `/v1/fleets/${fleetId}/reports/monthly?month=${month}`,
      undefined,
      {
        accept: 'text/csv',
      },
    );
    const refused = await Promise.all([
      fleetKey.get('/v1/sessions'),
      fleetKey.get('/v1/chargers'),
      fleetKey.get('/v1/cdrs'),
      fleetKey.get('/v1/fleets'),
    ]);
    const costs = await Promise.all(
      (sessions.body.items as Body[]).map(
        async (item) => (await tenant.api.get(`/v1/sessions/${item.sessionId}`)).body.cost,
      ),
    );

    // Assess
    expect(authorized.idTokenInfo.status).toBe('Accepted');
    expect(sessions.status).toBe(200);
    expect(
      (sessions.body.items as Body[]).map((item) => [
        item.chargerId,
        item.siteId,
        item.energyWh,
        item.vehicleId,
      ]),
    ).toEqual([
      ['CP-16', 'SOUTH', 8000, vehicleId],
      ['CP-201', 'NORTH', 12_000, vehicleId],
    ]);
    // 8 kWh and 12 kWh at 0.30 excl. VAT: 2.40 and 3.60, with 20 % VAT.
    expect(costs.map((cost) => [cost.currency, cost.totalExclVat, cost.totalVat])).toEqual([
      ['EUR', 240, 48],
      ['EUR', 360, 72],
    ]);
    expect(report.body).toEqual({
      fleetId,
      from: month,
      to: month,
      rows: [
        {
          month,
          vehicleId,
          licencePlate: 'B-AC 1',
          sessions: 2,
          energyKwh: 20,
          currency: 'EUR',
          totalExclVat: 600,
          totalVat: 120,
          totalInclVat: 720,
        },
      ],
    });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(parseCsv(csv.body)).toEqual([
      [
        'month',
        'vehicleId',
        'licencePlate',
        'driverId',
        'sessions',
        'energyKwh',
        'currency',
        'totalExclVat',
        'totalVat',
        'totalInclVat',
      ],
      [month, vehicleId, 'B-AC 1', '', '2', '20', 'EUR', '600', '120', '720'],
    ]);
    expect(refused.map((response) => response.status)).toEqual([403, 403, 403, 403]);
    await cp201.close();
    await cp16.close();
  });

  it('keeps the sessions in the fleet after the vehicle leaves it; a fleet with members cannot be deleted', async () => {
    // Prepare
    const before = await fleetKey.get(`/v1/fleets/${fleetId}/sessions`);
    const refused = await tenant.api.call('DELETE', `/v1/fleets/${fleetId}`);

    // Act
    const left = await tenant.api.patch(`/v1/vehicles/${vehicleId}`, { fleetId: null });
    const after = await fleetKey.get(`/v1/fleets/${fleetId}/sessions`);
    const vehicles = await fleetKey.get(`/v1/fleets/${fleetId}/vehicles`);

    // Assess
    expect(refused.status).toBe(409);
    expect(left.status).toBe(200);
    expect(after.body.items).toEqual(before.body.items);
    expect(after.body.items).toHaveLength(2);
    expect(vehicles.body.items).toEqual([]);
  });
});
