// CONTRACT COPY: owned by helper scope; the owner's version replaces this file at merge
import type { Dependencies } from '../dependencies.ts';
import type { TariffVersion } from './model.ts';
import { tariffInForceAt } from './tariffs.ts';

export type TariffScope = 'idToken' | 'charger' | 'site' | 'default';

/** Pure: the first tariff id set, in the contract's order (id token, charger, site, tenant default). */
export const chooseTariffId = (candidates: {
  idToken?: string;
  charger?: string;
  site?: string;
  tenantDefault?: string;
}): { tariffId: string; scope: TariffScope } | undefined => {
  if (candidates.idToken) return { tariffId: candidates.idToken, scope: 'idToken' };
  if (candidates.charger) return { tariffId: candidates.charger, scope: 'charger' };
  if (candidates.site) return { tariffId: candidates.site, scope: 'site' };
  if (candidates.tenantDefault) return { tariffId: candidates.tenantDefault, scope: 'default' };
  return undefined;
};

export interface SessionTariff {
  /** undefined: no tariff applies (billed at zero, with a line saying so). */
  readonly tariff?: { readonly version: TariffVersion; readonly scope: TariffScope };
  /** The site's IANA time zone, `UTC` without a site or zone. */
  readonly timeZone: string;
}

/** The tariff version in force at `startedAt` of the tariff chosen for this session, and the time zone. */
export const resolveSessionTariff = async (
  deps: Pick<Dependencies, 'tariffs'>,
  input: { tenantId: string; chargerId: string; siteId?: string; idToken?: string; startedAt: string },
): Promise<SessionTariff> => {
  const tenantDefault = await deps.tariffs.getDefault(input.tenantId);
  const chosen = chooseTariffId({ ...(tenantDefault && { tenantDefault }) });
  if (!chosen) return { timeZone: 'UTC' };
  const version = await tariffInForceAt(deps, {
    tenantId: input.tenantId,
    tariffId: chosen.tariffId,
    at: input.startedAt,
  });
  return version ? { tariff: { version, scope: chosen.scope }, timeZone: 'UTC' } : { timeZone: 'UTC' };
};
