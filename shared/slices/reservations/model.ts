import type { AuditFields } from '../../kernel/model.ts';

/**
 * A reservation's stored status. `Requested`: ReserveNow sent, no answer yet; `Active`: the charger accepted
 * it; `Rejected`: it refused (see `chargerStatus`); `Failed`: no answer (offline, CALLERROR, timeout);
 * `Cancelled`; `Used` (a transaction started with it); `Expired` / `Removed`: an OCPP 2.0.1 charger said so
 * (ReservationStatusUpdate). An active reservation past its expiry shows `Expired` without being stored so.
 */
export type ReservationStatus =
  | 'Requested'
  | 'Active'
  | 'Rejected'
  | 'Failed'
  | 'Cancelled'
  | 'Used'
  | 'Expired'
  | 'Removed';

/**
 * A connector reserved for an id token until `expiresAt` (OCPP 1.6 ReserveNow; 2.0.1 ReserveNow through the raw
 * passthrough, its EVSE as the connector).
 */
export interface Reservation extends AuditFields {
  readonly tenantId: string;
  readonly chargerId: string;
  readonly siteId?: string;
  /** OCPP 1.6 `reservationId` (2.0.1 `id`): an integer unique per charger, never reused by the CSMS. */
  readonly reservationId: number;
  /** 1.6: the connector; 2.0.1: the EVSE (`evseId`). 0: any connector of the charger. */
  readonly connectorId: number;
  readonly idToken: string;
  readonly parentIdTag?: string;
  readonly expiresAt: string;
  readonly status: ReservationStatus;
  /** The charger's ReserveNow status when it refused (Faulted, Occupied, Rejected, Unavailable). */
  readonly chargerStatus?: string;
  /** The ReserveNow command. */
  readonly commandId?: string;
  /** The session of the transaction that used it. */
  readonly sessionId?: string;
  readonly revision: number;
}

/** A reservation record is kept this long after its expiry (DynamoDB TTL), then disappears. */
export const reservationRetentionSeconds = 30 * 24 * 60 * 60;
