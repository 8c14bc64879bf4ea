import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apiClient, provisionTenant } from '../support/api-client.ts';
import { newDataDir, startTestRuntime } from '../support/local-runtime.ts';
import { connectCharger } from '../support/ocpp-client.ts';

describe('the local runtime keeps its data across restarts', () => {
  it('tenants, chargers, boot data, statuses and the admin key survive a restart with the same data dir', async () => {
    // Prepare
    const dataDir = newDataDir();
    const first = await startTestRuntime({ dataDir });
    const tenant = await provisionTenant(first.runtime.apiUrl, first.runtime.adminKey, ['CP-P'], 'site-p');
    const password = tenant.chargers['CP-P']!.password;
    const client = await connectCharger({
      ocppUrl: first.runtime.ocppUrl,
      tenantId: tenant.tenantId,
      chargerId: 'CP-P',
      password,
      protocols: ['ocpp1.6'],
    });
    await client.call('BootNotification', { chargePointVendor: 'Keep', chargePointModel: 'Me' });
    await client.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Charging' });
    await client.close();
    const adminKey = first.runtime.adminKey;

    // Act
    await first.stop({ keepData: true });
    const second = await startTestRuntime({ dataDir });

    try {
      // Assess
      expect(second.runtime.adminKey).toBe(adminKey);
      const api = apiClient(second.runtime.apiUrl, tenant.apiKey);
      const charger = await api.get('/v1/chargers/CP-P');
      expect(charger.status).toBe(200);
      expect(charger.body).toMatchObject({
        chargerId: 'CP-P',
        siteId: 'site-p',
        online: false,
        vendor: 'Keep',
        model: 'Me',
        connectors: [{ evseId: 1, connectorId: 1, status: 'Charging' }],
      });
      const again = await connectCharger({
        ocppUrl: second.runtime.ocppUrl,
        tenantId: tenant.tenantId,
        chargerId: 'CP-P',
        password,
        protocols: ['ocpp1.6'],
      });
      expect(await again.call('Heartbeat', {})).toHaveProperty('currentTime');
      await again.close();
      const created = await apiClient(second.runtime.apiUrl, adminKey).post('/v1/tenants', {
        name: 'after restart',
      });
      expect(created.status).toBe(201);
    } finally {
      await second.stop({ keepData: true });
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
