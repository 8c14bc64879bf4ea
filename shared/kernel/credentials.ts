import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

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
