import { defineManifest } from '../../topology/manifest.ts';

export const securityManifest = defineManifest({
  slice: 'security',
  summary:
    'Security events and certificate signing requests of chargers (OCPP 1.6 security extension, 2.0.1 block A)',
  ocpp: {
    'ocpp1.6': ['SecurityEventNotification', 'SignCertificate'],
    'ocpp2.0.1': ['SecurityEventNotification', 'SignCertificate'],
  },
  events: ['securityEventReceived', 'certificateSigningRequested'],
});
