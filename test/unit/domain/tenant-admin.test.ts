import { describe, expect, it } from 'vitest';
import { authorizeChargerConnection } from '../../../shared/slices/chargers/charger-connection.ts';
import { listAuditLog, recordAudit } from '../../../shared/slices/tenancy/audit.ts';
import { consumeApiRequest } from '../../../shared/slices/tenancy/rate-limit.ts';
import {
  authenticateApiKey,
  createTenant,
  getTenant,
  listTenants,
  updateTenant,
} from '../../../shared/slices/tenancy/tenants.ts';
import { createTestDependencies } from '../../support/test-dependencies.ts';
import { at, basicAuth, chargerPassword, givenCharger } from './builders.ts';

describe('listTenants', () => {
  it('pages through every tenant once', async () => {
    // Prepare
    const deps = await createTestDependencies();
    for (const name of ['A', 'B', 'C']) await createTenant(deps, { name, actor: 'platform-admin' });

    // Act
    const first = await listTenants(deps, { limit: 2 });
    const second = await listTenants(deps, { limit: 2, ...(first.cursor && { cursor: first.cursor }) });

    // Assess
    expect([...first.items, ...second.items].map((tenant) => tenant.name)).toEqual(['A', 'B', 'C']);
    expect(first.cursor).toBeDefined();
    expect(second.cursor).toBeUndefined();
  });
});

describe('updateTenant', () => {
  it('renames a tenant and sets its rate limit, which its keys then carry', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const { tenantId, apiKey } = await createTenant(deps, { name: 'Old', actor: 'platform-admin' });
    deps.clock.advance(5000);

    // Act
    const tenant = await updateTenant(deps, {
      tenantId,
      changes: { name: 'New', rateLimitPerSecond: 5 },
      actor: 'platform-admin',
    });

    // Assess
    expect(tenant).toEqual({
      tenantId,
      name: 'New',
      status: 'active',
      rateLimitPerSecond: 5,
      createdAt: at,
      createdBy: 'platform-admin',
      updatedAt: '2024-05-01T12:00:05.000Z',
      updatedBy: 'platform-admin',
    });
    expect(await authenticateApiKey(deps, `Bearer ${apiKey}`)).toMatchObject({
      principal: { rateLimitPerSecond: 5 },
    });
  });

  it('goes back to the platform default rate limit with null', async () => {
    // Prepare
    const deps = await createTestDependencies({ settings: { apiRateLimitPerSecond: 77 } });
    const { tenantId, apiKey } = await createTenant(deps, { name: 'T', actor: 'platform-admin' });
    await updateTenant(deps, { tenantId, changes: { rateLimitPerSecond: 5 }, actor: 'platform-admin' });

    // Act
    const tenant = await updateTenant(deps, {
      tenantId,
      changes: { rateLimitPerSecond: null },
      actor: 'platform-admin',
    });

    // Assess
    expect(tenant).not.toHaveProperty('rateLimitPerSecond');
    expect(await authenticateApiKey(deps, `Bearer ${apiKey}`)).toMatchObject({
      principal: { rateLimitPerSecond: 77 },
    });
  });

  it('suspends a tenant: its keys and its chargers are refused, until it is active again', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const { tenantId, apiKey } = await createTenant(deps, { name: 'T', actor: 'platform-admin' });
    await givenCharger(deps, { tenantId, chargerId: 'cp-1' });
    const connect = () =>
      authorizeChargerConnection(deps, {
        tenantId,
        chargerId: 'cp-1',
        authorization: basicAuth('cp-1', chargerPassword),
        subprotocols: 'ocpp1.6',
        supported: ['ocpp1.6'],
      });

    // Act
    await updateTenant(deps, { tenantId, changes: { status: 'suspended' }, actor: 'platform-admin' });
    const suspendedKey = await authenticateApiKey(deps, `Bearer ${apiKey}`);
    const suspendedCharger = await connect();
    await updateTenant(deps, { tenantId, changes: { status: 'active' }, actor: 'platform-admin' });

    // Assess
    expect(suspendedKey).toMatchObject({ ok: false, reason: 'invalid' });
    expect(suspendedCharger).toEqual({ allowed: false, reason: 'tenant-suspended' });
    expect(await authenticateApiKey(deps, `Bearer ${apiKey}`)).toMatchObject({ ok: true });
    expect(await connect()).toMatchObject({ allowed: true });
  });

  it('updates no tenant that does not exist', async () => {
    // Prepare
    const deps = await createTestDependencies();

    // Act
    const tenant = await updateTenant(deps, {
      tenantId: 'nope',
      changes: { name: 'x' },
      actor: 'platform-admin',
    });

    // Assess
    expect(tenant).toBeUndefined();
    expect(await getTenant(deps, { tenantId: 'nope' })).toBeUndefined();
  });
});

