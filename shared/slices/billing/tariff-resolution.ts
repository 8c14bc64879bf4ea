import { isStorableIdToken, normalizeIdToken } from '../authorization/id-tokens.ts';
import type { Dependencies } from '../dependencies.ts';
import type { TariffVersion } from './model.ts';
import { tariffInForceAt } from './tariffs.ts';

/*
 * Which tariff prices a session (ARCHITECTURE.md "Tariffs and billing"): the id token's `tariffId`, else the
 * charger's, else the site's, else the tenant default.
 *
 * Choices:
 * - The assignments (token, charger, site, default) are read when the session is resolved, not frozen at its
 *   start: an operator who fixes a wrong assignment before billing gets the fix. The version is the one in force
 *   at the session's start (`tariffInForceAt`), so a tariff edited mid-session does not change its price.
 * - A tariff deleted since the start still prices the session with the version in force at the start: the
 *   repository's `versionInForceAt` answers a tariff deleted after `at` (only one deleted by then is none).
 * - An assigned tariff that has no version in force at the start (created later, or deleted before the start)
 *   does not apply, and the next scope is asked: a stale assignment must not make a session free.
 */

export type TariffScope = 'idToken' | 'charger' | 'site' | 'default';

/** The tariff ids a session could be priced with, one per scope. */
export interface TariffCandidates {
  idToken?: string;
  charger?: string;
  site?: string;
  tenantDefault?: string;
}

/** The candidate of each scope, in the contract's order. */
const candidateOf = {
  idToken: 'idToken',
  charger: 'charger',
  site: 'site',
  default: 'tenantDefault',
} as const satisfies Record<TariffScope, keyof TariffCandidates>;

/** Pure: the first tariff id set, in the contract's order (id token, charger, site, tenant default). */
export const chooseTariffId = (
  candidates: TariffCandidates,
): { tariffId: string; scope: TariffScope } | undefined => {
  for (const [scope, field] of Object.entries(candidateOf) as [TariffScope, keyof TariffCandidates][]) {
    const tariffId = candidates[field];
    if (tariffId) return { tariffId, scope };
  }
  return undefined;
};

export interface SessionTariff {
  /** undefined: no tariff applies (billed at zero, with a line saying so). */
  readonly tariff?: { readonly version: TariffVersion; readonly scope: TariffScope };
  /** The site's IANA time zone, `UTC` without a site or zone. */
  readonly timeZone: string;
}

export const defaultTimeZone = 'UTC';

/**
 * The tariff version in force at `startedAt` of the tariff chosen for this session, and the time zone. The
 * site is the session's, else its charger's now (a session recorded without one).
 */
export const resolveSessionTariff = async (
  deps: Pick<Dependencies, 'idTokens' | 'chargers' | 'sites' | 'tariffs' | 'clock'>,
  input: { tenantId: string; chargerId: string; siteId?: string; idToken?: string; startedAt: string },
): Promise<SessionTariff> => {
  const { tenantId } = input;
  const [token, charger, sessionSite, tenantDefault] = await Promise.all([
    input.idToken && isStorableIdToken(input.idToken)
      ? deps.idTokens.get(tenantId, normalizeIdToken(input.idToken))
      : undefined,
    deps.chargers.getView(tenantId, input.chargerId, deps.clock.now()),
    input.siteId ? deps.sites.get(tenantId, input.siteId) : undefined,
    deps.tariffs.getDefault(tenantId),
  ]);
  const siteId = input.siteId ?? charger?.charger.siteId;
  const site = sessionSite ?? (siteId && !input.siteId ? await deps.sites.get(tenantId, siteId) : undefined);
  const timeZone = site?.timeZone ?? defaultTimeZone;

  const candidates: TariffCandidates = {
    ...(token?.tariffId && { idToken: token.tariffId }),
    ...(charger?.charger.tariffId && { charger: charger.charger.tariffId }),
    ...(site?.tariffId && { site: site.tariffId }),
    ...(tenantDefault && { tenantDefault }),
  };
  for (;;) {
    const choice = chooseTariffId(candidates);
    if (!choice) return { timeZone };
    const version = await tariffInForceAt(deps, { tenantId, tariffId: choice.tariffId, at: input.startedAt });
    if (version) return { tariff: { version, scope: choice.scope }, timeZone };
    // No version at the start: this scope does not apply; the next one is asked.
    delete candidates[candidateOf[choice.scope]];
  }
};
