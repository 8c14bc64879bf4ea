import { beforeEach, describe, expect, it } from 'vitest';
import { callApi, type TenantCaller } from '../../support/api-handler-call.ts';
import { createTestDependencies, type TestDependencies } from '../../support/test-dependencies.ts';

/*
 * Drivers and vehicles through the API function in-process, over the real repositories (dynalite): creation,
 * validation naming the field, links between vehicles and drivers, GDPR export and erasure, other tenants.
 */

const admin: TenantCaller = { tenantId: 'tenant-a', role: 'admin' };
const viewer: TenantCaller = { tenantId: 'tenant-a', role: 'viewer' };
const otherTenant: TenantCaller = { tenantId: 'tenant-b', role: 'admin' };
const siteLimited: TenantCaller = { tenantId: 'tenant-a', role: 'admin', siteIds: ['S-1'] };

describe('drivers and vehicles API', () => {
  let deps: TestDependencies;
  const call = (
    caller: TenantCaller,
    method: string,
    route: string,
    request: { path?: Record<string, string>; body?: unknown } = {},
  ) => callApi(deps, caller, { method, route, ...request });
  const newDriver = async (body: unknown = { name: 'Ada Lovelace', email: 'ada@example.test' }) => {
    const response = await call(admin, 'POST', '/v1/drivers', { body });
    expect(response.status).toBe(201);
    return response.body.driverId as string;
  };
  const newVehicle = async (body: unknown) => {
    const response = await call(admin, 'POST', '/v1/vehicles', { body });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body.vehicleId as string;
  };
  const driverPath = (driverId: string) => ({ path: { driverId } });
  const vehiclePath = (vehicleId: string) => ({ path: { vehicleId } });

  beforeEach(async () => {
    deps = await createTestDependencies();
  });

  it('creates a driver with an id of the CSMS and audit fields, and reads it back', async () => {
    // Act
    const created = await call(admin, 'POST', '/v1/drivers', {
      body: { name: ' Ada Lovelace ', email: 'ada@example.test', externalRef: 'crm-42' },
    });
    const read = await call(viewer, 'GET', '/v1/drivers/{driverId}', driverPath(created.body.driverId));

    // Assess
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      driverId: expect.any(String),
      name: 'Ada Lovelace',
      email: 'ada@example.test',
      externalRef: 'crm-42',
      createdBy: 'key-admin',
    });
    expect(created.body).not.toHaveProperty('tenantId');
    expect(read).toMatchObject({ status: 200, body: created.body });
  });

  it.each([
    ['no name', {}, 'name'],
    ['an e-mail that is not one', { name: 'A', email: 'not-an-email' }, 'email'],
    ['an unknown field', { name: 'A', password: 'secret' }, 'password'],
  ])('refuses a driver with %s, naming the field', async (_case, body, field) => {
    // Act
    const response = await call(admin, 'POST', '/v1/drivers', { body });

    // Assess
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalid_request');
    expect(response.body.error.message).toContain(field);
  });

  it('changes a driver and removes a field with null', async () => {
    // Prepare
    const driverId = await newDriver({ name: 'Ada', email: 'ada@example.test', externalRef: 'crm-1' });

    // Act
    const changed = await call(admin, 'PATCH', '/v1/drivers/{driverId}', {
      ...driverPath(driverId),
      body: { name: 'Ada L.', email: null },
    });
    const empty = await call(admin, 'PATCH', '/v1/drivers/{driverId}', { ...driverPath(driverId), body: {} });

    // Assess
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ name: 'Ada L.', externalRef: 'crm-1' });
    expect(changed.body).not.toHaveProperty('email');
    expect(empty.status).toBe(400);
  });

  it('lists drivers in pages, in creation order', async () => {
    // Prepare
    const ids = [
      await newDriver({ name: 'D1' }),
      await newDriver({ name: 'D2' }),
      await newDriver({ name: 'D3' }),
    ];

    // Act
    const firstPage = await call(viewer, 'GET', '/v1/drivers');

    // Assess
    expect(firstPage.status).toBe(200);
    expect(firstPage.body.items.map((driver: { driverId: string }) => driver.driverId)).toEqual(ids);
  });

  it('normalises a vehicle’s plate and MAC address, and refuses a driver the tenant does not have', async () => {
    // Prepare
    const driverId = await newDriver();

    // Act
    const created = await call(admin, 'POST', '/v1/vehicles', {
      body: { driverId, licencePlate: 'b-ab 123', macAddress: '00:1a:2b:3c:4d:5e', batteryCapacityKwh: 77 },
    });
    const unknown = await call(admin, 'POST', '/v1/vehicles', {
      body: { driverId: '01JD8X3Q4M5N6P7R8S9T0V1W2X' },
    });
    const badMac = await call(admin, 'POST', '/v1/vehicles', { body: { macAddress: 'zz:zz' } });

    // Assess
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      driverId,
      licencePlate: 'B-AB 123',
      macAddress: '001A2B3C4D5E',
      batteryCapacityKwh: 77,
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain('driverId');
    expect(badMac.status).toBe(400);
    expect(badMac.body.error.message).toContain('macAddress');
  });

  it('exports a driver with their vehicles, and follows a vehicle moved to another driver', async () => {
    // Prepare
    const ada = await newDriver({ name: 'Ada' });
    const bob = await newDriver({ name: 'Bob' });
    const car = await newVehicle({ driverId: ada, licencePlate: 'CAR-1' });
    const van = await newVehicle({ driverId: ada, licencePlate: 'VAN-1' });

    // Act
    const before = await call(admin, 'GET', '/v1/drivers/{driverId}/export', driverPath(ada));
    const moved = await call(admin, 'PATCH', '/v1/vehicles/{vehicleId}', {
      ...vehiclePath(van),
      body: { driverId: bob },
    });
    const adaAfter = await call(admin, 'GET', '/v1/drivers/{driverId}/export', driverPath(ada));
    const bobAfter = await call(admin, 'GET', '/v1/drivers/{driverId}/export', driverPath(bob));

    // Assess
    expect(before.status).toBe(200);
    expect(before.body.driver).toMatchObject({ driverId: ada, name: 'Ada' });
    expect(before.body.vehicles.map((v: { vehicleId: string }) => v.vehicleId).sort()).toEqual(
      [car, van].sort(),
    );
    expect(moved.body.driverId).toBe(bob);
    expect(adaAfter.body.vehicles.map((v: { vehicleId: string }) => v.vehicleId)).toEqual([car]);
    expect(bobAfter.body.vehicles.map((v: { vehicleId: string }) => v.vehicleId)).toEqual([van]);
  });

  it('erases a driver: the record goes, the vehicles stay without a driver', async () => {
    // Prepare
    const ada = await newDriver({ name: 'Ada', email: 'ada@example.test' });
    const car = await newVehicle({ driverId: ada, licencePlate: 'CAR-1' });

    // Act
    const erased = await call(admin, 'DELETE', '/v1/drivers/{driverId}', driverPath(ada));
    const again = await call(admin, 'DELETE', '/v1/drivers/{driverId}', driverPath(ada));
    const read = await call(admin, 'GET', '/v1/drivers/{driverId}', driverPath(ada));
    const vehicle = await call(admin, 'GET', '/v1/vehicles/{vehicleId}', vehiclePath(car));

    // Assess
    expect(erased).toMatchObject({ status: 200, body: { driverId: ada, email: 'ada@example.test' } });
    expect(again.status).toBe(404);
    expect(read.status).toBe(404);
    expect(vehicle.status).toBe(200);
    expect(vehicle.body).not.toHaveProperty('driverId');
    expect(await deps.drivers.vehicleIdsOf('tenant-a', ada)).toEqual([]);
  });

  it('links id tokens to a driver: 400 for an unknown driver, exported, moved, unlinked on erasure', async () => {
    // Prepare
    const ada = await newDriver({ name: 'Ada' });
    const bob = await newDriver({ name: 'Bob' });
    const putToken = (idToken: string, body: unknown) =>
      call(admin, 'PUT', '/v1/id-tokens/{idToken}', { path: { idToken }, body });

    // Act
    const linked = await putToken('tag-1', { status: 'Accepted', driverId: ada });
    const unknown = await putToken('TAG-2', { status: 'Accepted', driverId: '01JD8X3Q4M5N6P7R8S9T0V1W2X' });
    await putToken('TAG-3', { status: 'Accepted', driverId: ada });
    await putToken('TAG-3', { status: 'Blocked', driverId: bob });
    const adaExport = await call(admin, 'GET', '/v1/drivers/{driverId}/export', driverPath(ada));
    const bobExport = await call(admin, 'GET', '/v1/drivers/{driverId}/export', driverPath(bob));
    await call(admin, 'DELETE', '/v1/drivers/{driverId}', driverPath(ada));
    const tokenAfter = await call(admin, 'GET', '/v1/id-tokens/{idToken}', { path: { idToken: 'TAG-1' } });

    // Assess
    expect(linked.status).toBe(201);
    expect(linked.body.driverId).toBe(ada);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain('body.driverId');
    expect(adaExport.body.idTokens.map((t: { idToken: string }) => t.idToken)).toEqual(['tag-1']);
    expect(
      bobExport.body.idTokens.map((t: { idToken: string; status: string }) => [t.idToken, t.status]),
    ).toEqual([['TAG-3', 'Blocked']]);
    expect(tokenAfter.status).toBe(200);
    expect(tokenAfter.body).toMatchObject({ idToken: 'tag-1', status: 'Accepted' });
    expect(tokenAfter.body).not.toHaveProperty('driverId');
    expect(await deps.drivers.idTokensOf('tenant-a', ada)).toEqual([]);
  });

  it('deletes a vehicle and its link to the driver', async () => {
    // Prepare
    const ada = await newDriver();
    const car = await newVehicle({ driverId: ada });

    // Act
    const deleted = await call(admin, 'DELETE', '/v1/vehicles/{vehicleId}', vehiclePath(car));
    const exported = await call(admin, 'GET', '/v1/drivers/{driverId}/export', driverPath(ada));

    // Assess
    expect(deleted.status).toBe(200);
    expect(exported.body.vehicles).toEqual([]);
    expect(await deps.drivers.vehicleIdsOf('tenant-a', ada)).toEqual([]);
  });

  it("answers 404 for another tenant's drivers and vehicles, and changes nothing", async () => {
    // Prepare
    const ada = await newDriver({ name: 'Ada' });
    const car = await newVehicle({ driverId: ada });

    // Act
    const answers = [
      await call(otherTenant, 'GET', '/v1/drivers/{driverId}', driverPath(ada)),
      await call(otherTenant, 'GET', '/v1/drivers/{driverId}/export', driverPath(ada)),
      await call(otherTenant, 'PATCH', '/v1/drivers/{driverId}', { ...driverPath(ada), body: { name: 'X' } }),
      await call(otherTenant, 'DELETE', '/v1/drivers/{driverId}', driverPath(ada)),
      await call(otherTenant, 'GET', '/v1/vehicles/{vehicleId}', vehiclePath(car)),
      await call(otherTenant, 'PATCH', '/v1/vehicles/{vehicleId}', {
        ...vehiclePath(car),
        body: { make: 'X' },
      }),
      await call(otherTenant, 'DELETE', '/v1/vehicles/{vehicleId}', vehiclePath(car)),
    ];
    const linkToForeignDriver = await call(otherTenant, 'POST', '/v1/vehicles', { body: { driverId: ada } });
    const lists = [
      await call(otherTenant, 'GET', '/v1/drivers'),
      await call(otherTenant, 'GET', '/v1/vehicles'),
    ];

    // Assess
    expect(answers.map((answer) => answer.status)).toEqual([404, 404, 404, 404, 404, 404, 404]);
    expect(linkToForeignDriver.status).toBe(400);
    expect(lists.map((list) => list.body.items)).toEqual([[], []]);
    expect((await call(admin, 'GET', '/v1/drivers/{driverId}', driverPath(ada))).body.name).toBe('Ada');
    expect((await call(admin, 'GET', '/v1/vehicles/{vehicleId}', vehiclePath(car))).body.driverId).toBe(ada);
  });

  it('keeps drivers to tenant-wide keys, and writes to admins', async () => {
    // Act
    const bySiteKey = await call(siteLimited, 'GET', '/v1/drivers');
    const byViewer = await call(viewer, 'POST', '/v1/drivers', { body: { name: 'A' } });

    // Assess
    expect(bySiteKey.status).toBe(403);
    expect(byViewer.status).toBe(403);
  });
});
