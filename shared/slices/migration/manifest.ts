import { defineManifest } from '../../topology/manifest.ts';

export const migrationManifest = defineManifest({
  slice: 'migration',
  summary:
    'Fleet migration from another CSMS: bulk imports of id tokens with their drivers and of historical sessions, the fleet audit report, migration cohorts and their daily report',
  routes: {
    tenant: [
      ['POST', '/v1/id-tokens/bulk', 'importIdTokens'],
      ['POST', '/v1/sessions/import', 'importSessions'],
      ['GET', '/v1/reports/fleet', 'getFleetReport'],
      ['GET', '/v1/reports/cohorts/{cohort}', 'getCohortReport'],
    ],
  },
});
