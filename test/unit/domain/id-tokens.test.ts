import { describe, expect, it } from 'vitest';
import {
  authorizeIdToken,
  deleteIdToken,
  getIdToken,
  listIdTokens,
  normalizeIdToken,
  putIdToken,
  toOcpp16Status,
} from '../../../shared/slices/authorization/id-tokens.ts';
import { createTestDependencies } from '../../support/test-dependencies.ts';

const now = new Date('2024-05-01T12:00:00.000Z');
const aToken = (overrides: Partial<Parameters<typeof putIdToken>[1]> = {}) => ({
  tenantId: 'tenant-a',
  idToken: 'Tag-1',
  status: 'Accepted' as const,
  actor: 'key-1',
  ...overrides,
});

describe('putIdToken', () => {
  it('creates a token under its upper-cased id, keeping the written form for display', async () => {
    // Prepare
    const deps = await createTestDependencies();

    // Act
    const result = await putIdToken(deps, aToken());

    // Assess
    expect(result).toEqual({
      created: true,
      token: {
        tenantId: 'tenant-a',
        idToken: 'TAG-1',
        displayIdToken: 'Tag-1',
        tokenType: 'ISO14443',
        status: 'Accepted',
        createdAt: now.toISOString(),
        createdBy: 'key-1',
        updatedAt: now.toISOString(),
        updatedBy: 'key-1',
      },
    });
  });

  it('replaces a token written in another case, keeping its creation fields and dropping absent ones', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await putIdToken(deps, aToken({ expiresAt: '2025-01-01T01:00:00+01:00', groupId: 'G-1' }));
    deps.clock.advance(60_000);

    // Act
    const result = await putIdToken(deps, aToken({ idToken: 'tag-1', status: 'Blocked', actor: 'key-2' }));

    // Assess
    expect(result.created).toBe(false);
    expect(await getIdToken(deps, { tenantId: 'tenant-a', idToken: 'TAG-1' })).toEqual({
      tenantId: 'tenant-a',
      idToken: 'TAG-1',
      displayIdToken: 'tag-1',
      tokenType: 'ISO14443',
      status: 'Blocked',
      createdAt: now.toISOString(),
      createdBy: 'key-1',
      updatedAt: '2024-05-01T12:01:00.000Z',
      updatedBy: 'key-2',
    });
  });

  it('stores the expiry in UTC', async () => {
    // Prepare
    const deps = await createTestDependencies();

    // Act
    const { token } = await putIdToken(deps, aToken({ expiresAt: '2025-01-01T01:00:00+01:00' }));

    // Assess
    expect(token.expiresAt).toBe('2025-01-01T00:00:00.000Z');
  });
});

describe('listIdTokens and deleteIdToken', () => {
  it('list a tenant’s tokens in pages, and no other tenant’s', async () => {
    // Prepare
    const deps = await createTestDependencies();
    for (const idToken of ['b', 'A', 'c']) await putIdToken(deps, aToken({ idToken }));
    await putIdToken(deps, aToken({ tenantId: 'tenant-b', idToken: 'a0' }));

    // Act
    const first = await listIdTokens(deps, { tenantId: 'tenant-a', limit: 2 });
    const second = await listIdTokens(deps, { tenantId: 'tenant-a', limit: 2, cursor: first.cursor! });

    // Assess
    expect(first.items.map((token) => token.idToken)).toEqual(['A', 'B']);
    expect(second.items.map((token) => token.idToken)).toEqual(['C']);
    expect(second.cursor).toBeUndefined();
  });

  it('delete by any case, answering the deleted token once', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await putIdToken(deps, aToken());

    // Act
    const deleted = await deleteIdToken(deps, { tenantId: 'tenant-a', idToken: 'tag-1' });
    const again = await deleteIdToken(deps, { tenantId: 'tenant-a', idToken: 'tag-1' });

    // Assess
    expect(deleted?.displayIdToken).toBe('Tag-1');
    expect(again).toBeUndefined();
  });
});

describe('authorizeIdToken', () => {
  it.each([
    ['an accepted token', {}, { idToken: 'tag-1' }, { status: 'Accepted' }],
    [
      'an accepted token with expiry and group',
      { expiresAt: '2024-05-02T00:00:00Z', groupId: 'Fleet-1' },
      { idToken: 'TAG-1' },
      { status: 'Accepted', expiresAt: '2024-05-02T00:00:00.000Z', groupId: 'Fleet-1' },
    ],
    [
      'a token that expired',
      { expiresAt: '2024-05-01T12:00:00Z', groupId: 'G' },
      { idToken: 'TAG-1' },
      { status: 'Expired', groupId: 'G' },
    ],
    ['a blocked token', { status: 'Blocked' as const }, { idToken: 'TAG-1' }, { status: 'Blocked' }],
    [
      'a blocked token past its expiry (the status says more)',
      { status: 'Blocked' as const, expiresAt: '2020-01-01T00:00:00Z' },
      { idToken: 'TAG-1' },
      { status: 'Blocked' },
    ],
    ['a token without credit', { status: 'NoCredit' as const }, { idToken: 'TAG-1' }, { status: 'NoCredit' }],
    ['an unknown token', {}, { idToken: 'TAG-2' }, { status: 'Unknown' }],
    ['a token of the right type', {}, { idToken: 'TAG-1', type: 'ISO14443' }, { status: 'Accepted' }],
    ['a token known as another type', {}, { idToken: 'TAG-1', type: 'KeyCode' }, { status: 'Unknown' }],
    ['a token that could never be stored', {}, { idToken: 'TAG#1' }, { status: 'Unknown' }],
    ['an empty token (NoAuthorization)', {}, { idToken: '' }, { status: 'Unknown' }],
  ])('answers %s', async (_name, stored, presented, expected) => {
    // Prepare
    const deps = await createTestDependencies();
    await putIdToken(deps, aToken(stored));

    // Act
    const result = await authorizeIdToken(deps, { tenantId: 'tenant-a', now, ...presented });

    // Assess
    expect(result).toEqual(expected);
  });

  it('never answers with another tenant’s token', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await putIdToken(deps, aToken({ tenantId: 'tenant-b' }));

    // Act
    const result = await authorizeIdToken(deps, { tenantId: 'tenant-a', idToken: 'TAG-1', now });

    // Assess
    expect(result).toEqual({ status: 'Unknown' });
  });
});

describe('toOcpp16Status and normalizeIdToken', () => {
  it.each([
    ['Accepted', 'Accepted'],
    ['Blocked', 'Blocked'],
    ['Expired', 'Expired'],
    ['ConcurrentTx', 'ConcurrentTx'],
    ['Invalid', 'Invalid'],
    ['Unknown', 'Invalid'],
    ['NoCredit', 'Invalid'],
    ['NotAtThisTime', 'Invalid'],
  ] as const)('maps %s to %s for 1.6', (status, expected) => {
    // Act & Assess
    expect(toOcpp16Status(status)).toBe(expected);
  });

  it('upper-cases ids', () => {
    // Act & Assess
    expect(normalizeIdToken('04a1:b2.c3')).toBe('04A1:B2.C3');
  });
});
