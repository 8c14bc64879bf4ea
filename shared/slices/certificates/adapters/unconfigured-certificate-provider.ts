import type { CertificateProvider } from '../ports.ts';

/**
 * The certificate provider when no V2G PKI is configured: every request fails with reason `NotEnabled` (OCPP
 * 2.0.1 reason codes: "functionality not enabled"), so a charger falls back as ISO 15118 lets it (e.g. to
 * external identification) rather than wait. Plugging a PKI in replaces this adapter in the composition root.
 */
const notEnabled = {
  status: 'Failed',
  reasonCode: 'NotEnabled',
  additionalInfo: 'No V2G certificate provider is configured for this CSMS',
} as const;

export const createUnconfiguredCertificateProvider = (): CertificateProvider => ({
  get15118EVCertificate: async () => notEnabled,
  getCertificateStatus: async () => notEnabled,
});
