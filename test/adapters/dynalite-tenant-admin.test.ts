import { describe, expect, it } from 'vitest';
import { keys } from '../../shared/adapters/dynamodb/keys.ts';
import type { Page } from '../../shared/kernel/ports.ts';
import { createDynamoChargerRepository } from '../../shared/slices/chargers/adapters/dynamodb-charger-repository.ts';
import { createDynamoConnectionRegistry } from '../../shared/slices/chargers/adapters/dynamodb-connection-registry.ts';
import type { Dependencies } from '../../shared/slices/dependencies.ts';
import { createDynamoApiKeyRepository } from '../../shared/slices/tenancy/adapters/dynamodb-api-key-repository.ts';
import { createDynamoAuditLog } from '../../shared/slices/tenancy/adapters/dynamodb-audit-log.ts';
import { createDynamoRateLimiter } from '../../shared/slices/tenancy/adapters/dynamodb-rate-limiter.ts';
import { createDynamoSiteRepository } from '../../shared/slices/tenancy/adapters/dynamodb-site-repository.ts';
import { createDynamoTenantRepository } from '../../shared/slices/tenancy/adapters/dynamodb-tenant-repository.ts';
import { useDynaliteTable } from '../support/dynalite-table.ts';
import { aCharger, anApiKey, aSite, aTenant, at } from '../unit/domain/builders.ts';

/**
 * The tenant-administration ports (API keys, sites, tenants, rate limits, audit log, charger administration)
 * of the DynamoDB adapters, against dynalite.
 */
type Ports = Pick<
  Dependencies,
  'tenants' | 'apiKeys' | 'sites' | 'rateLimiter' | 'auditLog' | 'chargers' | 'connections'
>;

const dynalite = useDynaliteTable('csms-admin-contract');
const { tableName } = dynalite;

const create = (): Ports => {
  const db = dynalite.documentClient;
  return {
    tenants: createDynamoTenantRepository(db, tableName),
    apiKeys: createDynamoApiKeyRepository(db, tableName),
    sites: createDynamoSiteRepository(db, tableName),
    rateLimiter: createDynamoRateLimiter(db, tableName),
    auditLog: createDynamoAuditLog(db, tableName),
    chargers: createDynamoChargerRepository(db, tableName),
    connections: createDynamoConnectionRegistry(db, tableName),
  };
};

/** Each test gets tenants of its own, since the dynalite table is shared by the file. */
let tenantCounter = 0;
const freshTenant = (): string => {
  tenantCounter += 1;
  return `admin-${tenantCounter}`;
};

const change = { at: '2024-05-01T13:00:00.000Z', actor: 'key-9' };
const keysOf = (tenantId: string, keyId: string) => keys.apiKey(tenantId, keyId);
const now = new Date(at);

/** Every item of a paged listing, following cursors. */
const all = async <T>(read: (cursor?: string) => Promise<Page<T>>): Promise<T[]> => {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 50; page++) {
    const result = await read(cursor);
    items.push(...result.items);
    cursor = result.cursor;
    if (!cursor) break;
  }
  return items;
};

