import { defineManifest } from '../../topology/manifest.ts';

export const authorizationManifest = defineManifest({
  slice: 'authorization',
  summary: 'Id tokens and the authorization rules applied when a charger asks',
  ocpp: { 'ocpp1.6': ['Authorize'], 'ocpp2.0.1': ['Authorize'] },
  routes: {
    tenant: [
      ['PUT', '/v1/id-tokens/{idToken}', 'putIdToken'],
      ['GET', '/v1/id-tokens', 'listIdTokens'],
      ['GET', '/v1/id-tokens/{idToken}', 'getIdToken'],
      ['DELETE', '/v1/id-tokens/{idToken}', 'deleteIdToken'],
    ],
  },
  events: ['idTokenAuthorized'],
});
