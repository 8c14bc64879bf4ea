import { defineManifest } from '../../topology/manifest.ts';

export const securityManifest = defineManifest({
  slice: 'security',
  summary: 'Security events and certificate signing requests of chargers (OCPP 1.6 security extension)',
  ocpp: { 'ocpp1.6': ['SecurityEventNotification', 'SignCertificate'] },
  events: ['securityEventReceived', 'certificateSigningRequested'],
});