describe('consumeApiRequest', () => {
  it('allows the limit per second, then refuses until the next second', async () => {
    // Prepare
    const deps = await createTestDependencies();
    deps.clock.set('2024-05-01T12:00:00.100Z');

    // Act
    const verdicts = [];
    for (let i = 0; i < 4; i++)
      verdicts.push(await consumeApiRequest(deps, { tenantId: 't1', limitPerSecond: 3 }));
    deps.clock.set('2024-05-01T12:00:01.000Z');
    const nextSecond = await consumeApiRequest(deps, { tenantId: 't1', limitPerSecond: 3 });

    // Assess
    expect(verdicts.map((verdict) => verdict.allowed)).toEqual([true, true, true, false]);
    expect(verdicts[3]).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(nextSecond.allowed).toBe(true);
  });

  it('counts each tenant on its own', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await consumeApiRequest(deps, { tenantId: 'noisy', limitPerSecond: 1 });

    // Act
    const noisy = await consumeApiRequest(deps, { tenantId: 'noisy', limitPerSecond: 1 });
    const quiet = await consumeApiRequest(deps, { tenantId: 'quiet', limitPerSecond: 1 });

    // Assess
    expect(noisy.allowed).toBe(false);
    expect(quiet.allowed).toBe(true);
  });

  it('uses the platform default without a limit of its own', async () => {
    // Prepare
    const deps = await createTestDependencies({ settings: { apiRateLimitPerSecond: 2 } });

    // Act
    const verdicts = [];
    for (let i = 0; i < 3; i++) verdicts.push((await consumeApiRequest(deps, { tenantId: 't1' })).allowed);

    // Assess
    expect(verdicts).toEqual([true, true, false]);
  });
});

describe('audit log', () => {
  const anEntry = (tenantId = 't1') => ({
    tenantId,
    keyId: 'key-1',
    method: 'PATCH',
    route: 'PATCH /v1/chargers/{chargerId}',
    pathParameters: { chargerId: 'cp-1' },
    status: 200,
  });

  it("lists a month's entries of the tenant newest first, page by page", async () => {
    // Prepare
    const deps = await createTestDependencies();
    for (let i = 0; i < 3; i++) {
      await recordAudit(deps, anEntry());
      deps.clock.advance(1000);
    }
    await recordAudit(deps, anEntry('t2'));

    // Act
    const first = await listAuditLog(deps, { tenantId: 't1', month: '2024-05', limit: 2 });
    const second = await listAuditLog(deps, {
      tenantId: 't1',
      month: '2024-05',
      limit: 2,
      ...(first.cursor && { cursor: first.cursor }),
    });

    // Assess
    expect([...first.items, ...second.items].map((entry) => entry.at)).toEqual([
      '2024-05-01T12:00:02.000Z',
      '2024-05-01T12:00:01.000Z',
      '2024-05-01T12:00:00.000Z',
    ]);
    expect(first.items[0]).toEqual({ ...anEntry(), entryId: 'ID000003', at: '2024-05-01T12:00:02.000Z' });
    expect(second.cursor).toBeUndefined();
  });

  it('keeps months apart and defaults to the current month', async () => {
    // Prepare
    const deps = await createTestDependencies();
    deps.clock.set('2024-04-30T23:59:59.999Z');
    await recordAudit(deps, anEntry());
    deps.clock.set('2024-05-01T00:00:00.000Z');
    await recordAudit(deps, anEntry());

    // Act
    const april = await listAuditLog(deps, { tenantId: 't1', month: '2024-04', limit: 10 });
    const current = await listAuditLog(deps, { tenantId: 't1', limit: 10 });

    // Assess
    expect(april.items.map((entry) => entry.at)).toEqual(['2024-04-30T23:59:59.999Z']);
    expect(current.items.map((entry) => entry.at)).toEqual(['2024-05-01T00:00:00.000Z']);
  });
});
