import type { OcppVersion } from '../ocpp/versions.ts';

/**
 * What the `$connect` authorizer puts in its context. API Gateway hands it to every later event of the
 * connection, so no frame needs a read to know its tenant, charger, site or protocol.
 */
export interface ChargerConnectionContext {
  readonly tenantId: string;
  readonly chargerId: string;
  readonly siteId?: string;
  /**
   * The charger's site is load-managed (it has a fail-safe default): its session and status events carry
   * `loadManaged`, which the load-balancing rules filter on. Like `siteId`, a change applies from the next
   * connection.
   */
  readonly loadManaged?: true;
  /**
   * The charger's migration cohort, if any: its connection, session and billing paths add to the cohort's daily
   * counters. Like `siteId`, a change applies from the next connection.
   */
  readonly cohort?: string;
  /** Empty when the charger offered no subprotocol we support; `$connect` then refuses it. */
  readonly ocppVersion: OcppVersion | '';
}

export const readConnectionContext = (authorizer: unknown): ChargerConnectionContext => {
  const context = (authorizer ?? {}) as Record<string, unknown>;
  const { tenantId, chargerId, siteId, loadManaged, cohort, ocppVersion } = context;
  if (typeof tenantId !== 'string' || typeof chargerId !== 'string' || typeof ocppVersion !== 'string') {
    // Only a misconfigured route (no authorizer) gets here.
    throw new Error('WebSocket event without the charger authorizer context');
  }
  return {
    tenantId,
    chargerId,
    ...(typeof siteId === 'string' && siteId !== '' && { siteId }),
    // API Gateway may hand context values on as strings.
    ...((loadManaged === true || loadManaged === 'true') && { loadManaged: true as const }),
    ...(typeof cohort === 'string' && cohort !== '' && { cohort }),
    ocppVersion: ocppVersion as OcppVersion | '',
  };
};
