import { describe, expect, it } from 'vitest';
import { keys } from '../../../shared/adapters/dynamodb/keys.ts';
import { secretMatches } from '../../../shared/kernel/credentials.ts';
import { authorizeChargerConnection } from '../../../shared/slices/chargers/charger-connection.ts';
import {
  closeTenantConnections,
  deleteCharger,
  type ImportRow,
  importChargers,
  listChargers,
  resetChargerPassword,
  updateCharger,
} from '../../../shared/slices/chargers/chargers.ts';
import { updateTenant } from '../../../shared/slices/tenancy/tenants.ts';
import { createTestDependencies, type TestDependencies } from '../../support/test-dependencies.ts';
import { aSite, basicAuth, chargerPassword, givenCharger } from './builders.ts';

/** A tenant with sites site-1 and site-2 and chargers cp-1 (site-1), cp-2 (site-2), cp-3 (no site). */
const givenFleet = async () => {
  const deps = await createTestDependencies();
  for (const siteId of ['site-1', 'site-2']) await deps.sites.create(aSite({ siteId }));
  await givenCharger(deps, { chargerId: 'cp-1', siteId: 'site-1' });
  await givenCharger(deps, { chargerId: 'cp-2', siteId: 'site-2' });
  await givenCharger(deps, { chargerId: 'cp-3', siteId: undefined });
  return deps;
};

/** A live connection `conn-<chargerId>` of the charger. */
const givenConnected = (deps: TestDependencies, chargerId: string) =>
  deps.connections.register(
    {
      tenantId: 'tenant-a',
      chargerId,
      connectionId: `conn-${chargerId}`,
      ocppVersion: 'ocpp1.6',
      connectedAt: '2024-05-01T11:00:00.000Z',
      lastSeenAt: '2024-05-01T11:00:00.000Z',
    },
    new Date('2024-05-01T14:00:00.000Z'),
  );

const idsOf = (page: { items: readonly { charger: { chargerId: string } }[] }) =>
  page.items.map((view) => view.charger.chargerId);

describe('listChargers with a site limit', () => {
  it.each([
    ['no limit: every charger', undefined, undefined, ['cp-3', 'cp-1', 'cp-2']],
    ['one site', ['site-1'], undefined, ['cp-1']],
    ['two sites, never a charger without a site', ['site-1', 'site-2'], undefined, ['cp-1', 'cp-2']],
    ['a site of its own asked for', ['site-1', 'site-2'], 'site-2', ['cp-2']],
    ['another site asked for: nothing', ['site-1'], 'site-2', []],
    ['no sites at all: nothing', [], undefined, []],
  ])('%s', async (_name, siteIds, siteId, expected) => {
    // Prepare
    const deps = await givenFleet();

    // Act
    const page = await listChargers(deps, {
      tenantId: 'tenant-a',
      limit: 50,
      ...(siteIds && { siteIds }),
      ...(siteId && { siteId }),
    });

    // Assess
    expect(idsOf(page)).toEqual(expected);
  });
});

describe('updateCharger', () => {
  it('moves a charger to another site: the site listing follows', async () => {
    // Prepare
    const deps = await givenFleet();

    // Act
    const result = await updateCharger(deps, {
      tenantId: 'tenant-a',
      chargerId: 'cp-1',
      changes: { siteId: 'site-2', description: 'by the gate' },
      actor: 'key-9',
    });

    // Assess
    expect(result).toMatchObject({
      ok: true,
      charger: { siteId: 'site-2', description: 'by the gate', updatedBy: 'key-9' },
    });
    expect(idsOf(await listChargers(deps, { tenantId: 'tenant-a', siteId: 'site-1', limit: 50 }))).toEqual(
      [],
    );
    expect(idsOf(await listChargers(deps, { tenantId: 'tenant-a', siteId: 'site-2', limit: 50 }))).toEqual([
      'cp-1',
      'cp-2',
    ]);
  });

  it('takes a charger out of its site with null', async () => {
    // Prepare
    const deps = await givenFleet();

    // Act
    const result = await updateCharger(deps, {
      tenantId: 'tenant-a',
      chargerId: 'cp-1',
      changes: { siteId: null },
      actor: 'key-9',
    });

    // Assess
    expect(result.ok && result.charger.siteId).toBeUndefined();
    const item = await deps.table.get(keys.charger('tenant-a', 'cp-1'));
    expect(item?.GSI1SK).toBe('CS#cp-1');
    expect(item).not.toHaveProperty('siteId');
  });

  it.each([
    ['a site that does not exist', 'cp-1', { siteId: 'site-9' }, 'unknown-site'],
    ['a charger that does not exist', 'cp-9', { description: 'x' }, 'not-found'],
  ] as const)('changes nothing for %s', async (_name, chargerId, changes, reason) => {
    // Prepare
    const deps = await givenFleet();
    const before = await deps.table.scan();

    // Act
    const result = await updateCharger(deps, { tenantId: 'tenant-a', chargerId, changes, actor: 'key-9' });

    // Assess
    expect(result).toEqual({ ok: false, reason });
    expect(await deps.table.scan()).toEqual(before);
  });
});

