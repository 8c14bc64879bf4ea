import { defineSlice, none } from '../slice.ts';
import { idTokenOperations } from './http/id-tokens.ts';
import { authorizationManifest } from './manifest.ts';
import { createAuthorizationHandlers16, createAuthorizationHandlers201 } from './ocpp-handlers.ts';

export const authorizationSlice = defineSlice({
  ...none,
  manifest: authorizationManifest,
  ocpp: { 'ocpp1.6': createAuthorizationHandlers16, 'ocpp2.0.1': createAuthorizationHandlers201 },
  operations: idTokenOperations,
});
