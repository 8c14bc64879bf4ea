import type { OcppHandlers } from '../../ocpp/dispatcher.ts';
import type { Dependencies } from '../dependencies.ts';
import { getCertificateStatus, getEvCertificate } from './ev-certificates.ts';

type V201 = NonNullable<OcppHandlers['ocpp2.0.1']>;

export const createCertificateHandlers201 = (
  deps: Dependencies,
): Required<Pick<V201, 'Get15118EVCertificate' | 'GetCertificateStatus'>> => ({
  Get15118EVCertificate: (ctx, req) => getEvCertificate(deps, ctx, req),
  GetCertificateStatus: (ctx, req) => getCertificateStatus(deps, ctx, req),
});
