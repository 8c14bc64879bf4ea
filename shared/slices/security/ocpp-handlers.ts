import type { OcppHandlers } from '../../ocpp/dispatcher.ts';
import type { Dependencies } from '../dependencies.ts';
import { recordSecurityEvent, requestCertificateSigning } from './charger-security.ts';

type V16 = NonNullable<OcppHandlers['ocpp1.6']>;

export const createSecurityHandlers16 = (
  deps: Dependencies,
): Required<Pick<V16, 'SecurityEventNotification' | 'SignCertificate'>> => ({
  SecurityEventNotification: async (ctx, req) => {
    await recordSecurityEvent(deps, ctx, req);
    return {};
  },

  SignCertificate: async (ctx, req) => requestCertificateSigning(deps, ctx, { csr: req.csr }),
});
