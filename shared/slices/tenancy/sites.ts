import type { Actor } from '../../kernel/model.ts';
import type { Page } from '../../kernel/ports.ts';
import { requireAssignableTariff } from '../billing/tariff-assignment.ts';
import type { Dependencies } from '../dependencies.ts';
import type { GeoLocation, Site } from './model.ts';
import type { SiteChanges } from './ports.ts';

export const createSite = async (
  deps: Pick<Dependencies, 'sites' | 'clock'>,
  input: {
    tenantId: string;
    siteId: string;
    name: string;
    maxPowerKw?: number;
    timeZone?: string;
    location?: GeoLocation;
    actor: Actor;
  },
): Promise<Site | undefined> => {
  const at = deps.clock.now().toISOString();
  const site: Site = {
    tenantId: input.tenantId,
    siteId: input.siteId,
    name: input.name,
    ...(input.maxPowerKw !== undefined && { maxPowerKw: input.maxPowerKw }),
    ...(input.timeZone !== undefined && { timeZone: input.timeZone }),
    ...(input.location && { location: input.location }),
    createdAt: at,
    createdBy: input.actor,
    updatedAt: at,
    updatedBy: input.actor,
  };
  return (await deps.sites.create(site)) ? site : undefined;
};

export const getSite = (deps: Pick<Dependencies, 'sites'>, input: { tenantId: string; siteId: string }) =>
  deps.sites.get(input.tenantId, input.siteId);

/**
 * The tenant's sites; a site-limited key (`siteIds`) gets its own sites only, read directly (a key names at
 * most a few dozen), in one page.
 */
export const listSites = async (
  deps: Pick<Dependencies, 'sites'>,
  input: { tenantId: string; siteIds?: readonly string[]; limit: number; cursor?: string },
): Promise<Page<Site>> => {
  const { tenantId, siteIds, ...query } = input;
  if (!siteIds) return deps.sites.list(tenantId, query);
  const sites = await Promise.all([...siteIds].sort().map((siteId) => deps.sites.get(tenantId, siteId)));
  return { items: sites.filter((site) => site !== undefined) };
};

/** Changes a site; a new tariff must be one of the tenant's (else UnknownTariffError). */
export const updateSite = async (
  deps: Pick<Dependencies, 'sites' | 'tariffs' | 'clock'>,
  input: {
    tenantId: string;
    siteId: string;
    changes: SiteChanges;
    actor: Actor;
  },
): Promise<Site | undefined> => {
  await requireAssignableTariff(deps, { tenantId: input.tenantId, tariffId: input.changes.tariffId });
  return deps.sites.update(input.tenantId, input.siteId, input.changes, {
    at: deps.clock.now().toISOString(),
    actor: input.actor,
  });
};

/**
 * Deletes a site that no charger belongs to any more. Without transactions a charger provisioned into the site
 * at the same moment could slip through; it then keeps a site id without a site, which its owner can fix with
 * `PATCH /v1/chargers/{chargerId}`.
 */
export const deleteSite = async (
  deps: Pick<Dependencies, 'sites' | 'chargers' | 'loadManagement' | 'clock'>,
  input: { tenantId: string; siteId: string },
): Promise<'deleted' | 'not-found' | 'has-chargers'> => {
  if (!(await deps.sites.get(input.tenantId, input.siteId))) return 'not-found';
  const chargers = await deps.chargers.list(
    input.tenantId,
    { siteId: input.siteId, limit: 1 },
    deps.clock.now(),
  );
  if (chargers.items.length > 0) return 'has-chargers';
  // Its load management goes with it: a site re-created under the same id must not inherit its old limits.
  await deps.loadManagement.delete(input.tenantId, input.siteId);
  return (await deps.sites.delete(input.tenantId, input.siteId)) ? 'deleted' : 'not-found';
};
