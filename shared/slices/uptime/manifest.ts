import { defineManifest } from '../../topology/manifest.ts';

export const uptimeManifest = defineManifest({
  slice: 'uptime',
  summary:
    'Uptime and KPIs: availability per charger, site and tenant from per-day counters of status time (planned maintenance excluded), session success, energy and faults by error code',
  routes: {
    tenant: [
      ['GET', '/v1/reports/uptime', 'getUptimeReport'],
      ['GET', '/v1/reports/sessions', 'getSessionKpiReport'],
    ],
  },
});
