import { defineSlice, none } from '../slice.ts';
import { securityManifest } from './manifest.ts';
import { createSecurityHandlers16, createSecurityHandlers201 } from './ocpp-handlers.ts';

export const securitySlice = defineSlice({
  ...none,
  manifest: securityManifest,
  ocpp: { 'ocpp1.6': createSecurityHandlers16, 'ocpp2.0.1': createSecurityHandlers201 },
});
