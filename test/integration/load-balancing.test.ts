import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventCatalog } from '../../shared/events/catalog.ts';
import { provisionTenant } from '../support/api-client.ts';
import { startTestRuntime } from '../support/local-runtime.ts';
import { connectCharger } from '../support/ocpp-client.ts';

/** What the site's chargers lived through, in the order their clients saw it (one event loop: a total order). */
type Moment =
  | { readonly kind: 'start' | 'stop'; readonly chargerId: string }
  | {
      readonly kind: 'profile';
      readonly chargerId: string;
      readonly limitA: number;
      readonly validTo?: string;
    };

// biome-ignore lint/suspicious/noExplicitAny: SetChargingProfile payloads are read field by field (strict mode checked them).
type Call = { params?: any };

const siteLimitA = 32;
/** The fail-safe default of each charger (failSafeDefaults: an equal share up to the minimum current). */
const defaultA = 6;

/**
 * The limit each charger is held to at every moment: its TxProfile while a session runs (its default until the
 * first one comes, and again once the session ended: a TxProfile ends with its transaction).
 */
const sumsOverTime = (moments: readonly Moment[], chargerIds: readonly string[]) => {
  const running = new Set<string>();
  const profile = new Map<string, number>();
  const sums: number[] = [];
  for (const moment of moments) {
    if (moment.kind === 'start') running.add(moment.chargerId);
    if (moment.kind === 'stop') {
      running.delete(moment.chargerId);
      profile.delete(moment.chargerId);
    }
    if (moment.kind === 'profile') profile.set(moment.chargerId, moment.limitA);
    sums.push(
      chargerIds.reduce((sum, id) => sum + (running.has(id) ? (profile.get(id) ?? defaultA) : defaultA), 0),
    );
  }
  return sums;
};

type Runtime = Awaited<ReturnType<typeof startTestRuntime>>['runtime'];
type Tenant = Awaited<ReturnType<typeof provisionTenant>>;

/** A tenant whose site is under load management at `limitA`, with its chargers there, rated 32 A. */
const givenManagedSite = async (
  runtime: Runtime,
  siteId: string,
  chargerIds: readonly string[],
  limitA: number,
): Promise<Tenant> => {
  const tenant = await provisionTenant(runtime.apiUrl, runtime.adminKey, [...chargerIds], siteId);
  expect((await tenant.api.put(`/v1/sites/${siteId}/load-management`, { maxCurrentA: limitA })).status).toBe(
    201,
  );
  for (const id of chargerIds)
    expect((await tenant.api.patch(`/v1/chargers/${id}`, { maxCurrentA: 32 })).status).toBe(200);
  return tenant;
};

/** A strict client of the tenant's charger that accepts every charging profile. */
const acceptingCharger = async (
  runtime: Runtime,
  tenant: Tenant,
  chargerId: string,
  protocol: 'ocpp1.6' | 'ocpp2.0.1' = 'ocpp2.0.1',
) => {
  const client = await connectCharger({
    ocppUrl: runtime.ocppUrl,
    tenantId: tenant.tenantId,
    chargerId,
    password: tenant.chargers[chargerId]!.password,
    protocols: [protocol],
  });
  client.raw.handle('SetChargingProfile', async () => ({ status: 'Accepted' }));
  return client;
};

/** Each charger's allocated limit and its status, as the site's load-management view shows them. */
const allocatedLimits = async (tenant: Tenant, siteId: string) => {
  const got = await tenant.api.get(`/v1/sites/${siteId}/load-management`);
  expect(got.status).toBe(200);
  return Object.fromEntries(
    (got.body.allocations as { chargerId: string; limitA: number; status: string }[]).map((allocation) => [
      allocation.chargerId,
      [allocation.limitA, allocation.status],
    ]),
  );
};

