import { defineSlice, none } from '../slice.ts';
import { securityManifest } from './manifest.ts';
import { createSecurityHandlers16 } from './ocpp-handlers.ts';

export const securitySlice = defineSlice({
  ...none,
  manifest: securityManifest,
  ocpp: { ...none.ocpp, 'ocpp1.6': createSecurityHandlers16 },
});