describe('resetChargerPassword', () => {
  it('issues a new password; the old one no longer connects', async () => {
    // Prepare
    const deps = await givenFleet();
    const connect = (password: string) =>
      authorizeChargerConnection(deps, {
        tenantId: 'tenant-a',
        chargerId: 'cp-1',
        authorization: basicAuth('cp-1', password),
        subprotocols: 'ocpp1.6',
        supported: ['ocpp1.6'],
      });

    // Act
    const result = await resetChargerPassword(deps, {
      tenantId: 'tenant-a',
      chargerId: 'cp-1',
      actor: 'key-9',
    });

    // Assess
    if (!result) throw new Error('expected a password');
    expect(result.password).toMatch(/^[0-9a-f]{40}$/);
    expect(await connect(chargerPassword)).toEqual({ allowed: false, reason: 'bad-credentials' });
    expect(await connect(result.password)).toMatchObject({ allowed: true });
    const { charger } = await deps.chargers.getWithTenant('tenant-a', 'cp-1');
    expect(charger && secretMatches(result.password, charger.passwordHash)).toBe(true);
  });

  it('closes the live connection authorized with the old password, and no other', async () => {
    // Prepare
    const deps = await givenFleet();
    await givenConnected(deps, 'cp-1');
    await givenConnected(deps, 'cp-2');
    expect((await deps.chargers.getView('tenant-a', 'cp-1', deps.clock.now()))?.connection).toBeDefined();

    // Act
    const result = await resetChargerPassword(deps, {
      tenantId: 'tenant-a',
      chargerId: 'cp-1',
      actor: 'key-9',
    });
    const offline = await resetChargerPassword(deps, {
      tenantId: 'tenant-a',
      chargerId: 'cp-3',
      actor: 'key-9',
    });

    // Assess
    expect(result).toBeDefined();
    expect(offline).toBeDefined();
    expect(deps.channel.closed).toEqual(['conn-cp-1']);
  });

  it('issues nothing for a charger that does not exist', async () => {
    // Prepare
    const deps = await givenFleet();

    // Act
    const result = await resetChargerPassword(deps, {
      tenantId: 'tenant-a',
      chargerId: 'cp-9',
      actor: 'key-9',
    });

    // Assess
    expect(result).toBeUndefined();
  });
});

describe('a charger keeping the password it has (a migration)', () => {
  const connect = (deps: Awaited<ReturnType<typeof givenFleet>>, chargerId: string, password: string) =>
    authorizeChargerConnection(deps, {
      tenantId: 'tenant-a',
      chargerId,
      authorization: basicAuth(chargerId, password),
      subprotocols: 'ocpp1.6',
      supported: ['ocpp1.6'],
    });

  it('is set on an existing charger: that password connects, the old one no longer does', async () => {
    // Prepare
    const deps = await givenFleet();

    // Act
    const result = await resetChargerPassword(deps, {
      tenantId: 'tenant-a',
      chargerId: 'cp-1',
      password: 'legacy-Pass-1',
      actor: 'key-9',
    });

    // Assess
    expect(result).toEqual({ password: 'legacy-Pass-1' });
    expect(await connect(deps, 'cp-1', chargerPassword)).toEqual({
      allowed: false,
      reason: 'bad-credentials',
    });
    expect(await connect(deps, 'cp-1', 'legacy-Pass-1')).toMatchObject({ allowed: true });
    const { charger } = await deps.chargers.getWithTenant('tenant-a', 'cp-1');
    expect(charger?.passwordHash).toMatch(/^scrypt\$/);
  });

  it('is taken per row by an import; rows without one get a generated password', async () => {
    // Prepare
    const deps = await givenFleet();

    // Act
    const result = await importChargers(deps, {
      tenantId: 'tenant-a',
      rows: [{ chargerId: 'old-1', password: 'from-legacy-1' }, { chargerId: 'new-1' }],
      actor: 'key-9',
    });

    // Assess
    expect(result.failed).toEqual([]);
    expect(result.created).toEqual([
      { chargerId: 'old-1', password: 'from-legacy-1', ocppUrl: expect.any(String) },
      { chargerId: 'new-1', password: expect.stringMatching(/^[0-9a-f]{40}$/), ocppUrl: expect.any(String) },
    ]);
    expect(await connect(deps, 'old-1', 'from-legacy-1')).toMatchObject({ allowed: true });
    expect(await connect(deps, 'old-1', 'from-legacy-2')).toEqual({
      allowed: false,
      reason: 'bad-credentials',
    });
    expect(await connect(deps, 'new-1', result.created[1]!.password)).toMatchObject({ allowed: true });
  });
});

