import { getCharger } from '../slices/chargers/chargers.ts';
import type { ChargerView } from '../slices/chargers/model.ts';
import type { Dependencies } from '../slices/dependencies.ts';
import type { Principal } from '../slices/tenancy/tenants.ts';
import { apiErrors } from './api-error.ts';

/**
 * Site limits of API keys, in one place for every charger-scoped resource (chargers, their commands, sessions,
 * …). A site-limited key sees only resources of its sites; resources of other sites, and of no site, are "not
 * found" for it, exactly like another tenant's.
 */

/** The sites the caller is limited to; undefined: all sites of its tenant (or a platform admin). */
export const siteScopeOf = (principal: Principal | undefined): readonly string[] | undefined =>
  principal?.kind === 'tenant' ? principal.siteIds : undefined;

/** Whether the caller may see a resource of this site (`undefined`: a resource without a site). */
export const canSeeSite = (principal: Principal | undefined, siteId: string | undefined): boolean => {
  const scope = siteScopeOf(principal);
  return scope === undefined || (siteId !== undefined && scope.includes(siteId));
};

/**
 * For tenant-wide administration (API keys, sites, audit log, id tokens): 403 for a site-limited key. `reason`
 * says why the resource is tenant-wide, for the message.
 */
export const requireAllSites = (principal: Principal | undefined, reason?: string): void => {
  if (siteScopeOf(principal)) {
    throw apiErrors.forbidden(`this needs a key that is not limited to sites${reason ? `: ${reason}` : ''}`);
  }
};

/** The charger, if it exists in the caller's tenant and the caller may see its site; 404 otherwise. */
export const getVisibleCharger = async (
  deps: Pick<Dependencies, 'chargers' | 'clock'>,
  principal: Principal & { kind: 'tenant' },
  chargerId: string,
): Promise<ChargerView> => {
  const view = await getCharger(deps, { tenantId: principal.tenantId, chargerId });
  if (!view || !canSeeSite(principal, view.charger.siteId)) throw apiErrors.notFound(`charger ${chargerId}`);
  return view;
};
