import { describe, expect, it } from 'vitest';
import { hashSecret, parseApiKey } from '../../../shared/kernel/credentials.ts';
import {
  createApiKey,
  listApiKeys,
  revokeApiKey,
  rotateApiKey,
} from '../../../shared/slices/tenancy/api-keys.ts';
import { authenticateApiKey, createTenant } from '../../../shared/slices/tenancy/tenants.ts';
import { createTestDependencies } from '../../support/test-dependencies.ts';
import { aSite, at } from './builders.ts';

/** A tenant created as the API creates it (first key: admin), with two sites. */
const givenTenant = async () => {
  const deps = await createTestDependencies();
  const tenant = await createTenant(deps, { name: 'Acme', actor: 'platform-admin' });
  for (const siteId of ['site-1', 'site-2'])
    await deps.sites.create(aSite({ tenantId: tenant.tenantId, siteId }));
  return { deps, ...tenant };
};

const bearer = (apiKey: string) => `Bearer ${apiKey}`;

describe('createApiKey', () => {
  it('issues a key of the role that authenticates, and stores only its hash', async () => {
    // Prepare
    const { deps, tenantId, keyId: adminKeyId } = await givenTenant();

    // Act
    const result = await createApiKey(deps, {
      tenantId,
      role: 'operator',
      description: 'billing export',
      actor: adminKeyId,
    });

    // Assess
    if (!result.ok) throw new Error('expected a key');
    expect(result).toEqual({ ok: true, keyId: 'ID000003', apiKey: expect.any(String), role: 'operator' });
    const secret = parseApiKey(result.apiKey)?.secret ?? '';
    expect(Buffer.from(secret, 'base64url').length).toBeGreaterThanOrEqual(32);
    expect(await deps.apiKeys.get(tenantId, result.keyId)).toEqual({
      tenantId,
      keyId: 'ID000003',
      secretHash: hashSecret(secret),
      role: 'operator',
      description: 'billing export',
      createdAt: at,
      createdBy: adminKeyId,
      updatedAt: at,
      updatedBy: adminKeyId,
    });
    expect(JSON.stringify(await deps.table.scan())).not.toContain(secret);
    expect(await authenticateApiKey(deps, bearer(result.apiKey))).toMatchObject({
      ok: true,
      principal: { kind: 'tenant', tenantId, keyId: 'ID000003', role: 'operator' },
    });
  });

  it('limits a key to sites, once each, and the principal carries them', async () => {
    // Prepare
    const { deps, tenantId, keyId } = await givenTenant();

    // Act
    const result = await createApiKey(deps, {
      tenantId,
      role: 'viewer',
      siteIds: ['site-2', 'site-1', 'site-2'],
      actor: keyId,
    });

    // Assess
    if (!result.ok) throw new Error('expected a key');
    expect(result.siteIds).toEqual(['site-2', 'site-1']);
    expect(await authenticateApiKey(deps, bearer(result.apiKey))).toMatchObject({
      principal: { siteIds: ['site-2', 'site-1'] },
    });
  });

  it('refuses a site that does not exist and issues nothing', async () => {
    // Prepare
    const { deps, tenantId, keyId } = await givenTenant();

    // Act
    const result = await createApiKey(deps, {
      tenantId,
      role: 'viewer',
      siteIds: ['site-1', 'nope'],
      actor: keyId,
    });

    // Assess
    expect(result).toEqual({ ok: false, reason: 'unknown-site', siteId: 'nope' });
    expect((await listApiKeys(deps, { tenantId, limit: 10 })).items).toHaveLength(1);
  });
});

describe('listApiKeys', () => {
  it('pages through all keys of the tenant only, each once', async () => {
    // Prepare
    const { deps, tenantId, keyId } = await givenTenant();
    await createApiKey(deps, { tenantId, role: 'viewer', actor: keyId });
    await createApiKey(deps, { tenantId, role: 'operator', actor: keyId });
    const other = await createTenant(deps, { name: 'Other', actor: 'platform-admin' });

    // Act
    const first = await listApiKeys(deps, { tenantId, limit: 2 });
    const second = await listApiKeys(deps, {
      tenantId,
      limit: 2,
      ...(first.cursor && { cursor: first.cursor }),
    });

    // Assess
    const ids = [...first.items, ...second.items].map((key) => key.keyId);
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(3);
    expect(ids).not.toContain(other.keyId);
    expect(second.cursor).toBeUndefined();
  });
});