describe('load balancing over real sockets: a managed site of 1.6 and 2.0.1 chargers', () => {
  let env: Awaited<ReturnType<typeof startTestRuntime>>;
  beforeAll(async () => {
    env = await startTestRuntime();
  });
  afterAll(() => env.stop());

  it('starts and stops sessions one by one: limits never sum above the site limit, freed capacity comes back', async () => {
    // Prepare
    const { runtime } = env;
    const ids = ['LB-16', 'LB-A', 'LB-B'] as const;
    const tenant = await provisionTenant(runtime.apiUrl, runtime.adminKey, [...ids], 'depot');
    expect(
      (await tenant.api.put('/v1/sites/depot/load-management', { maxCurrentA: siteLimitA })).status,
    ).toBe(201);
    for (const id of ids)
      expect((await tenant.api.patch(`/v1/chargers/${id}`, { maxCurrentA: 32 })).status).toBe(200);
    expect((await tenant.api.put('/v1/id-tokens/TAG-1', { status: 'Accepted' })).status).toBe(201);
    await runtime.settled();

    const moments: Moment[] = [];
    const connect = async (chargerId: string, protocol: 'ocpp1.6' | 'ocpp2.0.1') => {
      const client = await connectCharger({
        ocppUrl: runtime.ocppUrl,
        tenantId: tenant.tenantId,
        chargerId,
        password: tenant.chargers[chargerId]!.password,
        protocols: [protocol],
      });
      client.raw.handle('SetChargingProfile', async ({ params }: Call) => {
        const profile = protocol === 'ocpp1.6' ? params.csChargingProfiles : params.chargingProfile;
        const schedule = protocol === 'ocpp1.6' ? profile.chargingSchedule : profile.chargingSchedule[0];
        if (profile.chargingProfilePurpose === 'TxProfile')
          moments.push({
            kind: 'profile',
            chargerId,
            limitA: schedule.chargingSchedulePeriod[0].limit,
            validTo: profile.validTo,
          });
        return { status: 'Accepted' };
      });
      return client;
    };
    const c16 = await connect('LB-16', 'ocpp1.6');
    const a = await connect('LB-A', 'ocpp2.0.1');
    const b = await connect('LB-B', 'ocpp2.0.1');
    const now = () => new Date().toISOString();
    const txEvent = (eventType: 'Started' | 'Ended', seqNo: number, transactionId: string) => ({
      eventType,
      timestamp: now(),
      triggerReason: eventType === 'Started' ? 'Authorized' : 'StopAuthorized',
      seqNo,
      transactionInfo: { transactionId, ...(eventType === 'Ended' && { stoppedReason: 'Local' }) },
      ...(eventType === 'Started' && {
        evse: { id: 1, connectorId: 1 },
        idToken: { idToken: 'TAG-1', type: 'ISO14443' },
      }),
    });
    const view = async () => {
      const got = await tenant.api.get('/v1/sites/depot/load-management');
      expect(got.status).toBe(200);
      return Object.fromEntries(
        (got.body.allocations as { chargerId: string; limitA: number; status: string }[]).map(
          (allocation) => [allocation.chargerId, [allocation.limitA, allocation.status]],
        ),
      );
    };

    // Act: three sessions start one by one, then end one by one.
    moments.push({ kind: 'start', chargerId: 'LB-16' });
    const started16 = await c16.call('StartTransaction', {
      connectorId: 1,
      idTag: 'TAG-1',
      meterStart: 0,
      timestamp: now(),
    });
    await runtime.settled();
    const one = await view();
    moments.push({ kind: 'start', chargerId: 'LB-A' });
    await a.call('TransactionEvent', txEvent('Started', 0, 'TX-A'));
    await runtime.settled();
    const two = await view();
    moments.push({ kind: 'start', chargerId: 'LB-B' });
    await b.call('TransactionEvent', txEvent('Started', 0, 'TX-B'));
    await runtime.settled();
    const three = await view();
    await b.call('TransactionEvent', txEvent('Ended', 1, 'TX-B'));
    moments.push({ kind: 'stop', chargerId: 'LB-B' });
    await runtime.settled();
    const afterB = await view();
    await a.call('TransactionEvent', txEvent('Ended', 1, 'TX-A'));
    moments.push({ kind: 'stop', chargerId: 'LB-A' });
    await runtime.settled();
    const afterA = await view();

    // Assess: each new session takes its share from the others, reduced first; an ended one gives it back.
    expect(started16.idTagInfo.status).toBe('Accepted');
    // One session: the site less the two idle chargers' defaults.
    expect(one).toEqual({ 'LB-16': [20, 'Accepted'] });
    expect(two).toEqual({ 'LB-16': [13, 'Accepted'], 'LB-A': [13, 'Accepted'] });
    expect(three).toEqual({
      'LB-16': [10.6, 'Accepted'],
      'LB-A': [10.6, 'Accepted'],
      'LB-B': [10.6, 'Accepted'],
    });
    expect(afterB).toEqual({ 'LB-16': [13, 'Accepted'], 'LB-A': [13, 'Accepted'] });
    expect(afterA).toEqual({ 'LB-16': [20, 'Accepted'] });

    // At every moment the chargers saw, the limits in force sum within the site limit.
    const sums = sumsOverTime(moments, ids);
    expect(Math.max(...sums)).toBeLessThanOrEqual(siteLimitA);
    // Every dynamic TxProfile is leased (15 minutes by default).
    const profiles = moments.filter((moment) => moment.kind === 'profile');
    expect(profiles.every((moment) => moment.kind === 'profile' && moment.validTo !== undefined)).toBe(true);

    const history = await tenant.api.get('/v1/sites/depot/load-management/history?limit=100');
    expect(history.status).toBe(200);
    expect(history.body.items).toHaveLength(profiles.length);
    expect(history.body.items[0]).toMatchObject({ chargerId: 'LB-16', limitA: 20, status: 'Accepted' });
    const changes = runtime.eventBridge.events.filter(
      (event) =>
        event['detail-type'] === eventCatalog.allocationChanged.detailType &&
        (event.detail as { tenantId: string }).tenantId === tenant.tenantId,
    );
    expect(changes.length).toBeGreaterThanOrEqual(5);
    await Promise.all([c16.close(), a.close(), b.close()]);
  });

  it('a charger that rejects every profile is flagged and budgeted at its rated current, and not retried at once', async () => {
    // Prepare
    const { runtime } = env;
    const tenant = await provisionTenant(runtime.apiUrl, runtime.adminKey, ['RJ-1', 'OK-1'], 'yard');
    const limits = { maxCurrentA: 63 };
    expect((await tenant.api.put('/v1/sites/yard/load-management', limits)).status).toBe(201);
    expect((await tenant.api.put('/v1/id-tokens/TAG-1', { status: 'Accepted' })).status).toBe(201);
    await runtime.settled();
    const received: Record<string, number[]> = { 'RJ-1': [], 'OK-1': [] };
    const connect = async (chargerId: string, answer: 'Accepted' | 'Rejected') => {
      const client = await connectCharger({
        ocppUrl: runtime.ocppUrl,
        tenantId: tenant.tenantId,
        chargerId,
        password: tenant.chargers[chargerId]!.password,
      });
      client.raw.handle('SetChargingProfile', async ({ params }: Call) => {
        // Fail-safe defaults (TxDefaultProfile) come on every change of the settings; count the dynamic limits.
        if (params.chargingProfile.chargingProfilePurpose === 'TxProfile') {
          received[chargerId]!.push(
            params.chargingProfile.chargingSchedule[0].chargingSchedulePeriod[0].limit,
          );
        }
        return { status: answer };
      });
      return client;
    };
    const rejecting = await connect('RJ-1', 'Rejected');
    const accepting = await connect('OK-1', 'Accepted');
    const start = (transactionId: string) => ({
      eventType: 'Started',
      timestamp: new Date().toISOString(),
      triggerReason: 'Authorized',
      seqNo: 0,
      transactionInfo: { transactionId },
      evse: { id: 1, connectorId: 1 },
      idToken: { idToken: 'TAG-1', type: 'ISO14443' },
    });

    // Act: two sessions, then limit changes through the API (each one a run) until the charger is flagged.
    await rejecting.call('TransactionEvent', start('TX-R'));
    await runtime.settled();
    await accepting.call('TransactionEvent', start('TX-OK'));
    await runtime.settled();
    for (const maxCurrentA of [62, 61, 60]) {
      await tenant.api.put('/v1/sites/yard/load-management', { maxCurrentA });
      await runtime.settled();
    }
    const view = await tenant.api.get('/v1/sites/yard/load-management');
    const flaggedEvents = runtime.eventBridge.events.filter(
      (event) =>
        event['detail-type'] === eventCatalog.allocationChanged.detailType &&
        (event.detail as { tenantId: string; allocations: { flagged?: boolean }[] }).tenantId ===
          tenant.tenantId &&
        (event.detail as { allocations: { flagged?: boolean }[] }).allocations.some((a) => a.flagged),
    );

    // Assess: three rejections in a row, one per run, then no more; the other session shares what is left.
    expect(received['RJ-1']).toHaveLength(3);
    const byCharger = Object.fromEntries(
      (view.body.allocations as { chargerId: string }[]).map((allocation) => [
        allocation.chargerId,
        allocation,
      ]),
    );
    expect(byCharger['RJ-1']).toMatchObject({ status: 'Budgeted', flagged: true, limitA: 32 });
    // The site (60 A) less the rejecting charger at its rated 32 A: 28 A for the one that takes limits.
    expect(byCharger['OK-1']).toMatchObject({ status: 'Accepted', limitA: 28 });
    expect(received['OK-1']!.every((limitA) => limitA + 32 <= 63)).toBe(true);
    expect(flaggedEvents.length).toBeGreaterThanOrEqual(1);
    await Promise.all([rejecting.close(), accepting.close()]);
  });
  it('an EV that reports its departure and energy (NotifyEVChargingNeeds) gets the larger share', async () => {
    // Prepare
    const { runtime } = env;
    const ids = ['UR-A', 'UR-B'] as const;
    const tenant = await givenManagedSite(runtime, 'yard', ids, siteLimitA);
    expect((await tenant.api.put('/v1/id-tokens/TAG-U', { status: 'Accepted' })).status).toBe(201);
    await runtime.settled();
    const clients = [];
    for (const chargerId of ids) clients.push(await acceptingCharger(runtime, tenant, chargerId));
    const [urgent, relaxed] = clients as [(typeof clients)[0], (typeof clients)[0]];
    const inAnHour = new Date(Date.now() + 3_600_000).toISOString();
    // 20 kWh within the hour: about 29 A on three phases, most of what its charger can take.
    await urgent.call('NotifyEVChargingNeeds', {
      evseId: 1,
      chargingNeeds: {
        requestedEnergyTransfer: 'AC_three_phase',
        departureTime: inAnHour,
        acChargingParameters: { energyAmount: 20_000, evMinCurrent: 6, evMaxCurrent: 32, evMaxVoltage: 400 },
      },
    });

    // Act
    for (const [client, transactionId] of [
      [urgent, 'TX-URGENT'],
      [relaxed, 'TX-RELAXED'],
    ] as const) {
      await client.call('TransactionEvent', {
        eventType: 'Started',
        timestamp: new Date().toISOString(),
        triggerReason: 'Authorized',
        seqNo: 0,
        transactionInfo: { transactionId },
        evse: { id: 1, connectorId: 1 },
        idToken: { idToken: 'TAG-U', type: 'ISO14443' },
      });
      await runtime.settled();
    }

    // Assess: without the needs, each would get 16 A.
    const limits = await allocatedLimits(tenant, 'yard');
    expect(limits['UR-A']![1]).toBe('Accepted');
    expect(limits['UR-B']![1]).toBe('Accepted');
    expect(limits['UR-A']![0]).toBeGreaterThan(20);
    expect(limits['UR-B']![0]).toBeGreaterThanOrEqual(6);
    expect((limits['UR-A']![0] as number) + (limits['UR-B']![0] as number)).toBeLessThanOrEqual(siteLimitA);
    for (const client of clients) await client.close();
  });

  it('a session whose id token has chargingPriority 3 gets twice the share of one without (2.0.1 sees it too)', async () => {
    // Prepare: a 30 A site, two 2.0.1 chargers; one driver's token has priority 3, the other's none (0).
    const { runtime } = env;
    const ids = ['PR-A', 'PR-B'] as const;
    const tenant = await givenManagedSite(runtime, 'lot', ids, 30);
    const put = await tenant.api.put('/v1/id-tokens/TAG-VIP', { status: 'Accepted', chargingPriority: 3 });
    expect(put.status).toBe(201);
    expect(put.body.chargingPriority).toBe(3);
    expect((await tenant.api.put('/v1/id-tokens/TAG-STD', { status: 'Accepted' })).status).toBe(201);
    await runtime.settled();
    const clients = [];
    for (const chargerId of ids) clients.push(await acceptingCharger(runtime, tenant, chargerId));
    const [vip, standard] = clients as [(typeof clients)[0], (typeof clients)[0]];

    // Act
    const authorized = await vip.call('Authorize', { idToken: { idToken: 'TAG-VIP', type: 'ISO14443' } });
    const plain = await standard.call('Authorize', { idToken: { idToken: 'TAG-STD', type: 'ISO14443' } });
    const started = [];
    for (const [client, transactionId, idToken] of [
      [vip, 'TX-VIP', 'TAG-VIP'],
      [standard, 'TX-STD', 'TAG-STD'],
    ] as const) {
      started.push(
        await client.call('TransactionEvent', {
          eventType: 'Started',
          timestamp: new Date().toISOString(),
          triggerReason: 'Authorized',
          seqNo: 0,
          transactionInfo: { transactionId },
          evse: { id: 1, connectorId: 1 },
          idToken: { idToken, type: 'ISO14443' },
        }),
      );
      await runtime.settled();
    }

    // Assess: the strict clients checked the answers against the schemas; the priority rides in IdTokenInfo.
    expect(authorized.idTokenInfo).toMatchObject({ status: 'Accepted', chargingPriority: 3 });
    expect(plain.idTokenInfo.chargingPriority).toBeUndefined();
    expect(started[0]!.idTokenInfo).toMatchObject({ status: 'Accepted', chargingPriority: 3 });
    const limits = await allocatedLimits(tenant, 'lot');
    expect(limits).toEqual({ 'PR-A': [20, 'Accepted'], 'PR-B': [10, 'Accepted'] });
    for (const client of clients) await client.close();
  });

  it("a session's vehicle priority wins over its id token's (1.6 and 2.0.1 mixed)", async () => {
    // Prepare: the driver's token says -9 (it alone would weigh 1/8), the driver's only vehicle says 3.
    const { runtime } = env;
    const ids = ['PV-16', 'PV-B'] as const;
    const tenant = await givenManagedSite(runtime, 'fleet', ids, 30);
    const driver = await tenant.api.post('/v1/drivers', { name: 'Vera' });
    expect(driver.status).toBe(201);
    const vehicle = await tenant.api.post('/v1/vehicles', {
      driverId: driver.body.driverId,
      licencePlate: 'B-EV 3',
      chargingPriority: 3,
    });
    expect(vehicle.status).toBe(201);
    const low = { status: 'Accepted', chargingPriority: -9, driverId: driver.body.driverId };
    expect((await tenant.api.put('/v1/id-tokens/TAG-CAR', low)).status).toBe(201);
    expect((await tenant.api.put('/v1/id-tokens/TAG-ANY', { status: 'Accepted' })).status).toBe(201);
    await runtime.settled();
    const c16 = await acceptingCharger(runtime, tenant, 'PV-16', 'ocpp1.6');
    const b = await acceptingCharger(runtime, tenant, 'PV-B');

    // Act
    const started = await c16.call('StartTransaction', {
      connectorId: 1,
      idTag: 'TAG-CAR',
      meterStart: 0,
      timestamp: new Date().toISOString(),
    });
    await runtime.settled();
    await b.call('TransactionEvent', {
      eventType: 'Started',
      timestamp: new Date().toISOString(),
      triggerReason: 'Authorized',
      seqNo: 0,
      transactionInfo: { transactionId: 'TX-ANY' },
      evse: { id: 1, connectorId: 1 },
      idToken: { idToken: 'TAG-ANY', type: 'ISO14443' },
    });
    await runtime.settled();

    // Assess: the vehicle's 3 against 0 is 2:1 (the token's -9 would have left it the 6 A minimum).
    expect(started.idTagInfo.status).toBe('Accepted');
    const session = await tenant.api.get('/v1/sessions?chargerId=PV-16');
    expect(session.body.items[0]).toMatchObject({ vehicleId: vehicle.body.vehicleId });
    const limits = await allocatedLimits(tenant, 'fleet');
    expect(limits).toEqual({ 'PV-16': [20, 'Accepted'], 'PV-B': [10, 'Accepted'] });
    await Promise.all([c16.close(), b.close()]);
  });
});
