import type { CertificateActionEnumType, OCSPRequestDataType } from '../../ocpp/generated/ocpp201.ts';

/** What a certificate provider answers: the result, or why not (an OCPP 2.0.1 reason code, ≤ 20 characters). */
export type CertificateOutcome<T> =
  | ({ readonly status: 'Accepted' } & T)
  | { readonly status: 'Failed'; readonly reasonCode: string; readonly additionalInfo?: string };

export interface EvCertificateRequest {
  readonly tenantId: string;
  readonly chargerId: string;
  /** The ISO 15118 schema of the EV's session, to parse the EXI stream with. */
  readonly iso15118SchemaVersion: string;
  readonly action: CertificateActionEnumType;
  /** The EV's CertificateInstallationReq / CertificateUpdateReq, EXI, base64. */
  readonly exiRequest: string;
}

export interface CertificateStatusRequest {
  readonly tenantId: string;
  readonly chargerId: string;
  readonly ocspRequestData: OCSPRequestDataType;
}

/**
 * A V2G PKI (e.g. a contract certificate pool or a mobility operator's CA) as the CSMS uses it for ISO 15118
 * Plug & Charge. The composition root chooses it; the OCPP handlers never know which one it is.
 */
export interface CertificateProvider {
  /** The EXI response for the EV (CertificateInstallationRes / CertificateUpdateRes, base64, ≤ 5600 characters). */
  get15118EVCertificate(
    request: EvCertificateRequest,
  ): Promise<CertificateOutcome<{ readonly exiResponse: string }>>;
  /** The OCSP response of the certificate's responder (DER OCSPResponse, base64, ≤ 5500 characters). */
  getCertificateStatus(
    request: CertificateStatusRequest,
  ): Promise<CertificateOutcome<{ readonly ocspResult: string }>>;
}

/** What the certificates slice adds to the dependencies. */
export interface CertificatesDependencies {
  readonly certificates: CertificateProvider;
}
