import { defineSlice, none } from '../slice.ts';
import { availabilityOperations } from './http/availability.ts';
import { availabilityManifest } from './manifest.ts';

export const availabilitySlice = defineSlice({
  ...none,
  manifest: availabilityManifest,
  operations: availabilityOperations,
});
