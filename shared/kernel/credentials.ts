import { createHash, createHmac, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Secrets we generate carry ≥ 160 bits of entropy, so a plain SHA-256 is as safe as a slow KDF here and keeps
 * reconnect storms and API calls cheap; user-chosen passwords would need scrypt instead.
 */
export const hashSecret = (secret: string): string =>
  createHash('sha256').update(secret, 'utf8').digest('hex');

export const secretMatches = (secret: string, expectedHash: string): boolean => {
  const actual = Buffer.from(hashSecret(secret), 'hex');
  const expected = Buffer.from(expectedHash, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
};

/**
 * A password someone chose (a charger's existing Basic-auth password, brought from a legacy CSMS) has far less
 * entropy than ours, so it is stored as scrypt (RFC 7914) with its own salt: `scrypt$<log2 N>$<r>$<p>$<salt>$<hash>`.
 * N = 2^14, r = 8 (16 MiB, about 30 ms on one core) — OWASP's minimum for scrypt is N = 2^17 for user logins;
 * a charger password is checked once per connection (every 2 hours at most, and at every reconnect in a storm),
 * so the cost is kept at the lower end and recorded in the hash, where a later change can raise it.
 */
const scryptLogN = 14;
const scryptR = 8;
const scryptP = 1;
const scryptKeyLength = 32;

const scryptOf = (secret: string, salt: Buffer, logN: number, r: number, p: number): Promise<Buffer> =>
  new Promise((resolve, reject) =>
    scrypt(
      secret,
      salt,
      scryptKeyLength,
      { N: 2 ** logN, r, p, maxmem: 256 * 2 ** logN * r * 2 },
      (error, key) => (error ? reject(error) : resolve(key)),
    ),
  );

export const hashChosenSecret = async (secret: string): Promise<string> => {
  const salt = randomBytes(16);
  const key = await scryptOf(secret, salt, scryptLogN, scryptR, scryptP);
  return ['scrypt', scryptLogN, scryptR, scryptP, salt.toString('base64url'), key.toString('base64url')].join(
    '$',
  );
};

/** Checks a secret against either kind of stored hash: SHA-256 hex (ours) or scrypt (a chosen one). */
export const secretMatchesStored = async (secret: string, storedHash: string): Promise<boolean> => {
  if (!storedHash.startsWith('scrypt$')) return secretMatches(secret, storedHash);
  const [, logN, r, p, salt, key] = storedHash.split('$');
  if (!logN || !r || !p || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await scryptOf(secret, Buffer.from(salt, 'base64url'), Number(logN), Number(r), Number(p));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
};

/** Remembers a successful check of a secret against a stored hash, so that a repeat skips the slow KDF. */
export interface VerifiedSecretCache {
  /** `secretMatchesStored`, except that a scrypt match seen within the TTL is answered from memory. */
  matches(secret: string, storedHash: string): Promise<boolean>;
  /** Entries held (expired ones included until they are evicted). */
  readonly size: number;
}

/**
 * A per-container (per-process) cache of successful scrypt checks, for reconnect storms: a charger whose legacy
 * password was checked a few minutes ago by this container is not checked with scrypt again. Nothing is weakened:
 * only a match is kept (a wrong guess always costs a full scrypt), the key is an HMAC under a random key that never
 * leaves the process, over the stored hash (with its salt) and the secret, so a changed password (a new hash) or a
 * changed secret misses; an entry lives `ttlMs` (5 minutes) and at most `maxEntries` (10,000, ~1 MB) are kept,
 * the oldest evicted first. The caller still reads the charger (a deleted charger or suspended tenant is refused
 * at once); only the KDF is skipped. SHA-256 hashes (our generated passwords) are cheap and not cached.
 */
export const createVerifiedSecretCache = (
  options: {
    ttlMs?: number;
    maxEntries?: number;
    now?: () => number;
    /** @default secretMatchesStored (tests count its calls) */
    verify?: (secret: string, storedHash: string) => Promise<boolean>;
  } = {},
): VerifiedSecretCache => {
  const verify = options.verify ?? secretMatchesStored;
  const ttlMs = options.ttlMs ?? 5 * 60 * 1000;
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  const hmacKey = randomBytes(32);
  /** HMAC (base64url) → expiry; Map keeps insertion order, so the first entry is the oldest. */
  const verified = new Map<string, number>();
  const keyOf = (secret: string, storedHash: string) =>
    createHmac('sha256', hmacKey).update(storedHash).update('\0').update(secret).digest('base64url');
  return {
    get size() {
      return verified.size;
    },
    async matches(secret, storedHash) {
      if (!storedHash.startsWith('scrypt$')) return secretMatches(secret, storedHash);
      const key = keyOf(secret, storedHash);
      const expiresAt = verified.get(key);
      if (expiresAt !== undefined) {
        if (expiresAt > now()) return true;
        verified.delete(key);
      }
      const matched = await verify(secret, storedHash);
      if (matched) {
        verified.delete(key);
        verified.set(key, now() + ttlMs);
        while (verified.size > maxEntries) verified.delete(verified.keys().next().value as string);
      }
      return matched;
    },
  };
};

/**
 * What a chosen charger password must be: 8 to 64 printable ASCII characters. OCPP asks for 16 to 40
 * (2.0.1 `BasicAuthPassword`, 1.6 `AuthorizationKey`), but chargers moved from a legacy CSMS keep what they have,
 * and many have shorter ones; a password we generate is always 40 hex characters.
 */
export const chosenChargerPasswordPattern = /^[\x21-\x7e]{8,64}$/;

/**
 * 40 hex characters: the most 2.0.1 BasicAuthPassword and the 1.6 security extension's AuthorizationKey allow,
 * and hex is what the strictest charger firmware accepts.
 */
export const generateChargerPassword = (): string => randomBytes(20).toString('hex');

const apiKeyPrefix = 'csms';

/** Tenant and key ids are ULIDs; this admits a little more, but never a key separator. */
const idPattern = /^[A-Za-z0-9_-]+$/;

/** API keys name their tenant and key id, so the lookup key is tenant-first like every other key. */
export const generateApiKey = (tenantId: string, keyId: string): { apiKey: string; secretHash: string } => {
  const secret = randomBytes(32).toString('base64url');
  return { apiKey: `${apiKeyPrefix}.${tenantId}.${keyId}.${secret}`, secretHash: hashSecret(secret) };
};

export const parseApiKey = (
  apiKey: string,
): { tenantId: string; keyId: string; secret: string } | undefined => {
  const parts = apiKey.split('.');
  if (parts.length !== 4 || parts[0] !== apiKeyPrefix) return undefined;
  const [, tenantId, keyId, secret] = parts as [string, string, string, string];
  // The ids become key segments: one that no id can be (e.g. with `#`) is an invalid key, not a server error.
  if (!idPattern.test(tenantId) || !idPattern.test(keyId) || !secret) return undefined;
  return { tenantId, keyId, secret };
};

/** Parses an HTTP Basic `Authorization` header (RFC 7617). */
export const parseBasicAuth = (
  header: string | undefined,
): { username: string; password: string } | undefined => {
  const match = header?.match(/^Basic\s+([A-Za-z0-9+/=]+)\s*$/i);
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
};
