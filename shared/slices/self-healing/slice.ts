import { defineSlice, none } from '../slice.ts';
import { createHealChargerHandler } from './heal-charger-handler.ts';
import { selfHealingOperations } from './http/self-healing.ts';
import { selfHealingManifest } from './manifest.ts';

export const selfHealingSlice = defineSlice({
  ...none,
  manifest: selfHealingManifest,
  operations: selfHealingOperations,
  functions: { 'heal-charger': createHealChargerHandler },
});
