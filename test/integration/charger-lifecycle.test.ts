import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionTenant } from '../support/api-client.ts';
import { startTestRuntime } from '../support/local-runtime.ts';
import { connectCharger } from '../support/ocpp-client.ts';

describe('a charger connects, boots, heartbeats and reports status; the API shows it', () => {
  let env: Awaited<ReturnType<typeof startTestRuntime>>;
  beforeAll(async () => {
    env = await startTestRuntime({ heartbeatIntervalSeconds: 120 });
  });
  afterAll(() => env.stop());

  it('OCPP 2.0.1', async () => {
    // Prepare
    const { runtime } = env;
    const tenant = await provisionTenant(runtime.apiUrl, runtime.adminKey, ['CP-201'], 'site-a');
    const client = await connectCharger({
      ocppUrl: runtime.ocppUrl,
      tenantId: tenant.tenantId,
      chargerId: 'CP-201',
      password: tenant.chargers['CP-201']!.password,
      protocols: ['ocpp2.0.1', 'ocpp1.6'],
    });

    // Act
    const boot = await client.call('BootNotification', {
      reason: 'PowerUp',
      chargingStation: {
        vendorName: 'Acme',
        model: 'Volt-22',
        serialNumber: 'SN-1',
        firmwareVersion: '1.2.3',
      },
    });
    const heartbeat = await client.call('Heartbeat', {});
    const status = await client.call('StatusNotification', {
      timestamp: new Date().toISOString(),
      connectorStatus: 'Occupied',
      evseId: 1,
      connectorId: 1,
    });

    // Assess
    expect(client.protocol).toBe('ocpp2.0.1');
    expect(boot).toMatchObject({ status: 'Accepted', interval: 120 });
    expect(Date.parse(heartbeat.currentTime)).toBeGreaterThan(Date.now() - 60_000);
    expect(status).toEqual({});
    const charger = await tenant.api.get('/v1/chargers/CP-201');
    expect(charger.status).toBe(200);
    expect(charger.body).toMatchObject({
      chargerId: 'CP-201',
      siteId: 'site-a',
      online: true,
      ocppVersion: 'ocpp2.0.1',
      vendor: 'Acme',
      model: 'Volt-22',
      serialNumber: 'SN-1',
      firmwareVersion: '1.2.3',
      connectors: [{ evseId: 1, connectorId: 1, status: 'Occupied' }],
    });
    expect(charger.body.lastSeenAt).toBeDefined();

    await client.close();
    await runtime.settled();
    const offline = await tenant.api.get('/v1/chargers/CP-201');
    expect(offline.body).toMatchObject({ online: false });
    expect(offline.body.lastSeenAt).toBeDefined();
  });

  it('OCPP 1.6', async () => {
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

    // Act
    const boot = await client.call('BootNotification', {
      chargePointVendor: 'Acme',
      chargePointModel: 'Classic',
      firmwareVersion: '0.9',
    });
    const heartbeat = await client.call('Heartbeat', {});
    await client.call('StatusNotification', { connectorId: 0, errorCode: 'NoError', status: 'Available' });
    await client.call('StatusNotification', {
      connectorId: 2,
      errorCode: 'GroundFailure',
      status: 'Faulted',
      timestamp: new Date().toISOString(),
    });

    // Assess
    expect(client.protocol).toBe('ocpp1.6');
    expect(boot).toMatchObject({ status: 'Accepted', interval: 120 });
    expect(heartbeat.currentTime).toMatch(/Z$/);
    const charger = await tenant.api.get('/v1/chargers/CP-16');
    expect(charger.body).toMatchObject({
      online: true,
      ocppVersion: 'ocpp1.6',
      vendor: 'Acme',
      model: 'Classic',
      firmwareVersion: '0.9',
      connectors: [
        { evseId: 0, connectorId: 0, status: 'Available' },
        { evseId: 2, connectorId: 1, status: 'Faulted', errorCode: 'GroundFailure' },
      ],
    });
    await client.close();
  });
});
