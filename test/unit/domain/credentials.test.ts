import { describe, expect, it } from 'vitest';
import {
  chosenChargerPasswordPattern,
  createVerifiedSecretCache,
  generateApiKey,
  generateChargerPassword,
  hashChosenSecret,
  hashSecret,
  parseApiKey,
  parseBasicAuth,
  secretMatches,
  secretMatchesStored,
} from '../../../shared/kernel/credentials.ts';

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('parseBasicAuth', () => {
  it.each([
    ['a username and password', `Basic ${base64('cp-1:s3cret')}`, { username: 'cp-1', password: 's3cret' }],
    ['the scheme in any case', `bAsIc ${base64('cp-1:pw')}`, { username: 'cp-1', password: 'pw' }],
    [
      'several spaces and a trailing one',
      `Basic   ${base64('cp-1:pw')} `,
      { username: 'cp-1', password: 'pw' },
    ],
    ['colons in the password', `Basic ${base64('cp-1:a:b:c')}`, { username: 'cp-1', password: 'a:b:c' }],
    ['an empty password', `Basic ${base64('cp-1:')}`, { username: 'cp-1', password: '' }],
    ['an empty username', `Basic ${base64(':pw')}`, { username: '', password: 'pw' }],
    ['UTF-8', `Basic ${base64('ladestation-ü:päss')}`, { username: 'ladestation-ü', password: 'päss' }],
  ])('reads %s', (_, header, expected) => {
    // Act
    const credentials = parseBasicAuth(header);

    // Assess
    expect(credentials).toEqual(expected);
  });

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['another scheme', `Bearer ${base64('cp-1:pw')}`],
    ['the scheme alone', 'Basic'],
    ['the scheme and a space', 'Basic '],
    ['no space after the scheme', `Basic${base64('cp-1:pw')}`],
    ['characters outside base64', 'Basic cp-1:pw'],
    ['a second token', `Basic ${base64('cp-1:pw')} extra`],
    ['no colon', `Basic ${base64('cp-1')}`],
    ['text before the scheme', `X Basic ${base64('cp-1:pw')}`],
  ])('refuses %s', (_, header) => {
    // Act
    const credentials = parseBasicAuth(header);

    // Assess
    expect(credentials).toBeUndefined();
  });
});

describe('parseApiKey', () => {
  it('reads tenant, key and secret', () => {
    // Act
    const parsed = parseApiKey('csms.tenant-a.key-1.s3cr3t_-X');

    // Assess
    expect(parsed).toEqual({ tenantId: 'tenant-a', keyId: 'key-1', secret: 's3cr3t_-X' });
  });

  it('reads back a generated key whose secret matches the hash', () => {
    // Prepare
    const { apiKey, secretHash } = generateApiKey('01HTENANT', '01HKEY');

    // Act
    const parsed = parseApiKey(apiKey);

    // Assess
    expect(parsed).toMatchObject({ tenantId: '01HTENANT', keyId: '01HKEY' });
    expect(parsed && secretMatches(parsed.secret, secretHash)).toBe(true);
  });

  it.each([
    ['another prefix', 'csmx.tenant-a.key-1.secret'],
    ['an upper-case prefix', 'CSMS.tenant-a.key-1.secret'],
    ['too few parts', 'csms.tenant-a.secret'],
    ['too many parts', 'csms.tenant-a.key-1.sec.ret'],
    ['an empty tenant', 'csms..key-1.secret'],
    ['an empty key id', 'csms.tenant-a..secret'],
    ['an empty secret', 'csms.tenant-a.key-1.'],
    ['an empty string', ''],
    ['a key separator in the tenant id', 'csms.tenant#a.key-1.secret'],
    ['a key separator in the key id', 'csms.tenant-a.key#1.secret'],
    ['a space in the tenant id', 'csms.tenant a.key-1.secret'],
  ])('refuses %s', (_, apiKey) => {
    // Act
    const parsed = parseApiKey(apiKey);

    // Assess
    expect(parsed).toBeUndefined();
  });
});

