import type { LoadManagementSettings } from './model.ts';

/** A site's load-management settings, one item per site. */
export interface LoadManagementRepository {
  get(tenantId: string, siteId: string): Promise<LoadManagementSettings | undefined>;
  put(settings: LoadManagementSettings): Promise<void>;
  /** Returns false when the site was not managed. */
  delete(tenantId: string, siteId: string): Promise<boolean>;
}

/** What the load-management slice adds to the dependencies. */
export interface LoadManagementDependencies {
  readonly loadManagement: LoadManagementRepository;
}
