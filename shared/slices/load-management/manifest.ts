import { defineManifest } from '../../topology/manifest.ts';

export const loadManagementManifest = defineManifest({
  slice: 'load-management',
  summary:
    "A site's grid limit and circuit tree, and the allocation of current between its charging sessions",
  routes: {
    tenant: [
      ['PUT', '/v1/sites/{siteId}/load-management', 'putLoadManagement'],
      ['GET', '/v1/sites/{siteId}/load-management', 'getLoadManagement'],
      ['DELETE', '/v1/sites/{siteId}/load-management', 'deleteLoadManagement'],
      ['GET', '/v1/sites/{siteId}/load-management/history', 'listAllocationHistory'],
    ],
  },
  // An accepted fail-safe TxDefaultProfile is recorded on the charger (fail-safe.ts).
  reactions: { 'ocpp1.6': ['SetChargingProfile'], 'ocpp2.0.1': ['SetChargingProfile'] },
});
