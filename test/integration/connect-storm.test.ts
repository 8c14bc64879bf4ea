import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionTenant } from '../support/api-client.ts';
import { startTestRuntime } from '../support/local-runtime.ts';
import { connectCharger } from '../support/ocpp-client.ts';
import { basicAuth, delay } from '../support/raw-websocket.ts';

/*
 * Issue 15, chargers with legacy (scrypt) passwords connecting at once: the local gateway runs at most
 * `maxAuthorizersInFlight` `$connect` authorizers at a time and queues the rest in arrival order (their timeout
 * starts when they run), so every queued upgrade is answered; an upgrade whose client left while it waited is
 * dropped without running its authorizer.
 */

const csv = { 'content-type': 'text/csv' };
const bound = 2;

describe('a connection storm of chargers with legacy passwords', () => {
  let env: Awaited<ReturnType<typeof startTestRuntime>>;
  let tenant: Awaited<ReturnType<typeof provisionTenant>>;
  const chargerIds = Array.from({ length: 12 }, (_, i) => `STORM-${i}`);
  /** Never connected before the second test: their checks are not in the authorizer's cache yet. */
  const lateIds = Array.from({ length: 12 }, (_, i) => `LATE-${i}`);
  const passwordOf = (chargerId: string) => `legacy-${chargerId}-pw`;

  beforeAll(async () => {
    env = await startTestRuntime({ quotas: { maxAuthorizersInFlight: bound } });
    tenant = await provisionTenant(env.runtime.apiUrl, env.runtime.adminKey, []);
    const imported = await tenant.api.call(
      'POST',
      '/v1/chargers/bulk',
      `chargerId,password\r\n${[...chargerIds, ...lateIds].map((id) => `${id},${passwordOf(id)}`).join('\r\n')}\r\n`,
      csv,
    );
    if (imported.status !== 200)
      throw new Error(`import: ${imported.status} ${JSON.stringify(imported.body)}`);
  });
  afterAll(() => env?.stop());

  const connectAll = (ids: readonly string[]) =>
    Promise.all(
      ids.map((chargerId) =>
        connectCharger({
          ocppUrl: env.runtime.ocppUrl,
          tenantId: tenant.tenantId,
          chargerId,
          password: passwordOf(chargerId),
          protocols: ['ocpp1.6'],
        }),
      ),
    );

  it('connects every charger, with no more authorizers at once than the bound', async () => {
    // Act
    const chargers = await connectAll(chargerIds);
    const boots = await Promise.all(
      chargers.map((charger) =>
        charger.call('BootNotification', { chargePointVendor: 'LegacyCo', chargePointModel: 'LC-22' }),
      ),
    );

    // Assess
    expect(boots.map((boot) => boot.status)).toEqual(chargerIds.map(() => 'Accepted'));
    const stats = env.runtime.websocket.frameBoundStats();
    expect(stats.peakAuthorizersInFlight).toBe(bound);
    expect(stats.peakAuthorizersWaiting).toBeGreaterThan(0);
    const fleet = await tenant.api.get('/v1/reports/fleet?limit=100');
    expect(fleet.body.summary).toMatchObject({
      chargers: chargerIds.length + lateIds.length,
      online: chargerIds.length,
    });
    await Promise.all(chargers.map((charger) => charger.close()));
    await env.runtime.settled();
  });

  it('drops a queued upgrade whose client left before its authorizer ran', async () => {
    // Prepare: a storm fills the queue, then one more client asks and leaves at once.
    const before = env.runtime.websocket.frameBoundStats().abandonedUpgrades;
    const storm = connectAll(lateIds);
    await delay(20);
    const { port, pathname } = new URL(env.runtime.ocppUrl);
    const leaver = connect(Number(port), '127.0.0.1');
    await new Promise<void>((resolve) => leaver.once('connect', () => resolve()));

    // Act
    leaver.write(
      `GET ${pathname}/${tenant.tenantId}/${chargerIds[0]} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n` +
        'Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: ocpp1.6\r\n' +
        `Authorization: ${basicAuth(chargerIds[0] as string, passwordOf(chargerIds[0] as string))}\r\n\r\n`,
    );
    await delay(20);
    leaver.destroy();
    const chargers = await storm;

    // Assess
    await env.runtime.settled();
    expect(env.runtime.websocket.frameBoundStats().abandonedUpgrades).toBe(before + 1);
    expect(chargers).toHaveLength(lateIds.length);
    await Promise.all(chargers.map((charger) => charger.close()));
  });
});
