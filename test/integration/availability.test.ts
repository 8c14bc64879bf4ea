import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SettableClock } from '../../local/clock.ts';
import { eventCatalog } from '../../shared/events/catalog.ts';
import { apiClient, provisionTenant } from '../support/api-client.ts';
import { startTestRuntime } from '../support/local-runtime.ts';
import { connectCharger } from '../support/ocpp-client.ts';
import { delay } from '../support/raw-websocket.ts';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read field by field in assertions.
type Body = any;

/*
 * Issue 14: GET /v1/availability over real sockets. A charger that boots and then goes silent while its
 * connection record stays (API Gateway's $disconnect is best effort; here its socket simply stays open) shows
 * Offline once its liveness deadline has passed, and the sweep then ends its connection for good.
 */
describe('availability and silent chargers, over real sockets', () => {
  const clock = new SettableClock();
  let env: Awaited<ReturnType<typeof startTestRuntime>>;
  beforeAll(async () => {
    env = await startTestRuntime({ clock, heartbeatIntervalSeconds: 540 });
  });
  afterAll(() => env.stop());

  const minutes = (n: number) => n * 60_000;

  it('shows a busy charger by connector, and a silent one Offline, then swept', async () => {
    // Prepare: CP-BUSY (1.6) with connector 1 free and 2 charging; CP-QUIET (2.0.1) boots and says nothing more.
    const { runtime } = env;
    const tenant = await provisionTenant(runtime.apiUrl, runtime.adminKey, ['CP-BUSY', 'CP-QUIET'], 'depot');
    await tenant.api.patch('/v1/chargers/CP-BUSY', { maxCurrentA: 32, phases: 3 });
    const busy = await connectCharger({
      ocppUrl: runtime.ocppUrl,
      tenantId: tenant.tenantId,
      chargerId: 'CP-BUSY',
      password: tenant.chargers['CP-BUSY']!.password,
      protocols: ['ocpp1.6'],
    });
    const quiet = await connectCharger({
      ocppUrl: runtime.ocppUrl,
      tenantId: tenant.tenantId,
      chargerId: 'CP-QUIET',
      password: tenant.chargers['CP-QUIET']!.password,
      protocols: ['ocpp2.0.1'],
    });
    let quietClosed = false;
    quiet.raw.on('close', () => {
      quietClosed = true;
    });
    await busy.call('BootNotification', { chargePointVendor: 'Busy', chargePointModel: 'B1' });
    for (const [connectorId, status] of [
      [1, 'Available'],
      [2, 'Charging'],
    ] as const)
      await busy.call('StatusNotification', { connectorId, errorCode: 'NoError', status });
    await quiet.call('BootNotification', {
      reason: 'PowerUp',
      chargingStation: { vendorName: 'Quiet', model: 'Q1' },
    });
    await quiet.call('StatusNotification', {
      timestamp: clock.now().toISOString(),
      connectorStatus: 'Available',
      evseId: 1,
      connectorId: 1,
    });
    await runtime.settled();

    // Act 1: both connected.
    const fresh = await tenant.api.get('/v1/availability?siteId=depot');

    // Assess 1
    expect(fresh.status).toBe(200);
    expect(fresh.body.summary.chargers).toEqual({
      total: 2,
      Available: 2,
      Occupied: 0,
      Faulted: 0,
      Unavailable: 0,
      Offline: 0,
    });
    const busyRow = fresh.body.chargers.find((row: Body) => row.chargerId === 'CP-BUSY');
    expect(busyRow).toMatchObject({ state: 'Available', online: true, maxPowerW: 22_080 });
    expect(busyRow.connectors.map((c: Body) => [c.evseId, c.state, c.status])).toEqual([
      [1, 'Available', 'Available'],
      [2, 'Occupied', 'Charging'],
    ]);

    // Act 2: 51 minutes pass (write interval 30 + 2 × 9 + 2 of margin = 50); only CP-BUSY keeps talking.
    clock.advance(minutes(51));
    await busy.call('Heartbeat', {});
    await runtime.settled();
    const silent = await tenant.api.get('/v1/availability?siteId=depot');
    const eventsBefore = new Set(runtime.eventBridge.events);
    await runtime.schedules.run('sweepSilentChargers');
    await runtime.settled();
    for (let i = 0; i < 50 && !quietClosed; i += 1) await delay(20);
    const swept = await tenant.api.get('/v1/availability?siteId=depot');
    const chargerView = await tenant.api.get('/v1/chargers/CP-QUIET');

    // Assess 2: Offline before the sweep already (the view compares the deadline itself), for good after it.
    const stateOf = (body: Body, chargerId: string) =>
      body.chargers.find((row: Body) => row.chargerId === chargerId);
    expect(stateOf(silent.body, 'CP-QUIET')).toMatchObject({
      state: 'Offline',
      online: false,
      offlineReason: 'silent',
      connectors: [expect.objectContaining({ state: 'Offline', status: 'Available' })],
    });
    expect(stateOf(silent.body, 'CP-BUSY')).toMatchObject({ state: 'Available', online: true });
    expect(stateOf(swept.body, 'CP-QUIET')).toMatchObject({
      state: 'Offline',
      offlineReason: 'disconnected',
    });
    expect(stateOf(swept.body, 'CP-BUSY')).toMatchObject({ state: 'Available', online: true });
    expect(swept.body.summary.chargers).toMatchObject({ total: 2, Available: 1, Offline: 1 });
    expect(chargerView.body.online).toBe(false);
    const disconnected = runtime.eventBridge.events.filter(
      (event) =>
        !eventsBefore.has(event) && event['detail-type'] === eventCatalog.chargerDisconnected.detailType,
    );
    expect(disconnected.map((event) => [event.detail.chargerId, event.detail.reason])).toEqual([
      ['CP-QUIET', 'silent'],
    ]);
    expect(quietClosed).toBe(true);
    await busy.close();
  });

  it('a site-limited viewer sees only its sites; an unknown site is 404; no key is 401', async () => {
    // Prepare
    const { runtime } = env;
    const tenant = await provisionTenant(runtime.apiUrl, runtime.adminKey, ['CP-N'], 'north');
    await tenant.api.post('/v1/sites', { siteId: 'south', name: 'south' });
    await tenant.api.post('/v1/chargers', { chargerId: 'CP-S', siteId: 'south' });
    const key = await tenant.api.post('/v1/api-keys', { role: 'viewer', siteIds: ['north'] });
    const northViewer = apiClient(runtime.apiUrl, key.body.apiKey);

    // Act
    const all = await tenant.api.get('/v1/availability');
    const north = await northViewer.get('/v1/availability');
    const south = await northViewer.get('/v1/availability?siteId=south');
    const unknown = await tenant.api.get('/v1/availability?siteId=nowhere');
    const invalid = await tenant.api.get('/v1/availability?siteId=a%23b');
    const anonymous = await apiClient(runtime.apiUrl).get('/v1/availability');

    // Assess
    expect(all.body.chargers.map((row: Body) => [row.chargerId, row.state, row.offlineReason])).toEqual([
      ['CP-N', 'Offline', 'never-connected'],
      ['CP-S', 'Offline', 'never-connected'],
    ]);
    expect(north.body.chargers.map((row: Body) => row.chargerId)).toEqual(['CP-N']);
    expect([south.status, unknown.status, invalid.status, anonymous.status]).toEqual([404, 404, 400, 401]);
    expect(south.body.error.code).toBe('not_found');
  });
});
