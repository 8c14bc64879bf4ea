import { describe, expect, it } from 'vitest';
import { generateApiKey, hashSecret } from '../../../shared/kernel/credentials.ts';
import type { ApiKey, Tenant } from '../../../shared/slices/tenancy/model.ts';
import { authenticateApiKey, createTenant } from '../../../shared/slices/tenancy/tenants.ts';
import { createTestDependencies, type TestDependencies } from '../../support/test-dependencies.ts';
import { anApiKey, aTenant, at } from './builders.ts';

/** Stores a tenant with one key and returns the bearer header for it. */
const givenApiKey = async (
  deps: TestDependencies,
  key: Partial<ApiKey> = {},
  tenant: Partial<Tenant> = {},
): Promise<string> => {
  const tenantId = key.tenantId ?? 'tenant-a';
  const keyId = key.keyId ?? 'key-1';
  const { apiKey, secretHash } = generateApiKey(tenantId, keyId);
  await deps.tenants.create(
    aTenant({ tenantId, ...tenant }),
    anApiKey({ ...key, tenantId, keyId, secretHash }),
  );
  return `Bearer ${apiKey}`;
};

describe('createTenant', () => {
  it('creates an active tenant with a first admin key', async () => {
    // Prepare
    const deps = await createTestDependencies();

    // Act
    const result = await createTenant(deps, { name: 'Fast Charge Ltd', actor: 'platform-admin' });

    // Assess
    expect(result).toMatchObject({ tenantId: 'ID000001', keyId: 'ID000002' });
    expect(result.apiKey.startsWith('csms.ID000001.ID000002.')).toBe(true);
    expect(await deps.tenants.get('ID000001')).toEqual({
      tenantId: 'ID000001',
      name: 'Fast Charge Ltd',
      status: 'active',
      createdAt: at,
      createdBy: 'platform-admin',
      updatedAt: at,
      updatedBy: 'platform-admin',
    });
    expect(await deps.tenants.getApiKey('ID000001', 'ID000002')).toMatchObject({ role: 'admin' });
  });

  it('stores only a hash of the key secret', async () => {
    // Prepare
    const deps = await createTestDependencies();

    // Act
    const { apiKey } = await createTenant(deps, { name: 'T', actor: 'platform-admin' });

    // Assess
    const secret = apiKey.split('.')[3] ?? '';
    const stored = JSON.stringify(await deps.table.scan());
    expect(secret.length).toBeGreaterThan(0);
    expect(stored).not.toContain(secret);
    expect(stored).toContain(hashSecret(secret));
  });

  it('returns a key that authenticates as the new tenant', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const { tenantId, keyId, apiKey } = await createTenant(deps, { name: 'T', actor: 'platform-admin' });

    // Act
    const result = await authenticateApiKey(deps, `Bearer ${apiKey}`);

    // Assess
    expect(result).toEqual({
      ok: true,
      principal: { kind: 'tenant', tenantId, keyId, role: 'admin', rateLimitPerSecond: 50 },
    });
  });
});

