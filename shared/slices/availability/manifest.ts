import { defineManifest } from '../../topology/manifest.ts';

export const availabilityManifest = defineManifest({
  slice: 'availability',
  summary:
    'Availability of chargers and connectors (Available, Occupied, Faulted, Unavailable, Offline) per site, with silent chargers shown Offline',
  routes: {
    tenant: [['GET', '/v1/availability', 'getAvailability']],
  },
});
