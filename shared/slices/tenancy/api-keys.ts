import { generateApiKey } from '../../kernel/credentials.ts';
import type { Actor } from '../../kernel/model.ts';
import type { Page } from '../../kernel/ports.ts';
import type { Dependencies } from '../dependencies.ts';
import type { ApiKey, ApiKeyRole } from './model.ts';
import type { RevokeOutcome } from './ports.ts';

/** What a new or rotated key's owner gets once: the whole key, secret included. */
export interface IssuedApiKey {
  readonly keyId: string;
  readonly apiKey: string;
  readonly role: ApiKeyRole;
  readonly siteIds?: readonly string[];
  readonly fleetId?: string;
  readonly name?: string;
}

export type CreateApiKeyResult =
  | ({ ok: true } & IssuedApiKey)
  | { ok: false; reason: 'unknown-site'; siteId: string }
  | { ok: false; reason: 'unknown-fleet'; fleetId: string };

/** Finds the first of these sites that does not exist in the tenant. */
export const firstUnknownSite = async (
  deps: Pick<Dependencies, 'sites'>,
  tenantId: string,
  siteIds: readonly string[],
): Promise<string | undefined> => {
  const found = await Promise.all(siteIds.map((siteId) => deps.sites.get(tenantId, siteId)));
  return siteIds.find((_, i) => found[i] === undefined);
};

/** Issues another key of the tenant: ≥ 32 random bytes, stored only as a hash, returned once. */
export const createApiKey = async (
  deps: Pick<Dependencies, 'apiKeys' | 'sites' | 'fleets' | 'clock' | 'ids'>,
  input: {
    tenantId: string;
    role: ApiKeyRole;
    siteIds?: readonly string[];
    /** A fleet-scoped key (viewer or operator, never with sites: the schema refuses the rest). */
    fleetId?: string;
    name?: string;
    description?: string;
    actor: Actor;
  },
): Promise<CreateApiKeyResult> => {
  const siteIds = input.siteIds && [...new Set(input.siteIds)];
  const unknown = siteIds && (await firstUnknownSite(deps, input.tenantId, siteIds));
  if (unknown) return { ok: false, reason: 'unknown-site', siteId: unknown };
  if (input.fleetId !== undefined && !(await deps.fleets.get(input.tenantId, input.fleetId)))
    return { ok: false, reason: 'unknown-fleet', fleetId: input.fleetId };
  const at = deps.clock.now().toISOString();
  const keyId = deps.ids.next();
  const { apiKey, secretHash } = generateApiKey(input.tenantId, keyId);
  const created = await deps.apiKeys.create({
    tenantId: input.tenantId,
    keyId,
    secretHash,
    role: input.role,
    ...(siteIds && { siteIds }),
    ...(input.fleetId !== undefined && { fleetId: input.fleetId }),
    ...(input.name && { name: input.name }),
    ...(input.description && { description: input.description }),
    createdAt: at,
    createdBy: input.actor,
    updatedAt: at,
    updatedBy: input.actor,
  });
  // Key ids are fresh ULIDs: a taken one is a broken id generator, not a user error.
  if (!created) throw new Error(`API key id ${keyId} is already taken`);
  return {
    ok: true,
    keyId,
    apiKey,
    role: input.role,
    ...(siteIds && { siteIds }),
    ...(input.fleetId !== undefined && { fleetId: input.fleetId }),
    ...(input.name && { name: input.name }),
  };
};

export const listApiKeys = (
  deps: Pick<Dependencies, 'apiKeys'>,
  input: { tenantId: string; limit: number; cursor?: string },
): Promise<Page<ApiKey>> => {
  const { tenantId, ...query } = input;
  return deps.apiKeys.list(tenantId, query);
};

/** Revokes a key at once; the tenant's last active admin key stays, so that the tenant is never locked out. */
export const revokeApiKey = (
  deps: Pick<Dependencies, 'apiKeys' | 'clock'>,
  input: { tenantId: string; keyId: string; actor: Actor },
): Promise<{ outcome: RevokeOutcome; key?: ApiKey }> =>
  deps.apiKeys.revoke(input.tenantId, input.keyId, {
    at: deps.clock.now().toISOString(),
    actor: input.actor,
  });

/** A new secret for the same key id and role; the old secret stops working at once. */
export const rotateApiKey = async (
  deps: Pick<Dependencies, 'apiKeys' | 'clock'>,
  input: { tenantId: string; keyId: string; actor: Actor },
): Promise<({ ok: true } & IssuedApiKey) | { ok: false; reason: 'not-found' | 'revoked' }> => {
  // A driver key is not rotated: the operator's backend issues the driver a new one (driver-keys.ts).
  if ((await deps.apiKeys.get(input.tenantId, input.keyId))?.role === 'driver')
    return { ok: false, reason: 'not-found' };
  const { apiKey, secretHash } = generateApiKey(input.tenantId, input.keyId);
  const key = await deps.apiKeys.replaceSecret(input.tenantId, input.keyId, secretHash, {
    at: deps.clock.now().toISOString(),
    actor: input.actor,
  });
  if (!key || key.role === 'driver') {
    const existing = await deps.apiKeys.get(input.tenantId, input.keyId);
    return { ok: false, reason: existing ? 'revoked' : 'not-found' };
  }
  return {
    ok: true,
    keyId: key.keyId,
    apiKey,
    role: key.role,
    ...(key.siteIds && { siteIds: key.siteIds }),
    ...(key.fleetId && { fleetId: key.fleetId }),
    ...(key.name && { name: key.name }),
  };
};
