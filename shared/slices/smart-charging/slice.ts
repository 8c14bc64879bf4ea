import { defineSlice, none } from '../slice.ts';
import { createBalanceSiteHandler } from './balance-site-handler.ts';
import { createCheckSiteManagedHandler } from './check-site-managed-handler.ts';
import { smartChargingOperations } from './http/smart-charging.ts';
import { smartChargingManifest } from './manifest.ts';
import { createSmartChargingHandlers201 } from './ocpp-handlers.ts';

export const smartChargingSlice = defineSlice({
  ...none,
  manifest: smartChargingManifest,
  ocpp: { ...none.ocpp, 'ocpp2.0.1': createSmartChargingHandlers201 },
  operations: smartChargingOperations,
  functions: {
    'check-site-managed': createCheckSiteManagedHandler,
    'balance-site': createBalanceSiteHandler,
  },
});