describe('deleteCharger', () => {
  it('removes the charger, its connection and connector states, and closes the live connection', async () => {
    // Prepare
    const deps = await givenFleet();
    await deps.connections.register(
      {
        tenantId: 'tenant-a',
        chargerId: 'cp-1',
        connectionId: 'conn-1',
        ocppVersion: 'ocpp1.6',
        connectedAt: '2024-05-01T11:00:00.000Z',
        lastSeenAt: '2024-05-01T11:00:00.000Z',
      },
      new Date('2024-05-01T14:00:00.000Z'),
    );
    await deps.chargers.recordConnectorStatus('tenant-a', 'cp-1', {
      evseId: 1,
      connectorId: 1,
      status: 'Available',
      statusAt: '2024-05-01T11:00:00.000Z',
    });

    // Act
    const deleted = await deleteCharger(deps, { tenantId: 'tenant-a', chargerId: 'cp-1' });

    // Assess
    expect(deleted).toBe(true);
    expect(await deps.table.queryPartition(keys.chargerPartition('tenant-a', 'cp-1'))).toEqual([]);
    expect(deps.channel.closed).toEqual(['conn-1']);
    expect(idsOf(await listChargers(deps, { tenantId: 'tenant-a', limit: 50 }))).toEqual(['cp-3', 'cp-2']);
  });

  it('closes nothing for an offline charger, and deletes nothing that does not exist', async () => {
    // Prepare
    const deps = await givenFleet();

    // Act
    const offline = await deleteCharger(deps, { tenantId: 'tenant-a', chargerId: 'cp-2' });
    const missing = await deleteCharger(deps, { tenantId: 'tenant-a', chargerId: 'cp-9' });

    // Assess
    expect(offline).toBe(true);
    expect(missing).toBe(false);
    expect(deps.channel.closed).toEqual([]);
  });
});

