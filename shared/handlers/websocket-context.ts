import type { OcppVersion } from '../ocpp/versions.ts';

/**
 * What the `$connect` authorizer puts in its context. API Gateway hands it to every later event of the
 * connection, so no frame needs a read to know its tenant, charger, site or protocol.
 */
export interface ChargerConnectionContext {
  readonly tenantId: string;
  readonly chargerId: string;
  readonly siteId?: string;
  /** Empty when the charger offered no subprotocol we support; `$connect` then refuses it. */
  readonly ocppVersion: OcppVersion | '';
}

export const readConnectionContext = (authorizer: unknown): ChargerConnectionContext => {
  const context = (authorizer ?? {}) as Record<string, unknown>;
  const { tenantId, chargerId, siteId, ocppVersion } = context;
  if (typeof tenantId !== 'string' || typeof chargerId !== 'string' || typeof ocppVersion !== 'string') {
    // Only a misconfigured route (no authorizer) gets here.
    throw new Error('WebSocket event without the charger authorizer context');
  }
  return {
    tenantId,
    chargerId,
    ...(typeof siteId === 'string' && siteId !== '' && { siteId }),
    ocppVersion: ocppVersion as OcppVersion | '',
  };
};
