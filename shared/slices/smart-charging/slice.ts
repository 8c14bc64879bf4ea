import { defineSlice, none } from '../slice.ts';
import { createBalanceSiteHandler } from './balance-site-handler.ts';
import { smartChargingOperations } from './http/smart-charging.ts';
import { createLoadSiteChargersHandler } from './load-site-chargers-handler.ts';
import { smartChargingManifest } from './manifest.ts';
import { createSmartChargingHandlers201 } from './ocpp-handlers.ts';

export const smartChargingSlice = defineSlice({
  ...none,
  manifest: smartChargingManifest,
  ocpp: { ...none.ocpp, 'ocpp2.0.1': createSmartChargingHandlers201 },
  operations: smartChargingOperations,
  functions: {
    'load-site-chargers': createLoadSiteChargersHandler,
    'balance-site': createBalanceSiteHandler,
  },
});
