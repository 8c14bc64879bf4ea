import { beforeEach, describe, expect, it } from 'vitest';
import { ensureDriverByExternalRef } from '../../../shared/slices/drivers/drivers.ts';
import { callApi, type TenantCaller } from '../../support/api-handler-call.ts';
import { createTestDependencies, type TestDependencies } from '../../support/test-dependencies.ts';

/*
 * Issue 15, fleet migration: id tokens imported with their drivers through the API function in-process, over the
 * real repositories (dynalite): per-row results, re-runs that change nothing, drivers found by external reference.
 */

const admin: TenantCaller = { tenantId: 'tenant-a', role: 'admin' };
const otherTenant: TenantCaller = { tenantId: 'tenant-b', role: 'admin' };

describe('id token import', () => {
  let deps: TestDependencies;
  const importTokens = (idTokens: unknown[], caller: TenantCaller = admin) =>
    callApi(deps, caller, { method: 'POST', route: '/v1/id-tokens/bulk', body: { idTokens } });
  const drivers = async (caller: TenantCaller = admin) =>
    (await callApi(deps, caller, { method: 'GET', route: '/v1/drivers' })).body.items;
  const token = async (idToken: string, caller: TenantCaller = admin) =>
    callApi(deps, caller, { method: 'GET', route: '/v1/id-tokens/{idToken}', path: { idToken } });

  const rows = [
    {
      idToken: '04A1',
      status: 'Accepted',
      driver: { externalRef: 'crm-1', name: 'Ada', email: 'ada@example.test' },
    },
    { idToken: '04A2', status: 'Accepted', type: 'KeyCode', driver: { externalRef: 'crm-1' } },
    { idToken: '04B1', status: 'Blocked', expiresAt: '2027-01-01T00:00:00+01:00', groupId: 'FLEET-1' },
  ];

  beforeEach(async () => {
    deps = await createTestDependencies();
  });

  it('creates the tokens and one driver per external reference, linked to its tokens', async () => {
    // Act
    const response = await importTokens(rows);

    // Assess
    expect(response.status).toBe(200);
    expect(response.body.summary).toEqual({ created: 3, updated: 0, unchanged: 0, error: 0 });
    const [first, second, third] = response.body.results;
    expect(first).toMatchObject({ row: 1, status: 'created', idToken: '04A1', driverCreated: true });
    expect(second).toMatchObject({ row: 2, status: 'created', driverId: first.driverId });
    expect(second).not.toHaveProperty('driverCreated');
    expect(third).toEqual({ row: 3, status: 'created', idToken: '04B1' });
    expect(
      (await drivers()).map((d: { name: string; externalRef: string }) => [d.name, d.externalRef]),
    ).toEqual([['Ada', 'crm-1']]);
    expect((await token('04a2')).body).toMatchObject({ type: 'KeyCode', driverId: first.driverId });
    expect((await token('04B1')).body).toMatchObject({
      status: 'Blocked',
      expiresAt: '2026-12-31T23:00:00.000Z',
      groupId: 'FLEET-1',
    });
    const exported = await callApi(deps, admin, {
      method: 'GET',
      route: '/v1/drivers/{driverId}/export',
      path: { driverId: first.driverId },
    });
    expect(exported.body.idTokens.map((t: { idToken: string }) => t.idToken).sort()).toEqual([
      '04A1',
      '04A2',
    ]);
  });

  it('answers unchanged for every row of a re-run, writes nothing and makes no second driver', async () => {
    // Prepare
    const first = await importTokens(rows);
    const before = await token('04A1');
    deps.clock.advance(60_000);

    // Act
    const again = await importTokens(rows);

    // Assess
    expect(again.body.summary).toEqual({ created: 0, updated: 0, unchanged: 3, error: 0 });
    expect(again.body.results.map((r: { driverId?: string }) => r.driverId)).toEqual(
      first.body.results.map((r: { driverId?: string }) => r.driverId),
    );
    expect(await drivers()).toHaveLength(1);
    expect((await token('04A1')).body.updatedAt).toBe(before.body.updatedAt);
  });

  it('updates a token whose row changed and links it to a driver the operator had already created', async () => {
    // Prepare
    await importTokens(rows);
    const created = await callApi(deps, admin, {
      method: 'POST',
      route: '/v1/drivers',
      body: { name: 'Grace', externalRef: 'crm-2' },
    });

    // Act
    const response = await importTokens([
      { idToken: '04B1', status: 'Accepted', driver: { externalRef: 'crm-2' } },
    ]);

    // Assess
    expect(response.body.results).toEqual([
      { row: 1, status: 'updated', idToken: '04B1', driverId: created.body.driverId },
    ]);
    expect(await drivers()).toHaveLength(2);
    expect((await token('04B1')).body).toMatchObject({ status: 'Accepted', driverId: created.body.driverId });
  });

  it.each([
    ['an unknown status', { idToken: 'T1', status: 'Fine' }, 'invalid_request', 'status'],
    ['an id token with a #', { idToken: 'T#1', status: 'Accepted' }, 'invalid_request', 'idToken'],
    [
      'a bad expiry',
      { idToken: 'T1', status: 'Accepted', expiresAt: 'tomorrow' },
      'invalid_request',
      'expiresAt',
    ],
    [
      "a driver's bad e-mail",
      { idToken: 'T1', status: 'Accepted', driver: { externalRef: 'crm-9', email: 'nope' } },
      'invalid_request',
      'driver.email',
    ],
    [
      'an unknown tariff',
      { idToken: 'T1', status: 'Accepted', tariffId: 'NONE', driver: { externalRef: 'crm-9' } },
      'unknown_tariff',
      'tariffId',
    ],
  ])('fails a row with %s, naming the field, and writes nothing for it', async (_case, row, code, field) => {
    // Act
    const response = await importTokens([row, { idToken: 'OK-1', status: 'Accepted' }]);

    // Assess
    expect(response.status).toBe(200);
    expect(response.body.results[0]).toEqual({
      row: 1,
      status: 'error',
      error: { code, message: expect.stringContaining(field) },
    });
    expect(response.body.results[1]).toMatchObject({ row: 2, status: 'created' });
    expect((await token('T1')).status).toBe(404);
    expect(await drivers()).toEqual([]);
  });

  it('fails a token repeated in the request (case-insensitive) after its first row', async () => {
    // Act
    const response = await importTokens([
      { idToken: 'abc', status: 'Accepted' },
      { idToken: 'ABC', status: 'Blocked' },
    ]);

    // Assess
    expect(response.body.results.map((r: { status: string }) => r.status)).toEqual(['created', 'error']);
    expect(response.body.results[1].error.code).toBe('duplicate');
    expect((await token('ABC')).body.status).toBe('Accepted');
  });

  it("keeps tenants apart: the same external reference in another tenant is another tenant's driver", async () => {
    // Prepare
    await importTokens(rows);

    // Act
    const response = await importTokens(
      [{ idToken: '04A1', status: 'Blocked', driver: { externalRef: 'crm-1' } }],
      otherTenant,
    );

    // Assess
    expect(response.body.results[0]).toMatchObject({ status: 'created', driverCreated: true });
    expect(await drivers(otherTenant)).toHaveLength(1);
    expect((await token('04A1')).body.status).toBe('Accepted');
  });

  it.each([
    ['a viewer', { tenantId: 'tenant-a', role: 'viewer' } as TenantCaller],
    ['a site-limited admin', { tenantId: 'tenant-a', role: 'admin', siteIds: ['S-1'] } as TenantCaller],
  ])('refuses %s with 403', async (_case, caller) => {
    // Act
    const response = await importTokens(rows, caller);

    // Assess
    expect(response.status).toBe(403);
    expect((await token('04A1')).status).toBe(404);
  });

  it('refuses more than 1000 rows with 400', async () => {
    // Act
    const response = await importTokens(
      Array.from({ length: 1001 }, (_, i) => ({ idToken: `T${i}`, status: 'Accepted' })),
    );

    // Assess
    expect(response.status).toBe(400);
  });
});