describe('hashSecret', () => {
  it('is hex SHA-256', () => {
    // Act
    const hash = hashSecret('abc');

    // Assess
    expect(hash).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('secretMatches', () => {
  it('accepts the secret of the hash', () => {
    // Act
    const matches = secretMatches('s3cret', hashSecret('s3cret'));

    // Assess
    expect(matches).toBe(true);
  });

  it.each([
    ['another secret', 's3cret!', hashSecret('s3cret')],
    ['an empty hash', 's3cret', ''],
    ['a truncated hash', 's3cret', hashSecret('s3cret').slice(0, 62)],
    ['a hash that is not hex', 's3cret', 'z'.repeat(64)],
    ['the hash itself as the secret', hashSecret('s3cret'), hashSecret('s3cret')],
  ])('refuses %s', (_, secret, hash) => {
    // Act
    const matches = secretMatches(secret, hash);

    // Assess
    expect(matches).toBe(false);
  });
});

describe('chosen secrets (a charger password brought from another CSMS)', () => {
  it('are stored as salted scrypt, a different hash each time, that only the secret matches', async () => {
    // Act
    const [first, second] = await Promise.all([hashChosenSecret('test1234'), hashChosenSecret('test1234')]);

    // Assess
    expect(first).toMatch(/^scrypt\$14\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(second).not.toBe(first);
    expect(await secretMatchesStored('test1234', first)).toBe(true);
    expect(await secretMatchesStored('test1235', first)).toBe(false);
    expect(await secretMatchesStored('', first)).toBe(false);
  });

  it('leave our own SHA-256 hashes working', async () => {
    // Prepare
    const password = generateChargerPassword();

    // Act + Assess
    expect(await secretMatchesStored(password, hashSecret(password))).toBe(true);
    expect(await secretMatchesStored(`${password}x`, hashSecret(password))).toBe(false);
  });

  it.each([
    ['a truncated scrypt hash', 'scrypt$14$8$1$c2FsdA'],
    ['an empty one', ''],
  ])('match nothing against %s', async (_, stored) => {
    expect(await secretMatchesStored('test1234', stored)).toBe(false);
  });

  it.each([
    ['test1234', true],
    ['a'.repeat(64), true],
    ['!#$%&()*+,-./:;<=>?@[]^_`{|}~', true],
    ['short77', false],
    ['a'.repeat(65), false],
    ['with space', false],
    ['päss-word', false],
  ])('take %j as a chosen password: %s', (password, valid) => {
    expect(chosenChargerPasswordPattern.test(password)).toBe(valid);
  });
});

describe('generated secrets', () => {
  it('makes charger passwords of 40 hex characters, different every time', () => {
    // Act
    const passwords = Array.from({ length: 20 }, generateChargerPassword);

    // Assess
    for (const password of passwords) expect(password).toMatch(/^[0-9a-f]{40}$/);
    expect(new Set(passwords).size).toBe(passwords.length);
  });

  it('makes API keys that name their tenant and key id', () => {
    // Act
    const { apiKey } = generateApiKey('01HTENANT', '01HKEY');

    // Assess
    expect(apiKey).toMatch(/^csms\.01HTENANT\.01HKEY\.[A-Za-z0-9_-]{43}$/);
  });
});

describe('the verified-secret cache', () => {
  /** The real check, counted. */
  const counted = () => {
    const calls: string[] = [];
    return {
      calls,
      verify: (secret: string, storedHash: string) => {
        calls.push(secret);
        return secretMatchesStored(secret, storedHash);
      },
    };
  };

  it('answers a repeated match within the TTL without running scrypt again', async () => {
    // Prepare
    const stored = await hashChosenSecret('legacy-pw-1');
    const { calls, verify } = counted();
    let now = 0;
    const cache = createVerifiedSecretCache({ ttlMs: 1000, now: () => now, verify });

    // Act
    const first = await cache.matches('legacy-pw-1', stored);
    now = 999;
    const second = await cache.matches('legacy-pw-1', stored);

    // Assess
    expect([first, second]).toEqual([true, true]);
    expect(calls).toHaveLength(1);
  });

  it('runs scrypt again once the TTL is over', async () => {
    // Prepare
    const stored = await hashChosenSecret('legacy-pw-1');
    const { calls, verify } = counted();
    let now = 0;
    const cache = createVerifiedSecretCache({ ttlMs: 1000, now: () => now, verify });
    await cache.matches('legacy-pw-1', stored);

    // Act
    now = 1000;
    const again = await cache.matches('legacy-pw-1', stored);

    // Assess
    expect(again).toBe(true);
    expect(calls).toHaveLength(2);
  });

  it('never keeps a wrong secret: every guess costs a full check and fails', async () => {
    // Prepare
    const stored = await hashChosenSecret('legacy-pw-1');
    const { calls, verify } = counted();
    const cache = createVerifiedSecretCache({ verify });

    // Act
    const answers = [await cache.matches('guess-0001', stored), await cache.matches('guess-0001', stored)];

    // Assess
    expect(answers).toEqual([false, false]);
    expect(calls).toHaveLength(2);
    expect(cache.size).toBe(0);
  });

  it('does not let a cached match stand for another stored hash (a changed password) or another secret', async () => {
    // Prepare
    const before = await hashChosenSecret('legacy-pw-1');
    const after = await hashChosenSecret('legacy-pw-2');
    const cache = createVerifiedSecretCache();
    await cache.matches('legacy-pw-1', before);

    // Act
    const oldAgainstNew = await cache.matches('legacy-pw-1', after);
    const otherAgainstOld = await cache.matches('legacy-pw-2', before);
    const newAgainstNew = await cache.matches('legacy-pw-2', after);

    // Assess
    expect([oldAgainstNew, otherAgainstOld, newAgainstNew]).toEqual([false, false, true]);
  });

  it('evicts the oldest match beyond its bound', async () => {
    // Prepare
    const hashes = await Promise.all(['pw-one-11', 'pw-two-22', 'pw-three-33'].map(hashChosenSecret));
    const { calls, verify } = counted();
    const cache = createVerifiedSecretCache({ maxEntries: 2, verify });
    await cache.matches('pw-one-11', hashes[0] as string);
    await cache.matches('pw-two-22', hashes[1] as string);
    await cache.matches('pw-three-33', hashes[2] as string);

    // Act
    await cache.matches('pw-three-33', hashes[2] as string);
    await cache.matches('pw-one-11', hashes[0] as string);

    // Assess
    expect(cache.size).toBe(2);
    expect(calls).toEqual(['pw-one-11', 'pw-two-22', 'pw-three-33', 'pw-one-11']);
  });

  it('checks a generated (SHA-256) password directly and keeps nothing', async () => {
    // Prepare
    const { calls, verify } = counted();
    const cache = createVerifiedSecretCache({ verify });
    const stored = hashSecret('a'.repeat(40));

    // Act
    const answers = [
      await cache.matches('a'.repeat(40), stored),
      await cache.matches('b'.repeat(40), stored),
    ];

    // Assess
    expect(answers).toEqual([true, false]);
    expect(calls).toHaveLength(0);
    expect(cache.size).toBe(0);
  });
});
