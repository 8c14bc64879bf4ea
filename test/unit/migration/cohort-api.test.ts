import { beforeEach, describe, expect, it } from 'vitest';
import { connectCharger, disconnectCharger } from '../../../shared/slices/chargers/charger-connection.ts';
import { callApi, type TenantCaller } from '../../support/api-handler-call.ts';
import { createTestDependencies, type TestDependencies } from '../../support/test-dependencies.ts';

/*
 * Issue 15, migration cohorts through the API function in-process, over the real repositories (dynalite): the
 * cohort tag of a charger, the counters of its connections, the report's bounds and who may read it.
 */

const admin: TenantCaller = { tenantId: 'tenant-a', role: 'admin' };
const viewer: TenantCaller = { tenantId: 'tenant-a', role: 'viewer' };

describe('migration cohorts', () => {
  let deps: TestDependencies;
  const report = (query: Record<string, string> = {}, caller: TenantCaller = viewer, cohort = 'wave-1') =>
    callApi(deps, caller, {
      method: 'GET',
      route: '/v1/reports/cohorts/{cohort}',
      path: { cohort },
      query,
    });
  const connection = { tenantId: 'tenant-a', chargerId: 'CP-1', cohort: 'wave-1', correlationId: 'c' };

  beforeEach(async () => {
    deps = await createTestDependencies();
    await callApi(deps, admin, { method: 'POST', route: '/v1/chargers', body: { chargerId: 'CP-1' } });
  });

  it('tags a charger with a cohort, removes it with null, and refuses a cohort that is no path segment', async () => {
    // Act
    const tagged = await callApi(deps, admin, {
      method: 'PATCH',
      route: '/v1/chargers/{chargerId}',
      path: { chargerId: 'CP-1' },
      body: { cohort: 'wave-1' },
    });
    const bad = await callApi(deps, admin, {
      method: 'PATCH',
      route: '/v1/chargers/{chargerId}',
      path: { chargerId: 'CP-1' },
      body: { cohort: 'wave 1/2' },
    });
    const untagged = await callApi(deps, admin, {
      method: 'PATCH',
      route: '/v1/chargers/{chargerId}',
      path: { chargerId: 'CP-1' },
      body: { cohort: null },
    });

    // Assess
    expect(tagged.body.cohort).toBe('wave-1');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('cohort');
    expect(untagged.status).toBe(200);
    expect(untagged.body).not.toHaveProperty('cohort');
  });

  it('provisions a charger in a cohort, and refuses a cohort that is no path segment', async () => {
    // Act
    const created = await callApi(deps, admin, {
      method: 'POST',
      route: '/v1/chargers',
      body: { chargerId: 'CP-2', cohort: 'wave-2' },
    });
    const bad = await callApi(deps, admin, {
      method: 'POST',
      route: '/v1/chargers',
      body: { chargerId: 'CP-3', cohort: '..' },
    });
    const read = await callApi(deps, viewer, {
      method: 'GET',
      route: '/v1/chargers/{chargerId}',
      path: { chargerId: 'CP-2' },
    });

    // Assess
    expect(created.status).toBe(201);
    expect(read.body.cohort).toBe('wave-2');
    expect(bad.status).toBe(400);
  });

  it('counts connections and disconnections of a cohort charger per day, and nothing for one without', async () => {
    // Prepare
    deps.clock.set(new Date('2026-12-01T23:59:00Z'));
    await connectCharger(deps, { ...connection, connectionId: 'c1', ocppVersion: 'ocpp1.6' });
    deps.clock.set(new Date('2026-12-02T00:01:00Z'));
    await disconnectCharger(deps, { ...connection, connectionId: 'c1' });
    // A disconnect of a connection already replaced counts nothing.
    await disconnectCharger(deps, { ...connection, connectionId: 'c1' });
    await connectCharger(deps, {
      ...connection,
      cohort: undefined,
      connectionId: 'c2',
      ocppVersion: 'ocpp1.6',
    });

    // Act
    const response = await report({ from: '2026-12-01', to: '2026-12-02' });

    // Assess
    expect(response.status).toBe(200);
    expect(
      response.body.days.map((d: { day: string; connections: number; disconnections: number }) => [
        d.day,
        d.connections,
        d.disconnections,
      ]),
    ).toEqual([
      ['2026-12-01', 1, 0],
      ['2026-12-02', 0, 1],
    ]);
  });

  it.each([
    ['from after to', { from: '2026-12-03', to: '2026-12-01' }, 400],
    ['more than 92 days', { from: '2026-01-01', to: '2026-12-01' }, 400],
    ['a day that is none', { from: '2026-13-01', to: '2026-12-01' }, 400],
  ])('answers %s with %s', async (_case, query, status) => {
    // Prepare
    await connectCharger(deps, { ...connection, connectionId: 'c1', ocppVersion: 'ocpp1.6' });

    // Act & Assess
    expect((await report(query)).status).toBe(status);
  });

  it("answers 404 for a cohort the tenant never had (another tenant's too), 403 to a site-limited key", async () => {
    // Prepare
    await connectCharger(deps, { ...connection, connectionId: 'c1', ocppVersion: 'ocpp1.6' });

    // Act
    const unknown = await report({}, viewer, 'wave-2');
    const otherTenant = await report({}, { tenantId: 'tenant-b', role: 'admin' });
    const siteLimited = await report({}, { tenantId: 'tenant-a', role: 'admin', siteIds: ['S-1'] });

    // Assess
    expect([unknown.status, otherTenant.status, siteLimited.status]).toEqual([404, 404, 403]);
  });
});
