import { defineSlice, none } from '../slice.ts';
import { driverOperations } from './http/drivers.ts';
import { fleetOperations } from './http/fleets.ts';
import { driversManifest } from './manifest.ts';

export const driversSlice = defineSlice({
  ...none,
  manifest: driversManifest,
  operations: { ...driverOperations, ...fleetOperations },
});
