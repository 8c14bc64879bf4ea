import { beforeEach, describe, expect, it } from 'vitest';
import { billSession } from '../../../shared/slices/billing/bill-session.ts';
import { recordSessionEvent } from '../../../shared/slices/transactions/sessions.ts';
import { callApi, type TenantCaller } from '../../support/api-handler-call.ts';
import { createTestDependencies, type TestDependencies } from '../../support/test-dependencies.ts';
import { aMessageContext } from '../domain/builders.ts';
import { aReading, aSessionEvent } from '../domain/session-builders.ts';

/*
 * Fleets through the API function in-process, over the real repositories (dynalite): CRUD, membership of drivers
 * and vehicles, sessions attributed at their token and listed per fleet across sites, the monthly report (JSON
 * and CSV), and fleet-scoped keys: only their fleet's routes (403 elsewhere), only their fleet (404 for another).
 */

const admin: TenantCaller = { tenantId: 'tenant-a', role: 'admin' };
const viewer: TenantCaller = { tenantId: 'tenant-a', role: 'viewer' };
const otherTenant: TenantCaller = { tenantId: 'tenant-b', role: 'admin' };
const siteLimited: TenantCaller = { tenantId: 'tenant-a', role: 'admin', siteIds: ['site-1'] };

/** 0.30 per kWh excl. VAT, 20 % VAT: the tenant's default. */
const tariff = {
  currency: 'EUR',
  default: true,
  elements: [{ price_components: [{ type: 'ENERGY', price: 0.3, vat: 20, step_size: 1 }] }],
};

