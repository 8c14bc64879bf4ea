import { generateApiKey, parseApiKey, secretMatches } from '../../kernel/credentials.ts';
import type { Actor } from '../../kernel/model.ts';
import type { Page } from '../../kernel/ports.ts';
import { closeTenantConnections } from '../chargers/chargers.ts';
import type { Dependencies } from '../dependencies.ts';
import { isExpiredKey } from './driver-keys.ts';
import type { ApiKeyRole, Tenant, TenantStatus } from './model.ts';

export const createTenant = async (
  deps: Pick<Dependencies, 'tenants' | 'clock' | 'ids'>,
  input: { name: string; actor: Actor },
): Promise<{ tenantId: string; apiKey: string; keyId: string }> => {
  const at = deps.clock.now().toISOString();
  const audit = { createdAt: at, createdBy: input.actor, updatedAt: at, updatedBy: input.actor };
  const tenantId = deps.ids.next();
  const keyId = deps.ids.next();
  const { apiKey, secretHash } = generateApiKey(tenantId, keyId);
  await deps.tenants.create(
    { tenantId, name: input.name, status: 'active', ...audit },
    { tenantId, keyId, secretHash, role: 'admin', ...audit },
  );
  return { tenantId, apiKey, keyId };
};

export type Principal =
  | { kind: 'platform-admin'; keyId: 'platform-admin' }
  | {
      kind: 'tenant';
      tenantId: string;
      keyId: string;
      role: ApiKeyRole;
      /** Set for a site-limited key: it sees only these sites' chargers (and their data). */
      siteIds?: readonly string[];
      /** Set for a fleet-scoped key: it may call only the fleet routes, and only of this fleet. */
      fleetId?: string;
      /** The tenant's API rate limit (its own or the platform default), so the API needs no extra read. */
      rateLimitPerSecond?: number;
    }
  /** A driver key: it reaches the driver API only, and there only its own driver's data. */
  | {
      kind: 'driver';
      tenantId: string;
      keyId: string;
      driverId: string;
      rateLimitPerSecond?: number;
    };

/**
 * Why a key is invalid. All but `tenant-inactive` are for good: a key id is never reused, a revoked key never
 * comes back, a wrong secret stays wrong (so a refusal of those may be remembered); a suspended tenant's keys work
 * again once it is reactivated.
 */
export type InvalidKeyCause =
  | 'malformed'
  | 'unknown-key'
  | 'revoked'
  | 'expired'
  | 'wrong-secret'
  | 'tenant-inactive';

export type Authentication =
  | { ok: true; principal: Principal }
  | { ok: false; reason: 'missing' }
  | { ok: false; reason: 'invalid'; cause: InvalidKeyCause };

/** Resolves a bearer token to who is calling; the tenant always comes from the credential, never the URL. */
export const authenticateApiKey = async (
  deps: Pick<Dependencies, 'tenants' | 'settings' | 'clock'>,
  authorization: string | undefined,
): Promise<Authentication> => {
  const token = authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  if (!token) return { ok: false, reason: 'missing' };
  const parsed = parseApiKey(token);
  if (!parsed) {
    const admin = deps.settings.adminKeySha256 !== '' && secretMatches(token, deps.settings.adminKeySha256);
    return admin
      ? { ok: true, principal: { kind: 'platform-admin', keyId: 'platform-admin' } }
      : { ok: false, reason: 'invalid', cause: 'malformed' };
  }
  const [tenant, key] = await Promise.all([
    deps.tenants.get(parsed.tenantId),
    deps.tenants.getApiKey(parsed.tenantId, parsed.keyId),
  ]);
  if (!tenant || !key) return { ok: false, reason: 'invalid', cause: 'unknown-key' };
  if (!secretMatches(parsed.secret, key.secretHash))
    return { ok: false, reason: 'invalid', cause: 'wrong-secret' };
  if (key.revokedAt) return { ok: false, reason: 'invalid', cause: 'revoked' };
  if (isExpiredKey(key, deps.clock.now())) return { ok: false, reason: 'invalid', cause: 'expired' };
  if (tenant.status !== 'active') return { ok: false, reason: 'invalid', cause: 'tenant-inactive' };
  if (key.role === 'driver') {
    // A driver key without its driver would be a broken write, never a key of the whole tenant.
    if (!key.driverId) return { ok: false, reason: 'invalid', cause: 'unknown-key' };
    return {
      ok: true,
      principal: {
        kind: 'driver',
        tenantId: tenant.tenantId,
        keyId: key.keyId,
        driverId: key.driverId,
        rateLimitPerSecond: tenant.rateLimitPerSecond ?? deps.settings.apiRateLimitPerSecond,
      },
    };
  }
  return {
    ok: true,
    principal: {
      kind: 'tenant',
      tenantId: tenant.tenantId,
      keyId: key.keyId,
      role: key.role,
      ...(key.siteIds && { siteIds: key.siteIds }),
      ...(key.fleetId && { fleetId: key.fleetId }),
      rateLimitPerSecond: tenant.rateLimitPerSecond ?? deps.settings.apiRateLimitPerSecond,
    },
  };
};

export const listTenants = (
  deps: Pick<Dependencies, 'tenants'>,
  input: { limit: number; cursor?: string },
): Promise<Page<Tenant>> => deps.tenants.list(input);

export const getTenant = (deps: Pick<Dependencies, 'tenants'>, input: { tenantId: string }) =>
  deps.tenants.get(input.tenantId);

/**
 * Renames, suspends or reactivates a tenant, or sets its API rate limit (`null`: the platform default). A
 * suspended tenant's keys are refused from their next request on, and its chargers' live connections are closed
 * (after the status is stored, so that their reconnects are refused).
 */
export const updateTenant = async (
  deps: Pick<Dependencies, 'tenants' | 'chargers' | 'channel' | 'clock'>,
  input: {
    tenantId: string;
    changes: { name?: string; status?: TenantStatus; rateLimitPerSecond?: number | null };
    actor: Actor;
  },
): Promise<Tenant | undefined> => {
  const tenant = await deps.tenants.update(input.tenantId, input.changes, {
    at: deps.clock.now().toISOString(),
    actor: input.actor,
  });
  if (tenant?.status === 'suspended' && input.changes.status === 'suspended')
    await closeTenantConnections(deps, { tenantId: tenant.tenantId });
  return tenant;
};
