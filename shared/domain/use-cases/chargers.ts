import { generateChargerPassword, hashSecret } from '../credentials.ts';
import type { Dependencies } from '../dependencies.ts';
import type { Actor, ChargerView } from '../model.ts';
import type { Page } from '../ports.ts';

export type ProvisionResult =
  | { ok: true; chargerId: string; password: string; ocppUrl: string }
  | { ok: false; reason: 'exists' };

export const chargerUrl = (ocppBaseUrl: string, tenantId: string, chargerId: string): string =>
  `${ocppBaseUrl}/${encodeURIComponent(tenantId)}/${encodeURIComponent(chargerId)}`;

/** Creates a charger with a fresh Basic-auth password, which is returned once and stored only as a hash. */
export const provisionCharger = async (
  deps: Pick<Dependencies, 'chargers' | 'clock' | 'settings'>,
  input: { tenantId: string; chargerId: string; siteId?: string; actor: Actor },
): Promise<ProvisionResult> => {
  const at = deps.clock.now().toISOString();
  const password = generateChargerPassword();
  const created = await deps.chargers.create({
    tenantId: input.tenantId,
    chargerId: input.chargerId,
    ...(input.siteId && { siteId: input.siteId }),
    passwordHash: hashSecret(password),
    createdAt: at,
    createdBy: input.actor,
    updatedAt: at,
    updatedBy: input.actor,
  });
  if (!created) return { ok: false, reason: 'exists' };
  return {
    ok: true,
    chargerId: input.chargerId,
    password,
    ocppUrl: chargerUrl(deps.settings.ocppBaseUrl, input.tenantId, input.chargerId),
  };
};

export const getCharger = (
  deps: Pick<Dependencies, 'chargers' | 'clock'>,
  input: { tenantId: string; chargerId: string },
): Promise<ChargerView | undefined> =>
  deps.chargers.getView(input.tenantId, input.chargerId, deps.clock.now());

export const listChargers = (
  deps: Pick<Dependencies, 'chargers' | 'clock'>,
  input: { tenantId: string; siteId?: string; limit: number; cursor?: string },
): Promise<Page<ChargerView>> => {
  const { tenantId, ...query } = input;
  return deps.chargers.list(tenantId, query, deps.clock.now());
};
