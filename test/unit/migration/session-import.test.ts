import { beforeEach, describe, expect, it } from 'vitest';
import { callApi, type TenantCaller } from '../../support/api-handler-call.ts';
import { createTestDependencies, type TestDependencies } from '../../support/test-dependencies.ts';

/*
 * Issue 15, fleet migration: historical sessions imported through the API function in-process, over the real
 * repositories (dynalite): shown in the session history as imported, never billed, idempotent by external id.
 */

const admin: TenantCaller = { tenantId: 'tenant-a', role: 'admin' };
const siteAdmin: TenantCaller = { tenantId: 'tenant-a', role: 'admin', siteIds: ['S-1'] };

const row = {
  externalId: 'legacy-1',
  chargerId: 'CP-1',
  idToken: '04A1',
  evseId: 1,
  connectorId: 1,
  startedAt: '2026-11-01T08:00:00+01:00',
  endedAt: '2026-11-01T09:30:00+01:00',
  energyWh: 12_345,
  costTotal: 456,
  currency: 'EUR',
};

describe('session import', () => {
  let deps: TestDependencies;
  const importSessions = (sessions: unknown[], caller: TenantCaller = admin) =>
    callApi(deps, caller, { method: 'POST', route: '/v1/sessions/import', body: { sessions } });
  const sessions = async (caller: TenantCaller = admin) =>
    (await callApi(deps, caller, { method: 'GET', route: '/v1/sessions' })).body.items;

  beforeEach(async () => {
    deps = await createTestDependencies();
    await callApi(deps, admin, { method: 'POST', route: '/v1/sites', body: { siteId: 'S-1', name: 'One' } });
    await callApi(deps, admin, { method: 'POST', route: '/v1/chargers', body: { chargerId: 'CP-1' } });
    await callApi(deps, admin, {
      method: 'POST',
      route: '/v1/chargers',
      body: { chargerId: 'CP-S1', siteId: 'S-1' },
    });
  });

  it('stores a finished session marked imported, with its cost, and publishes nothing', async () => {
    // Prepare
    const publishedBefore = deps.events.published.length;

    // Act
    const response = await importSessions([row]);

    // Assess
    expect(response.status).toBe(200);
    const [result] = response.body.results;
    expect(result).toEqual({
      row: 1,
      status: 'created',
      externalId: 'legacy-1',
      sessionId: expect.any(String),
    });
    const read = await callApi(deps, admin, {
      method: 'GET',
      route: '/v1/sessions/{sessionId}',
      path: { sessionId: result.sessionId },
    });
    expect(read.body).toMatchObject({
      chargerId: 'CP-1',
      chargerTransactionId: 'legacy-1',
      status: 'Completed',
      startedAt: '2026-11-01T07:00:00.000Z',
      endedAt: '2026-11-01T08:30:00.000Z',
      energyWh: 12_345,
      idToken: '04A1',
      imported: true,
      externalId: 'legacy-1',
      importedCost: { currency: 'EUR', total: 456 },
      meterValues: [],
    });
    expect(read.body).not.toHaveProperty('cost');
    expect((await sessions()).map((s: { sessionId: string }) => s.sessionId)).toEqual([result.sessionId]);
    expect(deps.events.published.slice(publishedBefore)).toEqual([]);
  });

  it('imports a session once however often it is sent, and updates it when its row changed', async () => {
    // Prepare
    const first = await importSessions([row]);

    // Act
    const again = await importSessions([row]);
    const changed = await importSessions([{ ...row, energyWh: 12_000 }]);

    // Assess
    expect(again.body.results[0]).toMatchObject({
      status: 'unchanged',
      sessionId: first.body.results[0].sessionId,
    });
    expect(changed.body.results[0]).toMatchObject({
      status: 'updated',
      sessionId: first.body.results[0].sessionId,
    });
    const all = await sessions();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ energyWh: 12_000, imported: true });
  });

  it('fails only the bad rows, naming the field, and writes nothing for them', async () => {
    // Act
    const response = await importSessions([
      { ...row, externalId: 'bad-1', endedAt: '2026-11-01T06:00:00Z' },
      { ...row, externalId: 'bad-2', chargerId: 'CP-NONE' },
      { ...row, externalId: 'bad-3', currency: 'euro' },
      { ...row, externalId: 'bad-4', energyWh: -1 },
      { ...row, externalId: 'bad-5', costTotal: undefined },
      row,
      row,
    ]);

    // Assess
    expect(
      response.body.results.map((r: { status: string; error?: { code: string; message: string } }) => [
        r.status,
        r.error?.code,
        r.error?.message.split(':')[0],
      ]),
    ).toEqual([
      ['error', 'invalid_request', 'endedAt'],
      ['error', 'unknown_charger', 'chargerId'],
      ['error', 'invalid_request', 'currency'],
      ['error', 'invalid_request', 'energyWh'],
      ['error', 'invalid_request', 'currency'],
      ['created', undefined, undefined],
      ['error', 'duplicate', 'externalId legacy-1 is repeated in this import'],
    ]);
    expect(response.body.summary).toEqual({ created: 1, updated: 0, unchanged: 0, error: 6 });
    expect(await sessions()).toHaveLength(1);
  });

  it("lets a site-limited key import onto its sites' chargers only", async () => {
    // Act
    const response = await importSessions(
      [
        { ...row, chargerId: 'CP-S1', externalId: 'site-1' },
        { ...row, chargerId: 'CP-1', externalId: 'nosite-1' },
      ],
      siteAdmin,
    );

    // Assess
    expect(response.body.results.map((r: { status: string }) => r.status)).toEqual(['created', 'error']);
    expect(response.body.results[1].error.code).toBe('unknown_charger');
    expect(
      (await sessions(siteAdmin)).map((s: { chargerId: string; siteId: string }) => [s.chargerId, s.siteId]),
    ).toEqual([['CP-S1', 'S-1']]);
  });

  it("does not find another tenant's charger", async () => {
    // Act
    const response = await importSessions([row], { tenantId: 'tenant-b', role: 'admin' });

    // Assess
    expect(response.body.results[0].error.code).toBe('unknown_charger');
  });

  it('refuses an operator with 403', async () => {
    // Act
    const response = await importSessions([row], { tenantId: 'tenant-a', role: 'operator' });

    // Assess
    expect(response.status).toBe(403);
    expect(await sessions()).toEqual([]);
  });
});