describe('fleets API', () => {
  let deps: TestDependencies;
  const call = (
    caller: TenantCaller,
    method: string,
    route: string,
    request: {
      path?: Record<string, string>;
      query?: Record<string, string>;
      headers?: Record<string, string>;
      body?: unknown;
    } = {},
  ) => callApi(deps, caller, { method, route, ...request });
  const created = async (route: string, body: unknown, caller = admin) => {
    const response = await call(caller, 'POST', route, { body });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body;
  };
  const newFleet = async (name = 'Acme pool', caller = admin) =>
    (await created('/v1/fleets', { name }, caller)).fleetId as string;
  const fleetPath = (fleetId: string) => ({ path: { fleetId } });
  const fleetKey = (fleetId: string, role: 'viewer' | 'operator' = 'viewer'): TenantCaller => ({
    tenantId: 'tenant-a',
    role,
    keyId: `key-fleet-${fleetId}`,
    fleetId,
  });

  /** A whole session of `idToken` on a charger of `siteId`, 10 kWh, started at `startedAt`. */
  const charge = async (
    chargerTransactionId: string,
    idToken: string,
    startedAt: string,
    siteId = 'site-1',
  ) => {
    const ctx = aMessageContext({ ocppVersion: 'ocpp2.0.1', chargerId: `cp-${siteId}`, siteId });
    const endedAt = new Date(new Date(startedAt).getTime() + 3_600_000).toISOString();
    await recordSessionEvent(
      deps,
      ctx,
      aSessionEvent({
        chargerTransactionId,
        eventType: 'Started',
        at: startedAt,
        seqNo: 0,
        evseId: 1,
        connectorId: 1,
        idToken: { idToken, type: 'ISO14443' },
        meterValues: [aReading(startedAt, 1000)],
      }),
    );
    const { session } = await recordSessionEvent(
      deps,
      ctx,
      aSessionEvent({
        chargerTransactionId,
        eventType: 'Ended',
        at: endedAt,
        seqNo: 1,
        stoppedReason: 'EVDisconnected',
        meterValues: [aReading(endedAt, 11_000)],
      }),
    );
    return session;
  };

  beforeEach(async () => {
    deps = await createTestDependencies();
  });

  it('creates, reads, lists, changes and deletes a fleet', async () => {
    // Prepare
    const fleet = await created('/v1/fleets', { name: ' Acme pool ', description: 'Company cars' });

    // Act
    const read = await call(viewer, 'GET', '/v1/fleets/{fleetId}', fleetPath(fleet.fleetId));
    const changed = await call(admin, 'PATCH', '/v1/fleets/{fleetId}', {
      ...fleetPath(fleet.fleetId),
      body: { name: 'Acme', description: null },
    });
    const listed = await call(viewer, 'GET', '/v1/fleets');
    const deleted = await call(admin, 'DELETE', '/v1/fleets/{fleetId}', fleetPath(fleet.fleetId));
    const gone = await call(viewer, 'GET', '/v1/fleets/{fleetId}', fleetPath(fleet.fleetId));

    // Assess
    expect(fleet).toMatchObject({ name: 'Acme pool', description: 'Company cars', createdBy: 'key-admin' });
    expect(fleet).not.toHaveProperty('tenantId');
    expect(read).toMatchObject({ status: 200, body: fleet });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ name: 'Acme' });
    expect(changed.body).not.toHaveProperty('description');
    expect(listed.body.items).toEqual([changed.body]);
    expect(deleted).toMatchObject({ status: 200, body: { fleetId: fleet.fleetId } });
    expect(gone.status).toBe(404);
  });

  it.each([
    ['no name', 'POST', {}, 'name'],
    ['an unknown field', 'POST', { name: 'A', colour: 'red' }, 'colour'],
    ['nothing to change', 'PATCH', {}, 'nothing to change'],
  ])('refuses a fleet with %s', async (_case, method, body, message) => {
    // Prepare
    const fleetId = await newFleet();

    // Act
    const response =
      method === 'POST'
        ? await call(admin, 'POST', '/v1/fleets', { body })
        : await call(admin, 'PATCH', '/v1/fleets/{fleetId}', { ...fleetPath(fleetId), body });

    // Assess
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain(message);
  });

  it('puts drivers and vehicles in a fleet, moves them and takes them out; 400 for an unknown fleet', async () => {
    // Prepare
    const [fleetA, fleetB] = [await newFleet('A'), await newFleet('B')];
    const driver = await created('/v1/drivers', { name: 'Ada', fleetId: fleetA });
    const vehicle = await created('/v1/vehicles', { licencePlate: 'b-ev 1' });

    // Act
    const unknown = await call(admin, 'PATCH', '/v1/vehicles/{vehicleId}', {
      path: { vehicleId: vehicle.vehicleId },
      body: { fleetId: '01JUNKNOWNFLEET', make: 'Renault' },
    });
    const unchanged = await call(viewer, 'GET', '/v1/vehicles/{vehicleId}', {
      path: { vehicleId: vehicle.vehicleId },
    });
    const joined = await call(admin, 'PATCH', '/v1/vehicles/{vehicleId}', {
      path: { vehicleId: vehicle.vehicleId },
      body: { fleetId: fleetA },
    });
    const membersOfA = async () => ({
      drivers: (await call(viewer, 'GET', '/v1/fleets/{fleetId}/drivers', fleetPath(fleetA))).body.items,
      vehicles: (await call(viewer, 'GET', '/v1/fleets/{fleetId}/vehicles', fleetPath(fleetA))).body.items,
    });
    const whileInA = await membersOfA();
    await call(admin, 'PATCH', '/v1/vehicles/{vehicleId}', {
      path: { vehicleId: vehicle.vehicleId },
      body: { fleetId: fleetB },
    });
    await call(admin, 'PATCH', '/v1/drivers/{driverId}', {
      path: { driverId: driver.driverId },
      body: { fleetId: null },
    });
    const afterMoves = await membersOfA();
    const ofB = await call(viewer, 'GET', '/v1/fleets/{fleetId}/vehicles', fleetPath(fleetB));

    // Assess
    expect(driver.fleetId).toBe(fleetA);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain('body.fleetId');
    expect(unchanged.body).not.toHaveProperty('make');
    expect(unchanged.body).not.toHaveProperty('fleetId');
    expect(joined.body.fleetId).toBe(fleetA);
    expect(whileInA.drivers.map((d: { driverId: string }) => d.driverId)).toEqual([driver.driverId]);
    expect(whileInA.vehicles.map((v: { vehicleId: string }) => v.vehicleId)).toEqual([vehicle.vehicleId]);
    expect(afterMoves).toEqual({ drivers: [], vehicles: [] });
    expect(ofB.body.items).toEqual([
      expect.objectContaining({ vehicleId: vehicle.vehicleId, fleetId: fleetB }),
    ]);
  });

  it('refuses to delete a fleet with members (409, nothing changed), and deletes it once they are out', async () => {
    // Prepare
    const fleetId = await newFleet();
    const vehicle = await created('/v1/vehicles', { fleetId });

    // Act
    const refused = await call(admin, 'DELETE', '/v1/fleets/{fleetId}', fleetPath(fleetId));
    const still = await call(viewer, 'GET', '/v1/fleets/{fleetId}', fleetPath(fleetId));
    await call(admin, 'DELETE', '/v1/vehicles/{vehicleId}', { path: { vehicleId: vehicle.vehicleId } });
    const deleted = await call(admin, 'DELETE', '/v1/fleets/{fleetId}', fleetPath(fleetId));

    // Assess
    expect(refused.status).toBe(409);
    expect(still.status).toBe(200);
    expect(deleted.status).toBe(200);
  });

  it("erasing a fleet's driver and deleting its vehicle take them out of the fleet", async () => {
    // Prepare
    const fleetId = await newFleet();
    const driver = await created('/v1/drivers', { name: 'Ada', fleetId });
    const vehicle = await created('/v1/vehicles', { driverId: driver.driverId, fleetId });

    // Act
    await call(admin, 'DELETE', '/v1/drivers/{driverId}', { path: { driverId: driver.driverId } });
    const withVehicle = await call(admin, 'DELETE', '/v1/fleets/{fleetId}', fleetPath(fleetId));
    await call(admin, 'DELETE', '/v1/vehicles/{vehicleId}', { path: { vehicleId: vehicle.vehicleId } });
    const drivers = await call(viewer, 'GET', '/v1/fleets/{fleetId}/drivers', fleetPath(fleetId));
    const empty = await call(admin, 'DELETE', '/v1/fleets/{fleetId}', fleetPath(fleetId));

    // Assess
    expect(withVehicle.status).toBe(409);
    expect(drivers.body.items).toEqual([]);
    expect(empty.status).toBe(200);
  });

  it('attributes a session at its token and lists it under the fleet across sites; moves keep history', async () => {
    // Prepare
    const [fleetA, fleetB] = [await newFleet('A'), await newFleet('B')];
    const driver = await created('/v1/drivers', { name: 'Ada' });
    const vehicle = await created('/v1/vehicles', { driverId: driver.driverId, fleetId: fleetA });
    await call(admin, 'PUT', '/v1/id-tokens/{idToken}', {
      path: { idToken: 'TAG-ADA' },
      body: { status: 'Accepted', driverId: driver.driverId },
    });
    const first = await charge('tx-1', 'tag-ada', '2026-01-10T08:00:00.000Z', 'site-1');
    const second = await charge('tx-2', 'TAG-ADA', '2026-01-20T08:00:00.000Z', 'site-2');
    await charge('tx-3', 'TAG-NOBODY', '2026-01-21T08:00:00.000Z', 'site-1');

    // Act
    await call(admin, 'PATCH', '/v1/vehicles/{vehicleId}', {
      path: { vehicleId: vehicle.vehicleId },
      body: { fleetId: fleetB },
    });
    const third = await charge('tx-4', 'TAG-ADA', '2026-02-01T08:00:00.000Z', 'site-1');
    const ofA = await call(viewer, 'GET', '/v1/fleets/{fleetId}/sessions', fleetPath(fleetA));
    const ofB = await call(viewer, 'GET', '/v1/fleets/{fleetId}/sessions', fleetPath(fleetB));
    const ranged = await call(viewer, 'GET', '/v1/fleets/{fleetId}/sessions', {
      ...fleetPath(fleetA),
      query: { from: '2026-01-15T00:00:00Z', to: '2026-01-20T08:00:00.000Z' },
    });
    const paged = await call(viewer, 'GET', '/v1/fleets/{fleetId}/sessions', {
      ...fleetPath(fleetA),
      query: { limit: '1' },
    });
    const next = await call(viewer, 'GET', '/v1/fleets/{fleetId}/sessions', {
      ...fleetPath(fleetA),
      query: { limit: '1', cursor: paged.body.cursor },
    });
    const detail = await call(viewer, 'GET', '/v1/sessions/{sessionId}', {
      path: { sessionId: first.sessionId },
    });

    // Assess
    expect(first).toMatchObject({ driverId: driver.driverId, vehicleId: vehicle.vehicleId, fleetId: fleetA });
    expect(third.fleetId).toBe(fleetB);
    expect(ofA.body.items.map((s: { sessionId: string }) => s.sessionId)).toEqual([
      second.sessionId,
      first.sessionId,
    ]);
    expect(ofA.body.items.map((s: { siteId: string }) => s.siteId)).toEqual(['site-2', 'site-1']);
    expect(ofB.body.items.map((s: { sessionId: string }) => s.sessionId)).toEqual([third.sessionId]);
    // `to` is exclusive: the session that started at exactly `to` is not in the range.
    expect(ranged.body.items).toEqual([]);
    expect(paged.body.items.map((s: { sessionId: string }) => s.sessionId)).toEqual([second.sessionId]);
    expect(next.body.items.map((s: { sessionId: string }) => s.sessionId)).toEqual([first.sessionId]);
    expect(next.body).not.toHaveProperty('cursor');
    expect(detail.body).toMatchObject({
      driverId: driver.driverId,
      vehicleId: vehicle.vehicleId,
      fleetId: fleetA,
    });
  });

  it('reports a month per vehicle and per driver without a vehicle, with the billed cost, as JSON and CSV', async () => {
    // Prepare
    await call(admin, 'PUT', '/v1/tariffs/{tariffId}', { path: { tariffId: 'T-1' }, body: tariff });
    const fleetId = await newFleet();
    const ada = await created('/v1/drivers', { name: 'Ada', fleetId });
    const bob = await created('/v1/drivers', { name: 'Bob', fleetId });
    const car = await created('/v1/vehicles', { driverId: ada.driverId, licencePlate: 'B-EV 1' });
    await created('/v1/vehicles', { driverId: bob.driverId });
    await created('/v1/vehicles', { driverId: bob.driverId });
    for (const [token, driverId] of [
      ['TAG-ADA', ada.driverId],
      ['TAG-BOB', bob.driverId],
    ])
      await call(admin, 'PUT', '/v1/id-tokens/{idToken}', {
        path: { idToken: token },
        body: { status: 'Accepted', driverId },
      });
    const sessions = [
      await charge('tx-1', 'TAG-ADA', '2026-01-10T08:00:00.000Z'),
      await charge('tx-2', 'TAG-ADA', '2026-01-11T08:00:00.000Z', 'site-2'),
      await charge('tx-3', 'TAG-BOB', '2026-01-12T08:00:00.000Z'),
      await charge('tx-4', 'TAG-ADA', '2026-02-01T00:00:00.000Z'),
    ];
    // Ada's first three are billed; the one in February is not (yet).
    for (const session of sessions.slice(0, 3))
      await billSession(deps, {
        tenantId: 'tenant-a',
        sessionId: session.sessionId,
        correlationId: 'c',
        executionId: 'e',
      });

    // Act
    const january = await call(viewer, 'GET', '/v1/fleets/{fleetId}/reports/monthly', {
      ...fleetPath(fleetId),
      query: { month: '2026-01' },
    });
    deps.clock.set('2026-02-15T12:00:00.000Z');
    const current = await call(viewer, 'GET', '/v1/fleets/{fleetId}/reports/monthly', fleetPath(fleetId));
    const both = await call(viewer, 'GET', '/v1/fleets/{fleetId}/reports/monthly', {
      ...fleetPath(fleetId),
      query: { from: '2026-01', to: '2026-02' },
      headers: { accept: 'text/csv' },
    });

    // Assess
    expect(january.status).toBe(200);
    // 10 kWh at 0.30: 3.00 excl. VAT, 0.60 VAT, per session.
    expect(january.body).toEqual({
      fleetId,
      from: '2026-01',
      to: '2026-01',
      rows: [
        {
          month: '2026-01',
          vehicleId: car.vehicleId,
          licencePlate: 'B-EV 1',
          sessions: 2,
          energyKwh: 20,
          currency: 'EUR',
          totalExclVat: 600,
          totalVat: 120,
          totalInclVat: 720,
        },
        {
          month: '2026-01',
          driverId: bob.driverId,
          sessions: 1,
          energyKwh: 10,
          currency: 'EUR',
          totalExclVat: 300,
          totalVat: 60,
          totalInclVat: 360,
        },
      ],
    });
    expect(current.body).toMatchObject({ from: '2026-02', to: '2026-02', rows: [{ sessions: 1 }] });
    expect(both.headers['content-type']).toContain('text/csv');
    expect(both.body.split('\r\n')).toEqual([
      'month,vehicleId,licencePlate,driverId,sessions,energyKwh,currency,totalExclVat,totalVat,totalInclVat',
      `2026-01,${car.vehicleId},B-EV 1,,2,20,EUR,600,120,720`,
      `2026-01,,,${bob.driverId},1,10,EUR,300,60,360`,
      `2026-02,${car.vehicleId},B-EV 1,,1,10,,,,`,
      '',
    ]);
  });

  it.each([
    [{ month: '2026-13' }, 'month'],
    [{ month: '2026-01', from: '2026-01' }, 'either month or from/to'],
    [{ from: '2026-01' }, 'from and to go together'],
    [{ from: '2026-03', to: '2026-01' }, 'must not be before from'],
    [{ from: '2025-01', to: '2026-01' }, 'at most 12 months'],
  ])('refuses the report query %j', async (query, message) => {
    // Prepare
    const fleetId = await newFleet();

    // Act
    const response = await call(viewer, 'GET', '/v1/fleets/{fleetId}/reports/monthly', {
      ...fleetPath(fleetId),
      query,
    });

    // Assess
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain(message);
  });

  it('issues a fleet-scoped key only as viewer or operator of an existing fleet, not with sites', async () => {
    // Prepare
    const fleetId = await newFleet();

    // Act
    const issued = await call(admin, 'POST', '/v1/api-keys', { body: { role: 'operator', fleetId } });
    const asAdmin = await call(admin, 'POST', '/v1/api-keys', { body: { role: 'admin', fleetId } });
    const withSites = await call(admin, 'POST', '/v1/api-keys', {
      body: { role: 'viewer', fleetId, siteIds: ['site-1'] },
    });
    const unknown = await call(admin, 'POST', '/v1/api-keys', {
      body: { role: 'viewer', fleetId: '01JUNKNOWNFLEET' },
    });
    const listed = await call(admin, 'GET', '/v1/api-keys');

    // Assess
    expect(issued.status).toBe(201);
    expect(issued.body).toMatchObject({ role: 'operator', fleetId });
    expect(asAdmin.status).toBe(400);
    expect(asAdmin.body.error.message).toContain('role');
    expect(withSites.status).toBe(400);
    expect(withSites.body.error.message).toContain('siteIds');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain('body.fleetId');
    expect(listed.body.items).toEqual([expect.objectContaining({ keyId: issued.body.keyId, fleetId })]);
  });

  it("a fleet key sees its own fleet's routes only: 403 elsewhere, 404 for another fleet", async () => {
    // Prepare
    const [own, other] = [await newFleet('own'), await newFleet('other')];
    const key = fleetKey(own, 'operator');
    const driver = await created('/v1/drivers', { name: 'Ada', fleetId: own });

    // Act
    const ownRoutes = await Promise.all(
      [
        '/v1/fleets/{fleetId}',
        '/v1/fleets/{fleetId}/drivers',
        '/v1/fleets/{fleetId}/vehicles',
        '/v1/fleets/{fleetId}/sessions',
      ].map((route) => call(key, 'GET', route, fleetPath(own))),
    );
    const ownReport = await call(key, 'GET', '/v1/fleets/{fleetId}/reports/monthly', {
      ...fleetPath(own),
      query: { month: '2026-01' },
    });
    const otherFleet = await Promise.all(
      [
        '/v1/fleets/{fleetId}',
        '/v1/fleets/{fleetId}/drivers',
        '/v1/fleets/{fleetId}/vehicles',
        '/v1/fleets/{fleetId}/sessions',
      ].map((route) => call(key, 'GET', route, fleetPath(other))),
    );
    const forbidden = await Promise.all([
      call(key, 'GET', '/v1/fleets'),
      call(key, 'GET', '/v1/sessions'),
      call(key, 'GET', '/v1/chargers'),
      call(key, 'GET', '/v1/drivers/{driverId}', { path: { driverId: driver.driverId } }),
      call(key, 'PATCH', '/v1/fleets/{fleetId}', { ...fleetPath(own), body: { name: 'mine' } }),
      call(key, 'POST', '/v1/fleets', { body: { name: 'new' } }),
    ]);

    // Assess
    expect(ownRoutes.map((response) => response.status)).toEqual([200, 200, 200, 200]);
    expect(ownRoutes[1]?.body.items).toEqual([expect.objectContaining({ driverId: driver.driverId })]);
    expect(ownReport.status).toBe(200);
    expect(otherFleet.map((response) => response.status)).toEqual([404, 404, 404, 404]);
    expect(forbidden.map((response) => response.status)).toEqual([403, 403, 403, 403, 403, 403]);
  });

  it("answers 404 for another tenant's fleet and 403 to a site-limited key, and changes nothing", async () => {
    // Prepare
    const fleetId = await newFleet();

    // Act
    const otherTenantCalls = await Promise.all([
      call(otherTenant, 'GET', '/v1/fleets/{fleetId}', fleetPath(fleetId)),
      call(otherTenant, 'PATCH', '/v1/fleets/{fleetId}', { ...fleetPath(fleetId), body: { name: 'x' } }),
      call(otherTenant, 'DELETE', '/v1/fleets/{fleetId}', fleetPath(fleetId)),
      call(otherTenant, 'GET', '/v1/fleets/{fleetId}/sessions', fleetPath(fleetId)),
      call(otherTenant, 'GET', '/v1/fleets/{fleetId}/reports/monthly', {
        ...fleetPath(fleetId),
        query: { month: '2026-01' },
      }),
    ]);
    const putInOtherTenantsFleet = await call(otherTenant, 'POST', '/v1/drivers', {
      body: { name: 'Eve', fleetId },
    });
    const siteKey = await call(siteLimited, 'GET', '/v1/fleets/{fleetId}', fleetPath(fleetId));
    const after = await call(viewer, 'GET', '/v1/fleets/{fleetId}', fleetPath(fleetId));

    // Assess
    expect(otherTenantCalls.map((response) => response.status)).toEqual([404, 404, 404, 404, 404]);
    expect(putInOtherTenantsFleet.status).toBe(400);
    expect(siteKey.status).toBe(403);
    expect(after.body.name).toBe('Acme pool');
  });
});
