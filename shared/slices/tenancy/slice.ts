import { defineSlice, none } from '../slice.ts';
import { apiKeyOperations } from './http/api-keys.ts';
import { auditOperations } from './http/audit.ts';
import { siteOperations } from './http/sites.ts';
import { tenantOperations } from './http/tenants.ts';
import { tenancyManifest } from './manifest.ts';

export const tenancySlice = defineSlice({
  ...none,
  manifest: tenancyManifest,
  operations: { ...tenantOperations, ...apiKeyOperations, ...siteOperations, ...auditOperations },
});
