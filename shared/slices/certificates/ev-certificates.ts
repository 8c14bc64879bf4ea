import { logger } from '../../handlers/logger.ts';
import type {
  Get15118EVCertificateRequest,
  Get15118EVCertificateResponse,
  GetCertificateStatusRequest,
  GetCertificateStatusResponse,
  StatusInfoType,
} from '../../ocpp/generated/ocpp201.ts';
import type { ChargerMessageContext } from '../chargers/charger-messages.ts';
import type { Dependencies } from '../dependencies.ts';
import type { CertificateOutcome } from './ports.ts';

/**
 * Get15118EVCertificate (M02, M03) and GetCertificateStatus (M06), answered by the certificate provider port
 * (a V2G PKI). What the provider answers is checked against the schema's limits before it goes to the charger:
 * a provider that throws or answers beyond them makes the answer `Failed` with reason `InternalError` (logged),
 * never a CALLERROR, so that the charger can fall back at once.
 */

type Deps = Pick<Dependencies, 'certificates'>;

/** OCPP 2.0.1 StatusInfoType and response field limits. */
const limits = { reasonCode: 20, additionalInfo: 512, exiResponse: 5600, ocspResult: 5500 } as const;

const internalError: StatusInfoType = {
  reasonCode: 'InternalError',
  additionalInfo: 'The certificate provider gave no usable answer',
};

const statusInfoOf = (outcome: {
  reasonCode: string;
  additionalInfo?: string;
}): StatusInfoType | undefined => {
  if (outcome.reasonCode.length === 0 || outcome.reasonCode.length > limits.reasonCode) return undefined;
  const additionalInfo = outcome.additionalInfo?.slice(0, limits.additionalInfo);
  return { reasonCode: outcome.reasonCode, ...(additionalInfo && { additionalInfo }) };
};

const logAttributes = (ctx: ChargerMessageContext, action: string) => ({
  tenantId: ctx.tenantId,
  chargerId: ctx.chargerId,
  messageId: ctx.messageId,
  action,
});

/** The provider's outcome, or undefined (logged) when it threw. */
const ask = async <T>(
  ctx: ChargerMessageContext,
  action: string,
  call: () => Promise<CertificateOutcome<T>>,
): Promise<CertificateOutcome<T> | undefined> => {
  try {
    return await call();
  } catch (error) {
    logger.error('certificate provider failed', { ...logAttributes(ctx, action), error });
    return undefined;
  }
};

export const getEvCertificate = async (
  deps: Deps,
  ctx: ChargerMessageContext,
  request: Get15118EVCertificateRequest,
): Promise<Get15118EVCertificateResponse> => {
  const action = 'Get15118EVCertificate';
  const outcome = await ask(ctx, action, () =>
    deps.certificates.get15118EVCertificate({
      tenantId: ctx.tenantId,
      chargerId: ctx.chargerId,
      iso15118SchemaVersion: request.iso15118SchemaVersion,
      action: request.action,
      exiRequest: request.exiRequest,
    }),
  );
  if (
    outcome?.status === 'Accepted' &&
    outcome.exiResponse.length > 0 &&
    outcome.exiResponse.length <= limits.exiResponse
  )
    return { status: 'Accepted', exiResponse: outcome.exiResponse };
  const statusInfo = outcome?.status === 'Failed' ? statusInfoOf(outcome) : undefined;
  if (!statusInfo)
    logger.warn('certificate provider answer unusable; answered Failed', logAttributes(ctx, action));
  // exiResponse is required; a failure has none to give.
  return { status: 'Failed', statusInfo: statusInfo ?? internalError, exiResponse: '' };
};

export const getCertificateStatus = async (
  deps: Deps,
  ctx: ChargerMessageContext,
  request: GetCertificateStatusRequest,
): Promise<GetCertificateStatusResponse> => {
  const action = 'GetCertificateStatus';
  const outcome = await ask(ctx, action, () =>
    deps.certificates.getCertificateStatus({
      tenantId: ctx.tenantId,
      chargerId: ctx.chargerId,
      ocspRequestData: request.ocspRequestData,
    }),
  );
  if (
    outcome?.status === 'Accepted' &&
    outcome.ocspResult.length > 0 &&
    outcome.ocspResult.length <= limits.ocspResult
  )
    return { status: 'Accepted', ocspResult: outcome.ocspResult };
  const statusInfo = outcome?.status === 'Failed' ? statusInfoOf(outcome) : undefined;
  if (!statusInfo)
    logger.warn('certificate provider answer unusable; answered Failed', logAttributes(ctx, action));
  return { status: 'Failed', statusInfo: statusInfo ?? internalError };
};
