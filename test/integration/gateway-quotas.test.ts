import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionTenant } from '../support/api-client.ts';
import { startTestRuntime } from '../support/local-runtime.ts';
import { openRawCharger, type RawCharger, within } from '../support/raw-websocket.ts';

const idleTimeoutMs = 400;
const maxConnectionMs = 1200;

describe('API Gateway quotas: idle timeout, maximum duration, and a reconnect over a live connection', () => {
  let env: Awaited<ReturnType<typeof startTestRuntime>>;
  let tenant: Awaited<ReturnType<typeof provisionTenant>>;
  let sequence = 0;

  beforeAll(async () => {
    env = await startTestRuntime({ quotas: { idleTimeoutMs, maxConnectionMs } });
    tenant = await provisionTenant(env.runtime.apiUrl, env.runtime.adminKey, [
      'CP-IDLE',
      'CP-PING',
      'CP-BUSY',
      'CP-TWIN',
    ]);
  });
  afterAll(() => env?.stop());

  const connect = (chargerId: string) =>
    openRawCharger({
      ocppUrl: env.runtime.ocppUrl,
      tenantId: tenant.tenantId,
      chargerId,
      password: tenant.chargers[chargerId]!.password,
      protocol: 'ocpp2.0.1',
    });

  const heartbeat = async (charger: RawCharger) => {
    const id = `hb-${++sequence}`;
    expect(await charger.call(id, 'Heartbeat', {})).toEqual([3, id, { currentTime: expect.any(String) }]);
  };

  const chargerView = async (chargerId: string) => {
    await env.runtime.settled();
    return (await tenant.api.get(`/v1/chargers/${chargerId}`)).body;
  };

  it('an idle connection is closed with 1001 and $disconnect marks the charger offline', async () => {
    // Prepare
    const charger = await connect('CP-IDLE');
    await heartbeat(charger);
    expect(await chargerView('CP-IDLE')).toMatchObject({ online: true });

    // Act
    const closure = await within(charger.closed, maxConnectionMs + 1000, 'the idle timeout');

    // Assess
    expect(closure.code).toBe(1001);
    expect(closure.afterMs).toBeGreaterThanOrEqual(idleTimeoutMs - 50);
    expect(closure.afterMs).toBeLessThan(maxConnectionMs);
    const view = await chargerView('CP-IDLE');
    expect(view).toMatchObject({ online: false });
    expect(view.lastSeenAt).toBeDefined();
  });

  it('ping frames do not count as activity', async () => {
    // Prepare
    const charger = await connect('CP-PING');
    const pinger = setInterval(() => charger.isOpen && charger.socket.ping(), 100);

    // Act
    const closure = await within(charger.closed, maxConnectionMs + 1000, 'the idle timeout').finally(() =>
      clearInterval(pinger),
    );

    // Assess: closed for idleness, well before the maximum duration.
    expect(closure.code).toBe(1001);
    expect(closure.afterMs).toBeLessThan(idleTimeoutMs + (maxConnectionMs - idleTimeoutMs) / 2);
    expect(await chargerView('CP-PING')).toMatchObject({ online: false });
  });

  it('an active connection is closed with 1001 at the maximum duration', async () => {
    // Prepare
    const charger = await connect('CP-BUSY');
    let answered = 0;
    const keepBusy = (async () => {
      while (charger.isOpen) {
        await heartbeat(charger).then(
          () => answered++,
          () => undefined,
        );
        await new Promise((resolve) => setTimeout(resolve, idleTimeoutMs / 4));
      }
    })();

    // Act
    const closure = await within(charger.closed, maxConnectionMs + 2000, 'the maximum duration');
    await keepBusy;

    // Assess
    expect(closure.code).toBe(1001);
    expect(closure.afterMs).toBeGreaterThanOrEqual(maxConnectionMs - 50);
    expect(answered).toBeGreaterThanOrEqual(Math.floor(maxConnectionMs / idleTimeoutMs));
    expect(await chargerView('CP-BUSY')).toMatchObject({ online: false });
  });

  it('a reconnect closes the old connection; its late $disconnect leaves the charger online', async () => {
    // Prepare
    const old = await connect('CP-TWIN');
    await heartbeat(old);
    const connectionsBefore = env.runtime.websocket.connectionIds();

    // Act
    const fresh = await connect('CP-TWIN');
    const oldClosure = await within(old.closed, 2000, 'the CSMS to close the old connection');
    await env.runtime.settled();

    // Assess
    expect(oldClosure.code).toBe(1000);
    expect(fresh.isOpen).toBe(true);
    await heartbeat(fresh);
    const connectionsAfter = env.runtime.websocket.connectionIds();
    expect(connectionsAfter).toHaveLength(connectionsBefore.length);
    expect(connectionsAfter).not.toEqual(connectionsBefore);
    expect(await chargerView('CP-TWIN')).toMatchObject({ online: true, ocppVersion: 'ocpp2.0.1' });

    // The new connection's own $disconnect does take the charger offline.
    await fresh.close();
    expect(await chargerView('CP-TWIN')).toMatchObject({ online: false });
  });
});
