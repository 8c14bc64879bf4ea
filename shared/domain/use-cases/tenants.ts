import { generateApiKey, parseApiKey, secretMatches } from '../credentials.ts';
import type { Dependencies } from '../dependencies.ts';
import type { Actor, ApiKeyRole } from '../model.ts';

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
  | { kind: 'tenant'; tenantId: string; keyId: string; role: ApiKeyRole; siteIds?: readonly string[] };

export type Authentication =
  | { ok: true; principal: Principal }
  | { ok: false; reason: 'missing' | 'invalid' };

/** Resolves a bearer token to who is calling; the tenant always comes from the credential, never the URL. */
export const authenticateApiKey = async (
  deps: Pick<Dependencies, 'tenants' | 'settings'>,
  authorization: string | undefined,
): Promise<Authentication> => {
  const token = authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  if (!token) return { ok: false, reason: 'missing' };
  const parsed = parseApiKey(token);
  if (!parsed) {
    const admin = deps.settings.adminKeySha256 !== '' && secretMatches(token, deps.settings.adminKeySha256);
    return admin
      ? { ok: true, principal: { kind: 'platform-admin', keyId: 'platform-admin' } }
      : { ok: false, reason: 'invalid' };
  }
  const [tenant, key] = await Promise.all([
    deps.tenants.get(parsed.tenantId),
    deps.tenants.getApiKey(parsed.tenantId, parsed.keyId),
  ]);
  const usable = tenant?.status === 'active' && key !== undefined && !key.revokedAt;
  if (!usable || !secretMatches(parsed.secret, key.secretHash)) {
    return { ok: false, reason: 'invalid' };
  }
  return {
    ok: true,
    principal: { kind: 'tenant', tenantId: tenant.tenantId, keyId: key.keyId, role: key.role },
  };
};
