import { defineSlice, none } from '../slice.ts';
import { driverAppOperations } from './http/driver-app.ts';
import { driverKeyOperations } from './http/driver-keys.ts';
import { driverOperations } from './http/drivers.ts';
import { fleetOperations } from './http/fleets.ts';
import { driversManifest } from './manifest.ts';

export const driversSlice = defineSlice({
  ...none,
  manifest: driversManifest,
  operations: {
    ...driverOperations,
    ...driverKeyOperations,
    ...driverAppOperations,
    ...fleetOperations,
  },
});
