import { generateApiKey } from '../../kernel/credentials.ts';
import type { Actor } from '../../kernel/model.ts';
import type { Page } from '../../kernel/ports.ts';
import type { Dependencies } from '../dependencies.ts';
import type { ApiKey } from './model.ts';

/*
 * Driver keys (role `driver`): the credential of one driver for the driver API, issued by the operator's
 * backend (an admin or operator key) after it authenticated the driver in its own user system, one per app
 * login. They are short-lived rather than long-lived keys: a token leaked from a phone dies on its own within
 * hours, the operator's backend stays the one place drivers log in (the platform stores no driver passwords),
 * and logging out or erasing the driver revokes them at once. A driver key is an API key in every other respect:
 * `csms.<tenantId>.<keyId>.<secret>`, 32 random bytes, stored only as a SHA-256 hash, shown once.
 */

/** 24 hours: one app session a day; the backend mints a new one at the next login. */
export const defaultDriverKeyTtlSeconds = 24 * 3600;
/** At least 5 minutes: anything shorter expires before an app gets to use it. */
export const minDriverKeyTtlSeconds = 5 * 60;
/** At most 7 days: longer-lived credentials are what these replace. */
export const maxDriverKeyTtlSeconds = 7 * 24 * 3600;

/** Pure: when a driver key issued at `now` with `ttlSeconds` (default 24 h, clamped to the bounds) expires. */
export const driverKeyExpiry = (now: Date, ttlSeconds: number = defaultDriverKeyTtlSeconds): string => {
  const seconds = Math.min(maxDriverKeyTtlSeconds, Math.max(minDriverKeyTtlSeconds, Math.floor(ttlSeconds)));
  return new Date(now.getTime() + seconds * 1000).toISOString();
};

/** Pure: whether the key has expired at `now` (a key without `expiresAt` never does); expiry is exclusive. */
export const isExpiredKey = (key: Pick<ApiKey, 'expiresAt'>, now: Date): boolean =>
  key.expiresAt !== undefined && Date.parse(key.expiresAt) <= now.getTime();

export interface IssuedDriverKey {
  readonly keyId: string;
  readonly apiKey: string;
  readonly role: 'driver';
  readonly driverId: string;
  readonly expiresAt: string;
  readonly name?: string;
}

/** A driver key for an existing driver of the tenant; undefined when there is no such driver. */
export const issueDriverKey = async (
  deps: Pick<Dependencies, 'apiKeys' | 'drivers' | 'clock' | 'ids'>,
  input: { tenantId: string; driverId: string; ttlSeconds?: number; name?: string; actor: Actor },
): Promise<IssuedDriverKey | undefined> => {
  if (!(await deps.drivers.get(input.tenantId, input.driverId))) return undefined;
  const now = deps.clock.now();
  const at = now.toISOString();
  const keyId = deps.ids.next();
  const expiresAt = driverKeyExpiry(now, input.ttlSeconds);
  const { apiKey, secretHash } = generateApiKey(input.tenantId, keyId);
  const created = await deps.apiKeys.create({
    tenantId: input.tenantId,
    keyId,
    secretHash,
    role: 'driver',
    driverId: input.driverId,
    expiresAt,
    ...(input.name && { name: input.name }),
    createdAt: at,
    createdBy: input.actor,
    updatedAt: at,
    updatedBy: input.actor,
  });
  // Key ids are fresh ULIDs: a taken one is a broken id generator, not a user error.
  if (!created) throw new Error(`API key id ${keyId} is already taken`);
  return {
    keyId,
    apiKey,
    role: 'driver',
    driverId: input.driverId,
    expiresAt,
    ...(input.name && { name: input.name }),
  };
};

/** The driver's keys (revoked and expired ones until TTL removes them); undefined for an unknown driver. */
export const listDriverKeys = async (
  deps: Pick<Dependencies, 'apiKeys' | 'drivers'>,
  input: { tenantId: string; driverId: string; limit: number; cursor?: string },
): Promise<Page<ApiKey> | undefined> => {
  if (!(await deps.drivers.get(input.tenantId, input.driverId))) return undefined;
  return deps.apiKeys.listOfDriver(input.tenantId, input.driverId, {
    limit: input.limit,
    ...(input.cursor && { cursor: input.cursor }),
  });
};

/** Revokes one key of the driver; undefined when the driver has no such key (another driver's included). */
export const revokeDriverKey = async (
  deps: Pick<Dependencies, 'apiKeys' | 'clock'>,
  input: { tenantId: string; driverId: string; keyId: string; actor: Actor },
): Promise<ApiKey | undefined> => {
  const key = await deps.apiKeys.get(input.tenantId, input.keyId);
  if (key?.role !== 'driver' || key.driverId !== input.driverId) return undefined;
  const { key: revoked } = await deps.apiKeys.revoke(input.tenantId, input.keyId, {
    at: deps.clock.now().toISOString(),
    actor: input.actor,
  });
  return revoked;
};

/** Revokes every active key of the driver (its erasure, or "log out everywhere"); returns how many. */
export const revokeAllDriverKeys = async (
  deps: Pick<Dependencies, 'apiKeys' | 'clock'>,
  input: { tenantId: string; driverId: string; actor: Actor },
): Promise<number> => {
  const change = { at: deps.clock.now().toISOString(), actor: input.actor };
  let revoked = 0;
  let cursor: string | undefined;
  do {
    const page = await deps.apiKeys.listOfDriver(input.tenantId, input.driverId, {
      limit: 100,
      ...(cursor && { cursor }),
    });
    for (const key of page.items) {
      if (key.revokedAt) continue;
      const { outcome } = await deps.apiKeys.revoke(input.tenantId, key.keyId, change);
      if (outcome === 'revoked') revoked += 1;
    }
    cursor = page.cursor;
  } while (cursor);
  return revoked;
};
