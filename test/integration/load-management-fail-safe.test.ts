import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionTenant } from '../support/api-client.ts';
import { startTestRuntime } from '../support/local-runtime.ts';
import { connectCharger } from '../support/ocpp-client.ts';
import { delay } from '../support/raw-websocket.ts';

type Version = 'ocpp1.6' | 'ocpp2.0.1';
type Tenant = Awaited<ReturnType<typeof provisionTenant>>;

interface Received {
  readonly action: string;
  readonly params: Record<string, unknown>;
  readonly at: number;
}

const bootOf: Record<Version, Record<string, unknown>> = {
  'ocpp1.6': { chargePointVendor: 'Acme', chargePointModel: 'AC-22' },
  'ocpp2.0.1': { reason: 'PowerUp', chargingStation: { vendorName: 'Acme', model: 'AC-22' } },
};

/** The limit and purpose of a received SetChargingProfile, in either version. */
const profileOf = (version: Version, params: Record<string, unknown>) => {
  const profile = (version === 'ocpp1.6' ? params.csChargingProfiles : params.chargingProfile) as {
    chargingProfilePurpose: string;
    stackLevel: number;
    chargingSchedule: unknown;
  };
  const schedule = (
    Array.isArray(profile.chargingSchedule) ? profile.chargingSchedule[0] : profile.chargingSchedule
  ) as { chargingSchedulePeriod: { limit: number }[] };
  return {
    target: (version === 'ocpp1.6' ? params.connectorId : params.evseId) as number,
    purpose: profile.chargingProfilePurpose,
    limitA: schedule.chargingSchedulePeriod[0]!.limit,
  };
};

const until = async (check: () => boolean, timeoutMs = 5000) => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await delay(20);
  }
};