describe('importChargers', () => {
  it('creates each row on its own and reports every failure, both in row order', async () => {
    // Prepare
    const deps = await givenFleet();
    const rows: ImportRow[] = [
      { chargerId: 'new-1', siteId: 'site-1' },
      { chargerId: 'cp-1' },
      { chargerId: 'bad id', invalid: 'chargerId: 1-48 characters' },
      { chargerId: 'new-2' },
      { chargerId: 'new-1' },
      { chargerId: 'new-3', siteId: 'site-9' },
    ];

    // Act
    const result = await importChargers(deps, { tenantId: 'tenant-a', rows, actor: 'key-9' });

    // Assess
    expect(result.created).toEqual([
      {
        chargerId: 'new-1',
        password: expect.stringMatching(/^[0-9a-f]{40}$/),
        ocppUrl: 'wss://ocpp.example.test/ocpp/tenant-a/new-1',
      },
      { chargerId: 'new-2', password: expect.any(String), ocppUrl: expect.any(String) },
    ]);
    expect(result.failed).toEqual([
      { chargerId: 'cp-1', code: 'conflict', message: expect.any(String) },
      { chargerId: 'bad id', code: 'invalid_request', message: 'chargerId: 1-48 characters' },
      { chargerId: 'new-1', code: 'duplicate', message: expect.any(String) },
      { chargerId: 'new-3', code: 'unknown_site', message: expect.any(String) },
    ]);
    const created = await deps.chargers.getView('tenant-a', 'new-1', deps.clock.now());
    expect(created?.charger).toMatchObject({ siteId: 'site-1', createdBy: 'key-9' });
    const untouched = await deps.chargers.getView('tenant-a', 'cp-1', deps.clock.now());
    expect(untouched && secretMatches(chargerPassword, untouched.charger.passwordHash)).toBe(true);
  });

  it("refuses rows outside a site-limited caller's sites, and rows without a site", async () => {
    // Prepare
    const deps = await givenFleet();

    // Act
    const result = await importChargers(deps, {
      tenantId: 'tenant-a',
      rows: [{ chargerId: 'a', siteId: 'site-1' }, { chargerId: 'b', siteId: 'site-2' }, { chargerId: 'c' }],
      siteIds: ['site-1'],
      actor: 'key-9',
    });

    // Assess
    expect(result.created.map((row) => row.chargerId)).toEqual(['a']);
    expect(result.failed.map((row) => [row.chargerId, row.code])).toEqual([
      ['b', 'forbidden'],
      ['c', 'forbidden'],
    ]);
  });

  it('looks each site up once however many rows name it', async () => {
    // Prepare
    const deps = await givenFleet();
    let lookups = 0;
    const sites = {
      ...deps.sites,
      get: (tenantId: string, siteId: string) => {
        lookups += 1;
        return deps.sites.get(tenantId, siteId);
      },
    };
    const rows = Array.from({ length: 50 }, (_, i) => ({
      chargerId: `bulk-${i}`,
      siteId: i % 2 ? 'site-1' : 'site-2',
    }));

    // Act
    const result = await importChargers({ ...deps, sites }, { tenantId: 'tenant-a', rows, actor: 'key-9' });

    // Assess
    expect(result.created).toHaveLength(50);
    expect(lookups).toBe(2);
  });
});

describe('closing the connections of a tenant', () => {
  it('closes every live connection of the tenant, over several pages of chargers, and no other tenant’s', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const chargerIds = Array.from({ length: 230 }, (_, i) => `cp-${String(i).padStart(3, '0')}`);
    for (const chargerId of chargerIds) await givenCharger(deps, { chargerId });
    const online = chargerIds.filter((_, i) => i % 2 === 0);
    for (const chargerId of online) await givenConnected(deps, chargerId);
    await givenCharger(deps, { tenantId: 'tenant-b', chargerId: 'cp-000' });
    await deps.connections.register(
      {
        tenantId: 'tenant-b',
        chargerId: 'cp-000',
        connectionId: 'conn-of-b',
        ocppVersion: 'ocpp1.6',
        connectedAt: '2024-05-01T11:00:00.000Z',
        lastSeenAt: '2024-05-01T11:00:00.000Z',
      },
      new Date('2024-05-01T14:00:00.000Z'),
    );

    // Act
    const closed = await closeTenantConnections(deps, { tenantId: 'tenant-a' });

    // Assess
    expect(closed).toBe(online.length);
    expect([...deps.channel.closed].sort()).toEqual(online.map((chargerId) => `conn-${chargerId}`));
    expect(deps.channel.closed).not.toContain('conn-of-b');
  });

  it('runs on a suspension only, not on a rename or a reactivation', async () => {
    // Prepare
    const deps = await givenFleet();
    await givenConnected(deps, 'cp-1');
    await givenConnected(deps, 'cp-3');
    const update = (changes: Parameters<typeof updateTenant>[1]['changes']) =>
      updateTenant(deps, { tenantId: 'tenant-a', changes, actor: 'platform-admin' });

    // Act
    await update({ name: 'renamed' });
    const afterRename = [...deps.channel.closed];
    const suspended = await update({ status: 'suspended' });
    const afterSuspension = [...deps.channel.closed];
    await update({ status: 'active' });

    // Assess
    expect(afterRename).toEqual([]);
    expect(suspended?.status).toBe('suspended');
    expect([...afterSuspension].sort()).toEqual(['conn-cp-1', 'conn-cp-3']);
    expect(deps.channel.closed).toEqual(afterSuspension);
  });

  it('closes nothing for a tenant that does not exist', async () => {
    // Prepare
    const deps = await givenFleet();
    await givenConnected(deps, 'cp-1');

    // Act
    const tenant = await updateTenant(deps, {
      tenantId: 'tenant-x',
      changes: { status: 'suspended' },
      actor: 'platform-admin',
    });

    // Assess
    expect(tenant).toBeUndefined();
    expect(deps.channel.closed).toEqual([]);
  });
});
