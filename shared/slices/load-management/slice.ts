import { defineSlice, none } from '../slice.ts';
import { recordFailSafeAnswer } from './fail-safe.ts';
import { loadManagementOperations } from './http/load-management.ts';
import { loadManagementManifest } from './manifest.ts';

export const loadManagementSlice = defineSlice({
  ...none,
  manifest: loadManagementManifest,
  operations: loadManagementOperations,
  reactions: {
    'ocpp1.6': { SetChargingProfile: [recordFailSafeAnswer] },
    'ocpp2.0.1': { SetChargingProfile: [recordFailSafeAnswer] },
  },
});