describe('a driver found by external reference', () => {
  it('is created under the reserved id when a run was cut off after the reservation', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await deps.drivers.claimExternalRef('t1', 'crm-7', 'RESERVED1', undefined);

    // Act
    const first = await ensureDriverByExternalRef(deps, {
      tenantId: 't1',
      externalRef: 'crm-7',
      name: 'A',
      actor: 'k',
    });
    const second = await ensureDriverByExternalRef(deps, {
      tenantId: 't1',
      externalRef: 'crm-7',
      name: 'A',
      actor: 'k',
    });

    // Assess
    expect(first).toMatchObject({ created: true, driver: { driverId: 'RESERVED1' } });
    expect(second).toMatchObject({ created: false, driver: { driverId: 'RESERVED1' } });
  });

  it('is a new driver once the one it named was given another reference or erased', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const input = { tenantId: 't1', externalRef: 'crm-8', name: 'B', actor: 'k' };
    const renamed = await ensureDriverByExternalRef(deps, input);
    await deps.drivers.update(
      't1',
      renamed.driver.driverId,
      { externalRef: 'crm-80' },
      { at: 'x', actor: 'k' },
    );

    // Act
    const afterRename = await ensureDriverByExternalRef(deps, input);
    await deps.drivers.delete('t1', afterRename.driver.driverId);
    const afterErasure = await ensureDriverByExternalRef(deps, input);

    // Assess
    expect(afterRename.created).toBe(true);
    expect(afterRename.driver.driverId).not.toBe(renamed.driver.driverId);
    expect(afterErasure.created).toBe(true);
    expect(afterErasure.driver.driverId).not.toBe(afterRename.driver.driverId);
  });

  it('makes one driver for concurrent imports of the same reference', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const input = { tenantId: 't1', externalRef: 'crm-9', name: 'C', actor: 'k' };

    // Act
    const results = await Promise.all(
      Array.from({ length: 5 }, () => ensureDriverByExternalRef(deps, input)),
    );

    // Assess
    expect(new Set(results.map((r) => r.driver.driverId)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect((await deps.drivers.list('t1', { limit: 10 })).items).toHaveLength(1);
  });
});
