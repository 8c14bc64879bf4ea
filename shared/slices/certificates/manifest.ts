import { defineManifest } from '../../topology/manifest.ts';

export const certificatesManifest = defineManifest({
  slice: 'certificates',
  summary:
    'ISO 15118 certificates for OCPP 2.0.1 chargers (block M): EV contract certificates and OCSP status through a ' +
    'certificate provider port (a V2G PKI); without one configured, answered Failed',
  ocpp: { 'ocpp2.0.1': ['Get15118EVCertificate', 'GetCertificateStatus'] },
});
