import type { Actor } from '../../kernel/model.ts';
import type { Ocpp16Requests } from '../../ocpp/generated/ocpp16.ts';
import type { ChargerView } from '../chargers/model.ts';
import {
  type ChargerCallDependencies,
  type ChargerCallResult,
  callCharger,
} from '../commands/charger-calls.ts';
import type { Command } from '../commands/model.ts';
import type { Dependencies } from '../dependencies.ts';
import { maxIdTagLength } from '../local-list/local-list.ts';
import {
  cancellationOf,
  getReservation,
  type ReservationView,
  recordReservationFailure,
  recordReservationRequest,
} from './reservations.ts';

/** Reserving a connector (ReserveNow) and cancelling a reservation (CancelReservation), OCPP 1.6. */

/** A charger call's dependencies (the queue's), and this use case's own stores. */
type Deps = ChargerCallDependencies & Pick<Dependencies, 'reservations'>;

export type ReservationCallResult =
  | { readonly kind: 'refused'; readonly message: string }
  | Exclude<ChargerCallResult, { kind: 'sent' }>
  | { readonly kind: 'sent'; readonly command: Command; readonly reservation: ReservationView };

const needsOcpp16 = (view: ChargerView): string | undefined =>
  view.connection && view.connection.ocppVersion !== 'ocpp1.6'
    ? 'reservations are supported for OCPP 1.6 chargers (this one speaks OCPP 2.0.1)'
    : undefined;

/** Reserves a connector (0: any) of an online 1.6 charger for an id token until `expiresAt`. */
export const reserveNow = async (
  deps: Deps,
  input: {
    tenantId: string;
    view: ChargerView;
    connectorId: number;
    idToken: string;
    expiresAt: string;
    parentIdTag?: string;
    requestedBy: Actor;
    waitSeconds: number;
  },
): Promise<ReservationCallResult> => {
  const { tenantId, view } = input;
  const chargerId = view.charger.chargerId;
  if (!view.connection) return { kind: 'offline' };
  const unsupported = needsOcpp16(view);
  if (unsupported) return { kind: 'refused', message: unsupported };
  if (input.idToken.length > maxIdTagLength || (input.parentIdTag?.length ?? 0) > maxIdTagLength)
    return {
      kind: 'refused',
      message: `idToken, parentIdTag: OCPP 1.6 allows at most ${maxIdTagLength} characters`,
    };
  if (Date.parse(input.expiresAt) <= deps.clock.now().getTime())
    return { kind: 'refused', message: 'expiresAt: must be in the future' };

  const reservationId = await deps.reservations.nextId(tenantId, chargerId);
  const payload: Ocpp16Requests['ReserveNow'] = {
    connectorId: input.connectorId,
    expiryDate: new Date(input.expiresAt).toISOString(),
    idTag: input.idToken,
    ...(input.parentIdTag && { parentIdTag: input.parentIdTag }),
    reservationId,
  };
  const result = await callCharger(deps, {
    tenantId,
    charger: view.charger,
    connection: view.connection,
    action: 'ReserveNow',
    payload: payload as unknown as Record<string, unknown>,
    requestedBy: input.requestedBy,
    waitSeconds: input.waitSeconds,
    onSent: (command) => recordReservationRequest(deps, command),
  });
  if (result.kind !== 'sent') return result;
  if (result.command.status === 'failed' || result.command.status === 'timeout')
    await recordReservationFailure(deps, result.command);
  const reservation = await getReservation(deps, { tenantId, chargerId, reservationId });
  if (!reservation) throw new Error(`reservation ${reservationId} of ${chargerId} not recorded`);
  return { kind: 'sent', command: result.command, reservation };
};

export type CancellationResult =
  | { readonly kind: 'notFound' }
  | { readonly kind: 'notActive'; readonly reservation: ReservationView }
  | Exclude<ReservationCallResult, { kind: 'refused' }>;

/** Asks the charger to cancel an active (or still requested) reservation. */
export const cancelReservation = async (
  deps: Deps,
  input: {
    tenantId: string;
    view: ChargerView;
    reservationId: number;
    requestedBy: Actor;
    waitSeconds: number;
  },
): Promise<CancellationResult> => {
  const { tenantId, view, reservationId } = input;
  const chargerId = view.charger.chargerId;
  const reservation = await getReservation(deps, { tenantId, chargerId, reservationId });
  const cancellation = cancellationOf(reservation);
  if (!cancellation.ok) {
    return cancellation.reason === 'notActive' && reservation
      ? { kind: 'notActive', reservation }
      : { kind: 'notFound' };
  }
  const result = await callCharger(deps, {
    tenantId,
    charger: view.charger,
    connection: view.connection,
    action: 'CancelReservation',
    payload: cancellation.payload as unknown as Record<string, unknown>,
    requestedBy: input.requestedBy,
    waitSeconds: input.waitSeconds,
  });
  if (result.kind === 'invalid') throw new Error(`CancelReservation refused: ${result.message}`);
  if (result.kind !== 'sent') return result;
  const after = await getReservation(deps, { tenantId, chargerId, reservationId });
  return { kind: 'sent', command: result.command, reservation: after ?? reservation! };
};