describe('dynamodb tenant administration', () => {
  describe('API keys', () => {
    it('create a key id once, and list the tenant keys page by page', async () => {
      // Prepare
      const ports = create();
      const [tenantId, other] = [freshTenant(), freshTenant()];
      for (const keyId of ['k1', 'k2', 'k3']) await ports.apiKeys.create(anApiKey({ tenantId, keyId }));
      await ports.apiKeys.create(anApiKey({ tenantId: other, keyId: 'k1' }));

      // Act
      const again = await ports.apiKeys.create(anApiKey({ tenantId, keyId: 'k1', role: 'admin' }));
      const keys = await all((cursor) =>
        ports.apiKeys.list(tenantId, { limit: 2, ...(cursor && { cursor }) }),
      );

      // Assess
      expect(again).toBe(false);
      expect(keys).toEqual(['k1', 'k2', 'k3'].map((keyId) => anApiKey({ tenantId, keyId })));
      expect((await ports.apiKeys.get(tenantId, 'k1'))?.role).toBe('operator');
    });

    it("count admin keys from the tenant's first key on: the last active one is never revoked", async () => {
      // Prepare
      const ports = create();
      const tenantId = freshTenant();
      await ports.tenants.create(
        aTenant({ tenantId }),
        anApiKey({ tenantId, keyId: 'first', role: 'admin' }),
      );
      await ports.apiKeys.create(anApiKey({ tenantId, keyId: 'second', role: 'admin' }));
      await ports.apiKeys.create(anApiKey({ tenantId, keyId: 'viewer', role: 'viewer' }));

      // Act
      const viewer = await ports.apiKeys.revoke(tenantId, 'viewer', change);
      const first = await ports.apiKeys.revoke(tenantId, 'first', change);
      const second = await ports.apiKeys.revoke(tenantId, 'second', change);
      const firstAgain = await ports.apiKeys.revoke(tenantId, 'first', change);
      const unknown = await ports.apiKeys.revoke(tenantId, 'nope', change);

      // Assess
      expect([viewer.outcome, first.outcome, second.outcome, firstAgain.outcome, unknown.outcome]).toEqual([
        'revoked',
        'revoked',
        'last-admin',
        'already-revoked',
        'not-found',
      ]);
      expect(first.key).toEqual({
        ...anApiKey({ tenantId, keyId: 'first', role: 'admin' }),
        revokedAt: change.at,
        updatedAt: change.at,
        updatedBy: change.actor,
      });
      expect((await ports.apiKeys.get(tenantId, 'second'))?.revokedAt).toBeUndefined();
    });

    it('replace the secret of an active key only', async () => {
      // Prepare
      const ports = create();
      const tenantId = freshTenant();
      await ports.apiKeys.create(anApiKey({ tenantId, keyId: 'k1' }));
      await ports.apiKeys.create(anApiKey({ tenantId, keyId: 'k2' }));
      await ports.apiKeys.revoke(tenantId, 'k2', change);

      // Act
      const active = await ports.apiKeys.replaceSecret(tenantId, 'k1', 'new-hash', change);
      const revoked = await ports.apiKeys.replaceSecret(tenantId, 'k2', 'new-hash', change);
      const missing = await ports.apiKeys.replaceSecret(tenantId, 'k3', 'new-hash', change);

      // Assess
      expect(active).toMatchObject({ keyId: 'k1', secretHash: 'new-hash', updatedBy: 'key-9' });
      expect([revoked, missing]).toEqual([undefined, undefined]);
      expect((await ports.tenants.getApiKey(tenantId, 'k2'))?.secretHash).toBe(anApiKey().secretHash);
    });
  });

  describe('driver keys', () => {
    it("are listed per driver, not with the tenant's keys, and carry a TTL at their expiry", async () => {
      // Prepare
      const ports = create();
      const tenantId = freshTenant();
      await ports.apiKeys.create(anApiKey({ tenantId, keyId: 'admin-1' }));
      const expiresAt = '2024-05-02T12:00:00.500Z';
      for (const [keyId, driverId] of [
        ['dk-1', 'D1'],
        ['dk-2', 'D1'],
        ['dk-3', 'D2'],
      ] as const)
        await ports.apiKeys.create(anApiKey({ tenantId, keyId, role: 'driver', driverId, expiresAt }));

      // Act
      const ofD1 = await all((cursor) =>
        ports.apiKeys.listOfDriver(tenantId, 'D1', { limit: 1, ...(cursor && { cursor }) }),
      );
      const ofD2 = await ports.apiKeys.listOfDriver(tenantId, 'D2', { limit: 10 });
      const ofTenant = await ports.apiKeys.list(tenantId, { limit: 10 });
      const stored = await dynalite.table.get(keysOf(tenantId, 'dk-1'));

      // Assess
      expect(ofD1.map((key) => key.keyId)).toEqual(['dk-1', 'dk-2']);
      expect(ofD2.items.map((key) => key.keyId)).toEqual(['dk-3']);
      expect(ofTenant.items.map((key) => key.keyId)).toEqual(['admin-1']);
      expect(stored).toMatchObject({ ttl: Math.ceil(Date.parse(expiresAt) / 1000), driverId: 'D1' });
      expect((await ports.apiKeys.get(tenantId, 'dk-1'))?.expiresAt).toBe(expiresAt);
    });
  });

  describe('tenants', () => {
    it('list every created tenant, and update or remove fields of an existing one only', async () => {
      // Prepare
      const ports = create();
      const tenantId = freshTenant();
      await ports.tenants.create(aTenant({ tenantId }), anApiKey({ tenantId }));
      await ports.tenants.update(tenantId, { rateLimitPerSecond: 9 }, change);

      // Act
      const updated = await ports.tenants.update(
        tenantId,
        { name: 'Renamed', status: 'suspended', rateLimitPerSecond: null },
        change,
      );
      const missing = await ports.tenants.update(freshTenant(), { name: 'x' }, change);
      const listed = await all((cursor) => ports.tenants.list({ limit: 100, ...(cursor && { cursor }) }));

      // Assess
      const expected = {
        ...aTenant({ tenantId, name: 'Renamed', status: 'suspended' }),
        updatedAt: change.at,
        updatedBy: change.actor,
      };
      expect(updated).toEqual(expected);
      expect(missing).toBeUndefined();
      expect(await ports.tenants.get(tenantId)).toEqual(expected);
      expect(listed).toContainEqual(expected);
    });
  });

  describe('sites', () => {
    it('create once, get, list page by page, update and delete', async () => {
      // Prepare
      const ports = create();
      const tenantId = freshTenant();
      for (const siteId of ['s-b', 's-a', 's-c'])
        await ports.sites.create(aSite({ tenantId, siteId, maxPowerKw: 50 }));
      await ports.sites.create(aSite({ tenantId: freshTenant(), siteId: 's-a' }));

      // Act
      const again = await ports.sites.create(aSite({ tenantId, siteId: 's-a', name: 'Other' }));
      const updated = await ports.sites.update(tenantId, 's-b', { name: 'B', maxPowerKw: null }, change);
      const deleted = await ports.sites.delete(tenantId, 's-c');
      const deletedAgain = await ports.sites.delete(tenantId, 's-c');
      const listed = await all((cursor) =>
        ports.sites.list(tenantId, { limit: 1, ...(cursor && { cursor }) }),
      );

      // Assess
      expect(again).toBe(false);
      expect(updated).toEqual({
        ...aSite({ tenantId, siteId: 's-b', name: 'B' }),
        updatedAt: change.at,
        updatedBy: change.actor,
      });
      expect([deleted, deletedAgain]).toEqual([true, false]);
      expect(listed.map((site) => site.siteId)).toEqual(['s-a', 's-b']);
      expect(await ports.sites.get(tenantId, 's-a')).toEqual(
        aSite({ tenantId, siteId: 's-a', maxPowerKw: 50 }),
      );
      expect(await ports.sites.update(tenantId, 's-c', { name: 'gone' }, change)).toBeUndefined();
    });
  });

  describe('rate limiter', () => {
    it('allows the limit in each second of each tenant, and no more', async () => {
      // Prepare
      const ports = create();
      const [tenantId, other] = [freshTenant(), freshTenant()];
      const second = new Date('2024-05-01T12:00:00.000Z');
      const consume = (t: string, at: Date) => ports.rateLimiter.consume(t, 3, at);

      // Act
      const verdicts = [];
      for (let i = 0; i < 4; i++) verdicts.push((await consume(tenantId, second)).allowed);
      const otherTenant = await consume(other, second);
      const nextSecond = await consume(tenantId, new Date(second.getTime() + 1000));

      // Assess
      expect(verdicts).toEqual([true, true, true, false]);
      expect(otherTenant.allowed).toBe(true);
      expect(nextSecond.allowed).toBe(true);
    });
  });

  describe('audit log', () => {
    it("lists a month's entries newest first, page by page, of the tenant only", async () => {
      // Prepare
      const ports = create();
      const [tenantId, other] = [freshTenant(), freshTenant()];
      const entry = (t: string, second: number) => ({
        tenantId: t,
        entryId: `E${second}`,
        at: `2024-05-01T12:00:0${second}.000Z`,
        keyId: 'key-1',
        method: 'POST',
        route: 'POST /v1/sites',
        pathParameters: {},
        status: 201,
      });
      for (const second of [1, 3, 2]) await ports.auditLog.record(entry(tenantId, second));
      await ports.auditLog.record(entry(other, 4));
      await ports.auditLog.record({ ...entry(tenantId, 5), at: '2024-06-01T00:00:00.000Z' });

      // Act
      const may = await all((cursor) =>
        ports.auditLog.list(tenantId, { month: '2024-05', limit: 2, ...(cursor && { cursor }) }),
      );

      // Assess
      expect(may).toEqual([entry(tenantId, 3), entry(tenantId, 2), entry(tenantId, 1)]);
    });
  });

  describe('charger administration', () => {
    it('move a charger between sites, out of any site, and describe it', async () => {
      // Prepare
      const ports = create();
      const tenantId = freshTenant();
      await ports.chargers.create(aCharger({ tenantId, chargerId: 'cp-1', siteId: 'site-1' }));
      await ports.chargers.create(aCharger({ tenantId, chargerId: 'cp-2', siteId: 'site-1' }));
      const inSite = async (siteId: string) =>
        (await ports.chargers.list(tenantId, { siteId, limit: 10 }, now)).items.map(
          (v) => v.charger.chargerId,
        );

      // Act
      const moved = await ports.chargers.update(
        tenantId,
        'cp-1',
        { siteId: 'site-2', description: 'gate' },
        change,
      );
      const siteless = await ports.chargers.update(tenantId, 'cp-2', { siteId: null }, change);
      const missing = await ports.chargers.update(tenantId, 'cp-9', { description: 'x' }, change);

      // Assess
      expect(moved).toEqual({
        ...aCharger({ tenantId, chargerId: 'cp-1', siteId: 'site-2' }),
        description: 'gate',
        updatedAt: change.at,
        updatedBy: change.actor,
      });
      expect(siteless).not.toHaveProperty('siteId');
      expect(missing).toBeUndefined();
      expect(await inSite('site-1')).toEqual([]);
      expect(await inSite('site-2')).toEqual(['cp-1']);
      expect((await ports.chargers.list(tenantId, { limit: 10 }, now)).items).toHaveLength(2);
    });

    it("list only chargers of a site-limited key's sites, never one without a site", async () => {
      // Prepare
      const ports = create();
      const tenantId = freshTenant();
      const sites: Record<string, string | undefined> = { a: 's1', b: 's2', c: 's3', d: undefined, e: 's1' };
      for (const [chargerId, siteId] of Object.entries(sites))
        await ports.chargers.create(aCharger({ tenantId, chargerId, siteId }));

      // Act
      const seen = await all((cursor) =>
        ports.chargers.list(tenantId, { siteIds: ['s1', 's3'], limit: 2, ...(cursor && { cursor }) }, now),
      );

      // Assess
      expect(seen.map((view) => view.charger.chargerId).sort()).toEqual(['a', 'c', 'e']);
    });

    it('set a new password hash on an existing charger only', async () => {
      // Prepare
      const ports = create();
      const tenantId = freshTenant();
      await ports.chargers.create(aCharger({ tenantId }));

      // Act
      const stored = await ports.chargers.setPassword(tenantId, 'cp-1', 'new-hash', change);
      const missing = await ports.chargers.setPassword(tenantId, 'cp-9', 'new-hash', change);

      // Assess
      expect([stored, missing]).toEqual([true, false]);
      expect((await ports.chargers.getWithTenant(tenantId, 'cp-1')).charger?.passwordHash).toBe('new-hash');
      expect((await ports.chargers.getWithTenant(tenantId, 'cp-9')).charger).toBeUndefined();
    });

    it('delete a charger with everything in its partition', async () => {
      // Prepare
      const ports = create();
      const tenantId = freshTenant();
      await ports.chargers.create(aCharger({ tenantId }));
      await ports.chargers.create(aCharger({ tenantId, chargerId: 'cp-2' }));
      await ports.connections.register(
        {
          tenantId,
          chargerId: 'cp-1',
          connectionId: 'conn-1',
          ocppVersion: 'ocpp1.6',
          connectedAt: at,
          lastSeenAt: at,
        },
        new Date(now.getTime() + 3_600_000),
      );
      await ports.chargers.recordConnectorStatus(tenantId, 'cp-1', {
        evseId: 1,
        connectorId: 1,
        status: 'Available',
        statusAt: at,
      });

      // Act
      const deleted = await ports.chargers.delete(tenantId, 'cp-1');
      const again = await ports.chargers.delete(tenantId, 'cp-1');

      // Assess
      expect([deleted, again]).toEqual([true, false]);
      expect(await ports.chargers.getView(tenantId, 'cp-1', now)).toBeUndefined();
      // A status arriving later would recreate the partition; none is left behind now.
      await ports.chargers.create(aCharger({ tenantId }));
      expect(await ports.chargers.getView(tenantId, 'cp-1', now)).toEqual({
        charger: aCharger({ tenantId }),
        connectors: [],
      });
      expect((await ports.chargers.getView(tenantId, 'cp-2', now))?.charger.chargerId).toBe('cp-2');
    });
  });
});
