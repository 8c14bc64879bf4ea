import { describe, expect, it } from 'vitest';
import { InvalidCursorError } from '../../shared/kernel/ports.ts';
import { createDynamoBillingRepository } from '../../shared/slices/billing/adapters/dynamodb-billing-repository.ts';
import { createDynamoChargerRepository } from '../../shared/slices/chargers/adapters/dynamodb-charger-repository.ts';
import { createDynamoConnectionRegistry } from '../../shared/slices/chargers/adapters/dynamodb-connection-registry.ts';
import type { Connection } from '../../shared/slices/chargers/model.ts';
import type { Dependencies } from '../../shared/slices/dependencies.ts';
import { createDynamoTenantRepository } from '../../shared/slices/tenancy/adapters/dynamodb-tenant-repository.ts';
import { useDynaliteTable } from '../support/dynalite-table.ts';
import { aBoot, aCharger, anApiKey, aTenant } from '../unit/domain/builders.ts';

/** The DynamoDB tenant, charger, connection and billing repositories, against dynalite. */
type Repositories = Pick<Dependencies, 'tenants' | 'chargers' | 'connections' | 'billing'>;

const dynalite = useDynaliteTable('csms-contract');
const { tableName } = dynalite;

const create = (): Repositories => {
  const db = dynalite.documentClient;
  return {
    tenants: createDynamoTenantRepository(db, tableName),
    chargers: createDynamoChargerRepository(db, tableName),
    connections: createDynamoConnectionRegistry(db, tableName),
    billing: createDynamoBillingRepository(db, tableName),
  };
};

/** Each test gets tenants of its own, since the dynalite table is shared by the file. */
let tenantCounter = 0;
const freshTenant = (): string => {
  tenantCounter += 1;
  return `contract-${tenantCounter}`;
};

const now = new Date('2024-05-01T12:00:00.000Z');
const aConnection = (tenantId: string, overrides: Partial<Connection> = {}): Connection => ({
  tenantId,
  chargerId: 'cp-1',
  connectionId: 'conn-1',
  ocppVersion: 'ocpp1.6',
  connectedAt: now.toISOString(),
  lastSeenAt: now.toISOString(),
  ...overrides,
});
const inOneHour = new Date(now.getTime() + 3_600_000);