describe('authenticateApiKey', () => {
  it('resolves a tenant key to its tenant and role', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const authorization = await givenApiKey(deps, { role: 'viewer' });

    // Act
    const result = await authenticateApiKey(deps, authorization);

    // Assess
    expect(result).toEqual({
      ok: true,
      principal: {
        kind: 'tenant',
        tenantId: 'tenant-a',
        keyId: 'key-1',
        role: 'viewer',
        rateLimitPerSecond: 50,
      },
    });
  });

  it("carries the key's sites and the tenant's own rate limit", async () => {
    // Prepare
    const deps = await createTestDependencies();
    const authorization = await givenApiKey(
      deps,
      { siteIds: ['site-1', 'site-2'] },
      { rateLimitPerSecond: 7 },
    );

    // Act
    const result = await authenticateApiKey(deps, authorization);

    // Assess
    expect(result).toMatchObject({
      ok: true,
      principal: { siteIds: ['site-1', 'site-2'], rateLimitPerSecond: 7 },
    });
  });

  it('accepts the scheme in any case', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const authorization = await givenApiKey(deps);

    // Act
    const result = await authenticateApiKey(deps, authorization.replace('Bearer', 'bearer'));

    // Assess
    expect(result.ok).toBe(true);
  });

  it('refuses a revoked key', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const authorization = await givenApiKey(deps, { revokedAt: at });

    // Act
    const result = await authenticateApiKey(deps, authorization);

    // Assess
    expect(result).toEqual({ ok: false, reason: 'invalid', cause: 'revoked' });
  });

  it('refuses a wrong secret', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const authorization = await givenApiKey(deps);
    const wrong = `${authorization.slice(0, authorization.lastIndexOf('.'))}.not-the-secret`;

    // Act
    const result = await authenticateApiKey(deps, wrong);

    // Assess
    expect(result).toEqual({ ok: false, reason: 'invalid', cause: 'wrong-secret' });
  });

  it('refuses a key of a suspended tenant', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const authorization = await givenApiKey(deps, {}, { status: 'suspended' });

    // Act
    const result = await authenticateApiKey(deps, authorization);

    // Assess
    expect(result).toEqual({ ok: false, reason: 'invalid', cause: 'tenant-inactive' });
  });

  it('refuses a key presented as belonging to another tenant', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const authorization = await givenApiKey(deps, { tenantId: 'tenant-a', keyId: 'key-1' });
    await givenApiKey(deps, { tenantId: 'tenant-b', keyId: 'key-2' });

    // Act
    const result = await authenticateApiKey(deps, authorization.replace('.tenant-a.', '.tenant-b.'));

    // Assess
    expect(result).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it.each([
    ['an unknown tenant', 'csms.tenant-x.key-1.secret'],
    ['an unknown key', 'csms.tenant-a.key-9.secret'],
    ['a token that is not an API key', 'something-else'],
    ['a tenant id no key can have', 'csms.tenant#a.key-1.secret'],
    ['a key id no key can have', 'csms.tenant-a.key#1.secret'],
  ])('refuses %s', async (_, token) => {
    // Prepare
    const deps = await createTestDependencies();
    await givenApiKey(deps);

    // Act
    const result = await authenticateApiKey(deps, `Bearer ${token}`);

    // Assess
    expect(result).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['a scheme without token', 'Bearer '],
    ['another scheme', 'Basic dXNlcjpwYXNz'],
  ])('reports a missing key for %s', async (_, authorization) => {
    // Prepare
    const deps = await createTestDependencies();

    // Act
    const result = await authenticateApiKey(deps, authorization);

    // Assess
    expect(result).toEqual({ ok: false, reason: 'missing' });
  });

  it('recognizes the platform-admin key by its hash', async () => {
    // Prepare
    const deps = await createTestDependencies({
      settings: { adminKeySha256: hashSecret('root-key-secret') },
    });

    // Act
    const result = await authenticateApiKey(deps, 'Bearer root-key-secret');

    // Assess
    expect(result).toEqual({ ok: true, principal: { kind: 'platform-admin', keyId: 'platform-admin' } });
  });

  it('refuses another token when a platform-admin key is configured', async () => {
    // Prepare
    const deps = await createTestDependencies({
      settings: { adminKeySha256: hashSecret('root-key-secret') },
    });

    // Act
    const result = await authenticateApiKey(deps, 'Bearer root-key-secreT');

    // Assess
    expect(result).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it.each([
    ['any token', 'anything'],
    ['the hash of the empty string', hashSecret('')],
  ])('never makes %s platform admin without an admin key configured', async (_, token) => {
    // Prepare
    const deps = await createTestDependencies({ settings: { adminKeySha256: '' } });

    // Act
    const result = await authenticateApiKey(deps, `Bearer ${token}`);

    // Assess
    expect(result).toMatchObject({ ok: false, reason: 'invalid' });
  });
});