describe('fail-safe defaults of a managed site, over real sockets (1.6 and 2.0.1 mixed)', () => {
  let env: Awaited<ReturnType<typeof startTestRuntime>>;
  beforeAll(async () => {
    env = await startTestRuntime();
  });
  afterAll(() => env?.stop());

  const connect = async (tenant: Tenant, chargerId: string, version: Version) => {
    const client = await connectCharger({
      ocppUrl: env.runtime.ocppUrl,
      tenantId: tenant.tenantId,
      chargerId,
      password: tenant.chargers[chargerId]!.password,
      protocols: [version],
    });
    const received: Received[] = [];
    const strictFailures: unknown[] = [];
    client.raw.on('strictValidationFailure', (failure: unknown) => strictFailures.push(failure));
    for (const action of ['SetChargingProfile', 'ClearChargingProfile'])
      client.raw.handle(action, async ({ params }: { params?: Record<string, unknown> }) => {
        received.push({ action, params: params ?? {}, at: Date.now() });
        return { status: 'Accepted' };
      });
    return { chargerId, version, client, received, strictFailures };
  };

  it('boots each charger with a default that sums within every limit, re-plans on a wiring change, clears when off', async () => {
    // Prepare: a 20 A site with a 10 A fuse; a single-phase charger on L2
    const chargers = {
      'CP-1': 'ocpp1.6',
      'CP-2': 'ocpp2.0.1',
      'CP-3': 'ocpp1.6',
      'CP-4': 'ocpp2.0.1',
    } as const;
    const tenant = await provisionTenant(
      env.runtime.apiUrl,
      env.runtime.adminKey,
      Object.keys(chargers),
      'depot',
    );
    const put = await tenant.api.put('/v1/sites/depot/load-management', {
      maxCurrentA: 20,
      circuits: [{ circuitId: 'fuse-a', maxCurrentA: 10 }],
    });
    for (const [chargerId, body] of Object.entries({
      'CP-1': { circuitId: 'fuse-a', maxCurrentA: 16 },
      'CP-2': { circuitId: 'fuse-a', maxCurrentA: 16 },
      'CP-3': { maxCurrentA: 32 },
      'CP-4': { phases: 1, phase: 'L2', maxCurrentA: 32 },
    }))
      expect((await tenant.api.patch(`/v1/chargers/${chargerId}`, body)).status).toBe(200);

    // Act: each charger connects and boots
    const clients = await Promise.all(
      Object.entries(chargers).map(([chargerId, version]) => connect(tenant, chargerId, version)),
    );
    const bootAnsweredAt: Record<string, number> = {};
    for (const charger of clients) {
      const answer = await charger.client.call('BootNotification', bootOf[charger.version]);
      bootAnsweredAt[charger.chargerId] = Date.now();
      expect(answer.status).toBe('Accepted');
    }
    await until(() => clients.every((charger) => charger.received.length === 1));
    const defaults = Object.fromEntries(
      clients.map((charger) => [charger.chargerId, profileOf(charger.version, charger.received[0]!.params)]),
    );
    const views: Record<string, unknown> = {};
    for (const { chargerId } of clients) {
      const deadline = Date.now() + 5000;
      do views[chargerId] = (await tenant.api.get(`/v1/chargers/${chargerId}`)).body.failSafe;
      while ((views[chargerId] as { acceptedA?: number }).acceptedA === undefined && Date.now() < deadline);
    }

    // Assess: TxDefaultProfiles on connector / EVSE 0, after the boot's answer, within the fuse and the site
    expect(put.status).toBe(201);
    for (const charger of clients) {
      expect(charger.received[0]!.at).toBeGreaterThanOrEqual(bootAnsweredAt[charger.chargerId]! - 5);
      expect(defaults[charger.chargerId]).toMatchObject({ target: 0, purpose: 'TxDefaultProfile' });
    }
    const limit = (id: string) => defaults[id]!.limitA;
    expect(limit('CP-1') + limit('CP-2')).toBeLessThanOrEqual(10);
    // L1 and L3 carry the three-phase chargers, L2 those and the single-phase one
    expect(limit('CP-1') + limit('CP-2') + limit('CP-3')).toBeLessThanOrEqual(20);
    expect(limit('CP-1') + limit('CP-2') + limit('CP-3') + limit('CP-4')).toBeLessThanOrEqual(20);
    expect(Object.values(defaults).map((d) => d.limitA)).toEqual([6, 0, 6, 6]);
    expect(views['CP-1']).toEqual({ limitA: 6, acceptedA: 6, acceptedAt: expect.any(String) });
    expect(views['CP-2']).toEqual({ limitA: 0, acceptedA: 0, acceptedAt: expect.any(String) });

    // Act: CP-3 moves onto the fuse, which now holds three chargers: its default drops to 0
    expect((await tenant.api.patch('/v1/chargers/CP-3', { circuitId: 'fuse-a' })).status).toBe(200);
    const cp3 = clients[2]!;
    await until(() => cp3.received.length === 2);

    // Assess
    expect(profileOf('ocpp1.6', cp3.received[1]!.params)).toMatchObject({
      purpose: 'TxDefaultProfile',
      limitA: 0,
    });
    expect(clients[0]!.received).toHaveLength(1); // CP-1 keeps its 6 A: nothing sent
    expect(clients[1]!.received).toHaveLength(1);

    // Act: load management off: each charger drops its default
    expect((await tenant.api.delete('/v1/sites/depot/load-management')).status).toBe(204);
    await until(() => clients.every((charger) => charger.received.at(-1)?.action === 'ClearChargingProfile'));
    const after = await tenant.api.get('/v1/chargers/CP-1');

    // Assess
    expect(clients[0]!.received.at(-1)!.params).toEqual({ id: 900_000 });
    expect(clients[1]!.received.at(-1)!.params).toEqual({ chargingProfileId: 900_000 });
    expect(after.body.failSafe).toBeUndefined();
    for (const charger of clients) expect(charger.strictFailures).toEqual([]);
    await Promise.all(clients.map((charger) => charger.client.close()));
  });

  it('sends nothing at the boot of a charger of a site without load management', async () => {
    // Prepare
    const tenant = await provisionTenant(env.runtime.apiUrl, env.runtime.adminKey, ['CP-9'], 'plain');
    const charger = await connect(tenant, 'CP-9', 'ocpp1.6');

    // Act
    const answer = await charger.client.call('BootNotification', bootOf['ocpp1.6']);
    await delay(300);
    const view = await tenant.api.get('/v1/chargers/CP-9');

    // Assess
    expect(answer.status).toBe('Accepted');
    expect(charger.received).toEqual([]);
    expect(view.body.failSafe).toBeUndefined();
    await charger.client.close();
  });
});
