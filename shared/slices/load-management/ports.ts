import type { LoadManagementSettings } from './model.ts';

/** A site's load-management settings, one item per site. */
export interface LoadManagementRepository {
  get(tenantId: string, siteId: string): Promise<LoadManagementSettings | undefined>;
  put(settings: LoadManagementSettings): Promise<void>;
  /** Returns false when the site was not managed. */
  delete(tenantId: string, siteId: string): Promise<boolean>;
}

/** The fail-safe default of each charger of a managed site, on the charger's own item. */
export interface FailSafeRepository {
  /** The limit planned for the charger (`null`: none, its site is no longer managed; clears the accepted one too). */
  plan(tenantId: string, chargerId: string, limitA: number | null): Promise<boolean>;
  /** The limit the charger accepted: one write per accepted default. */
  recordAccepted(
    tenantId: string,
    chargerId: string,
    accepted: { limitA: number; at: string },
  ): Promise<boolean>;
}

/** What the load-management slice adds to the dependencies. */
export interface LoadManagementDependencies {
  readonly loadManagement: LoadManagementRepository;
  readonly failSafes: FailSafeRepository;
}