describe('dynamodb repositories', () => {
  it('create a charger only once per tenant, and the same id in another tenant', async () => {
    // Prepare
    const repos = create();
    const [a, b] = [freshTenant(), freshTenant()];
    await repos.chargers.create(aCharger({ tenantId: a }));

    // Act
    const again = await repos.chargers.create(aCharger({ tenantId: a, siteId: 'site-2' }));
    const otherTenant = await repos.chargers.create(aCharger({ tenantId: b }));

    // Assess
    expect([again, otherTenant]).toEqual([false, true]);
    expect((await repos.chargers.getWithTenant(a, 'cp-1')).charger?.siteId).toBe('site-1');
  });

  it('read tenant and charger together', async () => {
    // Prepare
    const repos = create();
    const tenantId = freshTenant();
    await repos.tenants.create(aTenant({ tenantId }), anApiKey({ tenantId }));
    await repos.chargers.create(aCharger({ tenantId }));

    // Act
    const both = await repos.chargers.getWithTenant(tenantId, 'cp-1');
    const noCharger = await repos.chargers.getWithTenant(tenantId, 'cp-9');

    // Assess
    expect(both).toEqual({ tenant: aTenant({ tenantId }), charger: aCharger({ tenantId }) });
    expect(noCharger).toEqual({ tenant: aTenant({ tenantId }) });
  });

  it('refuse to create a tenant twice', async () => {
    // Prepare
    const repos = create();
    const tenantId = freshTenant();
    await repos.tenants.create(aTenant({ tenantId }), anApiKey({ tenantId, keyId: 'key-1' }));

    // Act
    const again = repos.tenants.create(
      aTenant({ tenantId, name: 'Other' }),
      anApiKey({ tenantId, keyId: 'key-2' }),
    );

    // Assess
    await expect(again).rejects.toThrow();
    expect((await repos.tenants.get(tenantId))?.name).toBe('Tenant A');
    expect(await repos.tenants.getApiKey(tenantId, 'key-1')).toEqual(anApiKey({ tenantId, keyId: 'key-1' }));
  });

  it('list a tenant’s chargers in pages, optionally of one site', async () => {
    // Prepare
    const repos = create();
    const [tenantId, other] = [freshTenant(), freshTenant()];
    const sites: Record<string, string | undefined> = {
      'cp-a': 'site-1',
      'cp-b': 'site-2',
      'cp-c': 'site-1',
      'cp-d': undefined,
      'cp-e': 'site-10',
      'cp-f': 'site-1',
    };
    for (const [chargerId, siteId] of Object.entries(sites)) {
      await repos.chargers.create(aCharger({ tenantId, chargerId, siteId }));
    }
    await repos.chargers.create(aCharger({ tenantId: other, chargerId: 'cp-z', siteId: 'site-1' }));
    const listAll = async (siteId?: string) => {
      const ids: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await repos.chargers.list(
          tenantId,
          { limit: 2, ...(siteId && { siteId }), ...(cursor && { cursor }) },
          now,
        );
        expect(page.items.length).toBeLessThanOrEqual(2);
        ids.push(...page.items.map((view) => view.charger.chargerId));
        cursor = page.cursor;
      } while (cursor);
      return ids;
    };

    // Act
    const all = await listAll();
    const site1 = await listAll('site-1');

    // Assess
    expect(all).toEqual(['cp-d', 'cp-a', 'cp-c', 'cp-f', 'cp-e', 'cp-b']);
    expect(site1).toEqual(['cp-a', 'cp-c', 'cp-f']);
  });

  it("refuse another tenant's cursor", async () => {
    // Prepare
    const repos = create();
    const [a, b] = [freshTenant(), freshTenant()];
    for (const chargerId of ['cp-1', 'cp-2', 'cp-3'])
      await repos.chargers.create(aCharger({ tenantId: a, chargerId }));
    const { cursor } = await repos.chargers.list(a, { limit: 1 }, now);

    // Act
    const listing = repos.chargers.list(b, { limit: 1, ...(cursor && { cursor }) }, now);

    // Assess
    expect(cursor).toEqual(expect.any(String));
    await expect(listing).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it('record a boot, removing fields it no longer reports', async () => {
    // Prepare
    const repos = create();
    const tenantId = freshTenant();
    await repos.chargers.create(aCharger({ tenantId, siteId: 'site-4' }));
    const at = '2024-05-01T12:00:00.000Z';
    await repos.chargers.recordBoot(tenantId, 'cp-1', {
      ...aBoot({ reason: 'PowerUp' }),
      ocppVersion: 'ocpp1.6',
      at,
    });

    // Act
    const result = await repos.chargers.recordBoot(tenantId, 'cp-1', {
      vendor: 'Acme',
      model: 'Wallbox-44',
      ocppVersion: 'ocpp2.0.1',
      at,
    });

    // Assess
    expect(result).toEqual({ siteId: 'site-4' });
    const view = await repos.chargers.getView(tenantId, 'cp-1', now);
    expect(view?.charger).toEqual({
      ...aCharger({ tenantId, siteId: 'site-4' }),
      vendor: 'Acme',
      model: 'Wallbox-44',
      ocppVersion: 'ocpp2.0.1',
      bootedAt: at,
      lastSeenAt: at,
      updatedAt: at,
      updatedBy: 'charger:cp-1',
    });
  });

  it('record no boot of an unknown charger, and create none', async () => {
    // Prepare
    const repos = create();
    const tenantId = freshTenant();

    // Act
    const result = await repos.chargers.recordBoot(tenantId, 'cp-1', {
      ...aBoot(),
      ocppVersion: 'ocpp1.6',
      at: '',
    });

    // Assess
    expect(result).toBeUndefined();
    expect(await repos.chargers.getView(tenantId, 'cp-1', now)).toBeUndefined();
  });

  it('keep the newest connector status', async () => {
    // Prepare
    const repos = create();
    const tenantId = freshTenant();
    await repos.chargers.create(aCharger({ tenantId }));
    const status = { evseId: 1, connectorId: 1, errorCode: 'NoError' };

    // Act
    const first = await repos.chargers.recordConnectorStatus(tenantId, 'cp-1', {
      ...status,
      status: 'Available',
      statusAt: '2024-05-01T12:00:00.000Z',
    });
    const newer = await repos.chargers.recordConnectorStatus(tenantId, 'cp-1', {
      evseId: 1,
      connectorId: 1,
      status: 'Charging',
      statusAt: '2024-05-01T12:01:00.000Z',
    });
    const older = await repos.chargers.recordConnectorStatus(tenantId, 'cp-1', {
      ...status,
      status: 'Faulted',
      statusAt: '2024-05-01T11:59:00.000Z',
    });
    const sameTime = await repos.chargers.recordConnectorStatus(tenantId, 'cp-1', {
      ...status,
      status: 'Finishing',
      statusAt: '2024-05-01T12:01:00.000Z',
    });

    // Assess
    expect([first, newer, older, sameTime]).toEqual([
      { stored: true },
      { stored: true, previousStatus: 'Available', previousStatusAt: '2024-05-01T12:00:00.000Z' },
      { stored: false },
      { stored: true, previousStatus: 'Charging', previousStatusAt: '2024-05-01T12:01:00.000Z' },
    ]);
    const view = await repos.chargers.getView(tenantId, 'cp-1', now);
    expect(view?.connectors).toEqual([
      {
        evseId: 1,
        connectorId: 1,
        status: 'Finishing',
        errorCode: 'NoError',
        statusAt: '2024-05-01T12:01:00.000Z',
      },
    ]);
  });

  it('replace a connection and hand back the old one', async () => {
    // Prepare
    const repos = create();
    const tenantId = freshTenant();
    await repos.chargers.create(aCharger({ tenantId }));
    const first = await repos.connections.register(aConnection(tenantId, { connectionId: 'c-1' }), inOneHour);

    // Act
    const second = await repos.connections.register(
      aConnection(tenantId, { connectionId: 'c-2' }),
      inOneHour,
    );

    // Assess
    expect(first).toBeUndefined();
    expect(second).toEqual(aConnection(tenantId, { connectionId: 'c-1' }));
    const view = await repos.chargers.getView(tenantId, 'cp-1', now);
    expect(view?.connection).toEqual(aConnection(tenantId, { connectionId: 'c-2' }));
  });

  it('hide a connection once it has expired', async () => {
    // Prepare
    const repos = create();
    const tenantId = freshTenant();
    await repos.chargers.create(aCharger({ tenantId }));
    await repos.connections.register(aConnection(tenantId), inOneHour);

    // Act
    const before = await repos.chargers.getView(tenantId, 'cp-1', new Date(inOneHour.getTime() - 1000));
    const after = await repos.chargers.getView(tenantId, 'cp-1', inOneHour);

    // Assess
    expect(before?.connection).toBeDefined();
    expect(after?.connection).toBeUndefined();
  });

  it('touch and remove only the current connection', async () => {
    // Prepare
    const repos = create();
    const tenantId = freshTenant();
    await repos.chargers.create(aCharger({ tenantId }));
    await repos.connections.register(aConnection(tenantId, { connectionId: 'c-2' }), inOneHour);

    // Act
    await repos.connections.touch(tenantId, 'cp-1', 'c-1', '2024-05-01T12:01:00.000Z');
    await repos.connections.touch(tenantId, 'cp-1', 'c-2', '2024-05-01T12:02:00.000Z');
    const staleRemoved = await repos.connections.remove(tenantId, 'cp-1', 'c-1', '2024-05-01T12:03:00.000Z');
    const viewAfterStale = await repos.chargers.getView(tenantId, 'cp-1', now);
    const removed = await repos.connections.remove(tenantId, 'cp-1', 'c-2', '2024-05-01T12:04:00.000Z');

    // Assess
    expect([staleRemoved, removed]).toEqual([false, true]);
    expect(viewAfterStale?.connection?.lastSeenAt).toBe('2024-05-01T12:02:00.000Z');
    expect(viewAfterStale?.charger.lastSeenAt).toBeUndefined();
    const view = await repos.chargers.getView(tenantId, 'cp-1', now);
    expect(view?.connection).toBeUndefined();
    expect(view?.charger.lastSeenAt).toBe('2024-05-01T12:04:00.000Z');
  });

  it('keep the last-seen time of a removed connection for the charger, and not for a new charger of the same id', async () => {
    // Prepare
    const repos = create();
    const tenantId = freshTenant();
    await repos.chargers.create(aCharger({ tenantId }));
    await repos.connections.register(aConnection(tenantId), inOneHour);
    await repos.connections.remove(tenantId, 'cp-1', 'conn-1', '2024-05-01T12:04:00.000Z');
    const kept = await repos.chargers.getView(tenantId, 'cp-1', now);
    // A disconnect that comes after the charger was deleted leaves its last-seen item behind.
    await repos.chargers.delete(tenantId, 'cp-1');
    await repos.connections.register(aConnection(tenantId, { connectionId: 'conn-2' }), inOneHour);
    await repos.connections.remove(tenantId, 'cp-1', 'conn-2', '2024-05-01T12:05:00.000Z');

    // Act
    await repos.chargers.create(aCharger({ tenantId }));
    const recreated = await repos.chargers.getView(tenantId, 'cp-1', now);

    // Assess
    expect(kept?.charger.lastSeenAt).toBe('2024-05-01T12:04:00.000Z');
    expect(recreated?.charger.lastSeenAt).toBeUndefined();
  });

  it('touch no connection that does not exist, and remove none', async () => {
    // Prepare
    const repos = create();
    const tenantId = freshTenant();
    await repos.chargers.create(aCharger({ tenantId }));

    // Act
    await repos.connections.touch(tenantId, 'cp-1', 'c-1', '2024-05-01T12:01:00.000Z');
    const removed = await repos.connections.remove(tenantId, 'cp-1', 'c-1', '2024-05-01T12:03:00.000Z');

    // Assess
    expect(removed).toBe(false);
    expect(await repos.chargers.getView(tenantId, 'cp-1', now)).toEqual({
      charger: aCharger({ tenantId }),
      connectors: [],
    });
  });

  it('remove a connection of a deleted charger without creating the charger', async () => {
    // Prepare
    const repos = create();
    const tenantId = freshTenant();
    await repos.connections.register(aConnection(tenantId), inOneHour);

    // Act
    const removed = await repos.connections.remove(tenantId, 'cp-1', 'conn-1', '2024-05-01T12:03:00.000Z');

    // Assess
    expect(removed).toBe(true);
    expect((await repos.chargers.getWithTenant(tenantId, 'cp-1')).charger).toBeUndefined();
  });
});