describe('revokeApiKey', () => {
  it('revokes a key: it no longer authenticates', async () => {
    // Prepare
    const { deps, tenantId, keyId } = await givenTenant();
    const viewer = await createApiKey(deps, { tenantId, role: 'viewer', actor: keyId });
    if (!viewer.ok) throw new Error('expected a key');
    deps.clock.advance(60_000);

    // Act
    const result = await revokeApiKey(deps, { tenantId, keyId: viewer.keyId, actor: keyId });

    // Assess
    expect(result).toMatchObject({
      outcome: 'revoked',
      key: { revokedAt: '2024-05-01T12:01:00.000Z', updatedAt: '2024-05-01T12:01:00.000Z', updatedBy: keyId },
    });
    expect(await authenticateApiKey(deps, bearer(viewer.apiKey))).toMatchObject({
      ok: false,
      reason: 'invalid',
    });
  });

  it("refuses to revoke the tenant's last active admin key", async () => {
    // Prepare
    const { deps, tenantId, keyId, apiKey } = await givenTenant();

    // Act
    const result = await revokeApiKey(deps, { tenantId, keyId, actor: keyId });

    // Assess
    expect(result.outcome).toBe('last-admin');
    expect(await authenticateApiKey(deps, bearer(apiKey))).toMatchObject({ ok: true });
  });

  it('revokes an admin key while another admin key stays, and then not the other', async () => {
    // Prepare
    const { deps, tenantId, keyId } = await givenTenant();
    const second = await createApiKey(deps, { tenantId, role: 'admin', actor: keyId });
    if (!second.ok) throw new Error('expected a key');

    // Act
    const first = await revokeApiKey(deps, { tenantId, keyId, actor: keyId });
    const last = await revokeApiKey(deps, { tenantId, keyId: second.keyId, actor: second.keyId });

    // Assess
    expect(first.outcome).toBe('revoked');
    expect(last.outcome).toBe('last-admin');
  });

  it('answers an already revoked key as such, and an unknown one as not found', async () => {
    // Prepare
    const { deps, tenantId, keyId } = await givenTenant();
    const viewer = await createApiKey(deps, { tenantId, role: 'viewer', actor: keyId });
    if (!viewer.ok) throw new Error('expected a key');
    await revokeApiKey(deps, { tenantId, keyId: viewer.keyId, actor: keyId });

    // Act
    const again = await revokeApiKey(deps, { tenantId, keyId: viewer.keyId, actor: keyId });
    const unknown = await revokeApiKey(deps, { tenantId, keyId: 'NOPE', actor: keyId });

    // Assess
    expect(again.outcome).toBe('already-revoked');
    expect(unknown).toEqual({ outcome: 'not-found' });
  });
});

describe('rotateApiKey', () => {
  it('gives the same key id and role a new secret; the old secret stops working', async () => {
    // Prepare
    const { deps, tenantId, keyId, apiKey } = await givenTenant();

    // Act
    const rotated = await rotateApiKey(deps, { tenantId, keyId, actor: keyId });

    // Assess
    if (!rotated.ok) throw new Error('expected a new secret');
    expect(rotated).toMatchObject({ keyId, role: 'admin' });
    expect(rotated.apiKey).not.toBe(apiKey);
    expect(await authenticateApiKey(deps, bearer(apiKey))).toMatchObject({ ok: false, reason: 'invalid' });
    expect(await authenticateApiKey(deps, bearer(rotated.apiKey))).toMatchObject({
      ok: true,
      principal: { keyId },
    });
  });

  it('rotates no revoked and no unknown key', async () => {
    // Prepare
    const { deps, tenantId, keyId } = await givenTenant();
    const viewer = await createApiKey(deps, { tenantId, role: 'viewer', actor: keyId });
    if (!viewer.ok) throw new Error('expected a key');
    await revokeApiKey(deps, { tenantId, keyId: viewer.keyId, actor: keyId });

    // Act
    const revoked = await rotateApiKey(deps, { tenantId, keyId: viewer.keyId, actor: keyId });
    const unknown = await rotateApiKey(deps, { tenantId, keyId: 'NOPE', actor: keyId });

    // Assess
    expect(revoked).toEqual({ ok: false, reason: 'revoked' });
    expect(unknown).toEqual({ ok: false, reason: 'not-found' });
    expect(await authenticateApiKey(deps, bearer(viewer.apiKey))).toMatchObject({
      ok: false,
      reason: 'invalid',
    });
  });
});
