import { defineManifest } from '../../topology/manifest.ts';

export const tenancyManifest = defineManifest({
  slice: 'tenancy',
  summary: 'Tenants, API keys and their roles, sites, the per-tenant rate limit and the audit log',
  routes: {
    'platform-admin': [
      ['POST', '/v1/tenants', 'createTenant'],
      ['GET', '/v1/tenants', 'listTenants'],
      ['GET', '/v1/tenants/{tenantId}', 'getTenant'],
      ['PATCH', '/v1/tenants/{tenantId}', 'updateTenant'],
    ],
    tenant: [
      ['POST', '/v1/api-keys', 'createApiKey'],
      ['GET', '/v1/api-keys', 'listApiKeys'],
      ['DELETE', '/v1/api-keys/{keyId}', 'revokeApiKey'],
      ['POST', '/v1/api-keys/{keyId}/rotate', 'rotateApiKey'],
      ['POST', '/v1/sites', 'createSite'],
      ['GET', '/v1/sites', 'listSites'],
      ['GET', '/v1/sites/{siteId}', 'getSite'],
      ['PATCH', '/v1/sites/{siteId}', 'updateSite'],
      ['DELETE', '/v1/sites/{siteId}', 'deleteSite'],
      ['GET', '/v1/audit-log', 'listAuditLog'],
    ],
  },
});
