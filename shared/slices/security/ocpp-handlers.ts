import type { OcppHandlers } from '../../ocpp/dispatcher.ts';
import type { Dependencies } from '../dependencies.ts';
import { recordSecurityEvent, requestCertificateSigning } from './charger-security.ts';

type V16 = NonNullable<OcppHandlers['ocpp1.6']>;
type V201 = NonNullable<OcppHandlers['ocpp2.0.1']>;

export const createSecurityHandlers16 = (
  deps: Dependencies,
): Required<Pick<V16, 'SecurityEventNotification' | 'SignCertificate'>> => ({
  SecurityEventNotification: async (ctx, req) => {
    await recordSecurityEvent(deps, ctx, req);
    return {};
  },

  SignCertificate: async (ctx, req) => requestCertificateSigning(deps, ctx, { csr: req.csr }),
});

/** OCPP 2.0.1 functional block A (Security): the same use cases as the 1.6 security extension's. */
export const createSecurityHandlers201 = (
  deps: Dependencies,
): Required<Pick<V201, 'SecurityEventNotification' | 'SignCertificate'>> => ({
  SecurityEventNotification: async (ctx, req) => {
    await recordSecurityEvent(deps, ctx, req);
    return {};
  },

  SignCertificate: async (ctx, req) =>
    requestCertificateSigning(deps, ctx, {
      csr: req.csr,
      ...(req.certificateType && { certificateType: req.certificateType }),
    }),
});
