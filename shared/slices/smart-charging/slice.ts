import { defineSlice, none } from '../slice.ts';
import { createBalanceSiteHandler } from './balance-site-handler.ts';
import { createLoadSiteChargersHandler } from './load-site-chargers-handler.ts';
import { smartChargingManifest } from './manifest.ts';

export const smartChargingSlice = defineSlice({
  ...none,
  manifest: smartChargingManifest,
  functions: {
    'load-site-chargers': createLoadSiteChargersHandler,
    'balance-site': createBalanceSiteHandler,
  },
});
