import { defineSlice, none } from '../slice.ts';
import { certificatesManifest } from './manifest.ts';
import { createCertificateHandlers201 } from './ocpp-handlers.ts';

export const certificatesSlice = defineSlice({
  ...none,
  manifest: certificatesManifest,
  ocpp: { ...none.ocpp, 'ocpp2.0.1': createCertificateHandlers201 },
});
