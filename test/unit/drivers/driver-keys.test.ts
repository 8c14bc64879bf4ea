import { describe, expect, it } from 'vitest';
import { hashSecret, parseApiKey } from '../../../shared/kernel/credentials.ts';
import { createDriver, deleteDriver } from '../../../shared/slices/drivers/drivers.ts';
import {
  driverKeyExpiry,
  isExpiredKey,
  issueDriverKey,
  listDriverKeys,
  maxDriverKeyTtlSeconds,
  minDriverKeyTtlSeconds,
  revokeDriverKey,
} from '../../../shared/slices/tenancy/driver-keys.ts';
import { authenticateApiKey, createTenant } from '../../../shared/slices/tenancy/tenants.ts';
import { createTestDependencies } from '../../support/test-dependencies.ts';

const now = new Date('2024-05-01T12:00:00.000Z');

describe('driverKeyExpiry', () => {
  it.each([
    ['24 h by default', undefined, '2024-05-02T12:00:00.000Z'],
    ['the lifetime asked for', 3600, '2024-05-01T13:00:00.000Z'],
    ['at least the minimum', 1, new Date(now.getTime() + minDriverKeyTtlSeconds * 1000).toISOString()],
    ['at most the maximum', 10 ** 9, new Date(now.getTime() + maxDriverKeyTtlSeconds * 1000).toISOString()],
  ])('%s', (_name, ttlSeconds, expected) => {
    // Act
    const expiresAt = driverKeyExpiry(now, ttlSeconds);

    // Assess
    expect(expiresAt).toBe(expected);
  });
});

describe('isExpiredKey', () => {
  it.each([
    ['a key without expiry never expires', undefined, false],
    ['a key expiring later is valid', '2024-05-01T12:00:00.001Z', false],
    ['a key expiring now is expired', '2024-05-01T12:00:00.000Z', true],
    ['a key that expired before is expired', '2024-05-01T11:59:59.999Z', true],
  ])('%s', (_name, expiresAt, expected) => {
    // Act
    const expired = isExpiredKey(expiresAt === undefined ? {} : { expiresAt }, now);

    // Assess
    expect(expired).toBe(expected);
  });
});

const givenDriver = async () => {
  const deps = await createTestDependencies();
  const { tenantId, keyId } = await createTenant(deps, { name: 'Acme', actor: 'platform-admin' });
  const driver = await createDriver(deps, { tenantId, name: 'Ada', actor: keyId });
  return { deps, tenantId, adminKeyId: keyId, driverId: driver.driverId };
};

describe('issueDriverKey', () => {
  it('issues a key bound to the tenant and driver, stored as a hash with a TTL, that authenticates as the driver', async () => {
    // Prepare
    const { deps, tenantId, adminKeyId, driverId } = await givenDriver();

    // Act
    const issued = await issueDriverKey(deps, { tenantId, driverId, ttlSeconds: 3600, actor: adminKeyId });

    // Assess
    if (!issued) throw new Error('expected a key');
    expect(issued).toMatchObject({ role: 'driver', driverId, expiresAt: '2024-05-01T13:00:00.000Z' });
    const secret = parseApiKey(issued.apiKey)?.secret ?? '';
    const items = await deps.table.scan();
    expect(JSON.stringify(items)).not.toContain(secret);
    expect(items).toContainEqual(
      expect.objectContaining({
        keyId: issued.keyId,
        secretHash: hashSecret(secret),
        ttl: Date.parse('2024-05-01T13:00:00.000Z') / 1000,
      }),
    );
    expect(await authenticateApiKey(deps, `Bearer ${issued.apiKey}`)).toEqual({
      ok: true,
      principal: { kind: 'driver', tenantId, keyId: issued.keyId, driverId, rateLimitPerSecond: 50 },
    });
  });

  it('refuses an unknown driver and stores nothing', async () => {
    // Prepare
    const { deps, tenantId, adminKeyId } = await givenDriver();
    const before = (await deps.table.scan()).length;

    // Act
    const issued = await issueDriverKey(deps, { tenantId, driverId: 'NOSUCHDRIVER', actor: adminKeyId });

    // Assess
    expect(issued).toBeUndefined();
    expect((await deps.table.scan()).length).toBe(before);
  });

  it('is refused as expired from its expiry on', async () => {
    // Prepare
    const { deps, tenantId, adminKeyId, driverId } = await givenDriver();
    const issued = await issueDriverKey(deps, { tenantId, driverId, ttlSeconds: 600, actor: adminKeyId });
    deps.clock.advance(600_000);

    // Act
    const result = await authenticateApiKey(deps, `Bearer ${issued?.apiKey}`);

    // Assess
    expect(result).toEqual({ ok: false, reason: 'invalid', cause: 'expired' });
  });
});

describe('revoking driver keys', () => {
  it("revokes a key of the driver, and not another driver's", async () => {
    // Prepare
    const { deps, tenantId, adminKeyId, driverId } = await givenDriver();
    const other = await createDriver(deps, { tenantId, name: 'Bob', actor: adminKeyId });
    const issued = await issueDriverKey(deps, { tenantId, driverId, actor: adminKeyId });
    if (!issued) throw new Error('expected a key');

    // Act
    const wrongDriver = await revokeDriverKey(deps, {
      tenantId,
      driverId: other.driverId,
      keyId: issued.keyId,
      actor: adminKeyId,
    });
    const revoked = await revokeDriverKey(deps, {
      tenantId,
      driverId,
      keyId: issued.keyId,
      actor: adminKeyId,
    });

    // Assess
    expect(wrongDriver).toBeUndefined();
    expect(revoked).toMatchObject({ keyId: issued.keyId, revokedAt: expect.any(String) });
    expect(await authenticateApiKey(deps, `Bearer ${issued.apiKey}`)).toEqual({
      ok: false,
      reason: 'invalid',
      cause: 'revoked',
    });
  });

  it("erasing the driver revokes all of the driver's keys", async () => {
    // Prepare
    const { deps, tenantId, adminKeyId, driverId } = await givenDriver();
    const first = await issueDriverKey(deps, { tenantId, driverId, actor: adminKeyId });
    const second = await issueDriverKey(deps, { tenantId, driverId, actor: adminKeyId });

    // Act
    await deleteDriver(deps, { tenantId, driverId, actor: adminKeyId });

    // Assess
    for (const key of [first, second])
      expect(await authenticateApiKey(deps, `Bearer ${key?.apiKey}`)).toMatchObject({ ok: false });
    const listed = await deps.apiKeys.listOfDriver(tenantId, driverId, { limit: 10 });
    expect(listed.items.map((key) => key.revokedAt !== undefined)).toEqual([true, true]);
    expect(await listDriverKeys(deps, { tenantId, driverId, limit: 10 })).toBeUndefined();
  });
});
