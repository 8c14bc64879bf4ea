import { defineSlice, none } from '../slice.ts';
import { chargerOperations } from './http/chargers.ts';
import { chargersManifest } from './manifest.ts';
import { createChargerHandlers16, createChargerHandlers201 } from './ocpp-handlers.ts';
import { createSweepSilentChargersHandler } from './sweep-silent-chargers-handler.ts';

export const chargersSlice = defineSlice({
  ...none,
  manifest: chargersManifest,
  ocpp: { 'ocpp1.6': createChargerHandlers16, 'ocpp2.0.1': createChargerHandlers201 },
  operations: chargerOperations,
  functions: { 'sweep-silent-chargers': createSweepSilentChargersHandler },
});
