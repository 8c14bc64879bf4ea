import { logger } from '../../handlers/logger.ts';
import { updateRevisioned } from '../../kernel/revisioned.ts';
import type { Ocpp16Requests, Ocpp16Responses } from '../../ocpp/generated/ocpp16.ts';
import type { Ocpp201Requests, ReservationStatusUpdateRequest } from '../../ocpp/generated/ocpp201.ts';
import type { ChargerMessageContext } from '../chargers/charger-messages.ts';
import type { CommandReaction } from '../commands/command-reactions.ts';
import type { Command } from '../commands/model.ts';
import type { Dependencies } from '../dependencies.ts';
import type { Reservation, ReservationStatus } from './model.ts';

/**
 * Reservations (OCPP 1.6 ReserveNow / CancelReservation; 2.0.1 ReserveNow / CancelReservation through the raw
 * passthrough, and the charger's ReservationStatusUpdate). Each has an integer id unique per charger, the one
 * the charger knows it by. Its record follows the charger's answers: created `Requested` when ReserveNow goes
 * out, `Active` or `Rejected` with the answer, `Failed` without one, `Cancelled` when the charger accepts a
 * CancelReservation, `Used` when a transaction starts with it (`consumeReservation`), `Expired` or `Removed`
 * when a 2.0.1 charger says so. Past its expiry an active reservation is over: it is shown `Expired` (nothing is
 * written then; no event either).
 *
 * Records are written from the commands themselves (payload and answer), so that whichever comes first — the
 * use case recording the request it sent, or the reaction to the charger's answer — the result is the same, and
 * a ReserveNow sent through the raw passthrough is recorded too.
 */

export type ReservationView = Omit<Reservation, 'status'> & {
  readonly status: ReservationStatus | 'Expired';
};

type Deps = Pick<Dependencies, 'reservations' | 'events' | 'clock'>;

/** Most reservations a listing returns. */
export const maxListedReservations = 100;

/** Requested or active and past its expiry: over, whatever the charger was told. */
export const effectiveStatus = (reservation: Reservation, now: Date): ReservationStatus | 'Expired' =>
  (reservation.status === 'Active' || reservation.status === 'Requested') &&
  reservation.expiresAt <= now.toISOString()
    ? 'Expired'
    : reservation.status;

export const toView = (reservation: Reservation, now: Date): ReservationView => ({
  ...reservation,
  status: effectiveStatus(reservation, now),
});

const actorOf = (command: Command) => command.requestedBy;

interface Key {
  readonly tenantId: string;
  readonly chargerId: string;
  readonly reservationId: number;
}

const withoutRevision = ({ revision: _revision, ...rest }: Reservation): Omit<Reservation, 'revision'> =>
  rest;

const store = (deps: Pick<Dependencies, 'reservations'>, key: Key) => ({
  load: () => deps.reservations.get(key.tenantId, key.chargerId, key.reservationId),
  save: (next: Reservation) => deps.reservations.save(next),
});

/** The reservation id of a ReserveNow / CancelReservation: 2.0.1 ReserveNow calls it `id`. */
const keyOf = (command: Command): Key => ({
  tenantId: command.tenantId,
  chargerId: command.chargerId,
  reservationId:
    command.ocppVersion === 'ocpp2.0.1' && command.action === 'ReserveNow'
      ? (command.payload as unknown as Ocpp201Requests['ReserveNow']).id
      : (command.payload as unknown as Ocpp16Requests['ReserveNow' | 'CancelReservation']).reservationId,
});

/** Publishes the change, if the status changed. */
const publishChange = async (
  deps: Pick<Dependencies, 'events' | 'clock'>,
  before: Reservation | undefined,
  after: Reservation | undefined,
  correlationId: string,
): Promise<void> => {
  if (!after || before?.status === after.status) return;
  await deps.events.publish([
    {
      name: 'reservationStatusChanged',
      detail: {
        tenantId: after.tenantId,
        chargerId: after.chargerId,
        ...(after.siteId && { siteId: after.siteId }),
        reservationId: after.reservationId,
        connectorId: after.connectorId,
        status: after.status,
        ...(before && { previousStatus: before.status }),
        ...(after.chargerStatus && { chargerStatus: after.chargerStatus }),
        expiresAt: after.expiresAt,
        occurredAt: after.updatedAt,
        correlationId,
      },
    },
  ]);
};

/** What a ReserveNow reserves, in either version (2.0.1: its EVSE as the connector, 0 for any). */
const reservedBy = (command: Command) => {
  if (command.ocppVersion === 'ocpp2.0.1') {
    const request = command.payload as unknown as Ocpp201Requests['ReserveNow'];
    return {
      reservationId: request.id,
      connectorId: request.evseId ?? 0,
      idToken: request.idToken.idToken,
      ...(request.groupIdToken && { parentIdTag: request.groupIdToken.idToken }),
      expiresAt: new Date(request.expiryDateTime).toISOString(),
    };
  }
  const request = command.payload as unknown as Ocpp16Requests['ReserveNow'];
  return {
    reservationId: request.reservationId,
    connectorId: request.connectorId,
    idToken: request.idTag,
    ...(request.parentIdTag && { parentIdTag: request.parentIdTag }),
    expiresAt: new Date(request.expiryDate).toISOString(),
  };
};

/** The reservation a ReserveNow command makes, in `status`. */
const fromReserveNow = (
  command: Command,
  status: ReservationStatus,
  at: string,
  chargerStatus?: string,
): Omit<Reservation, 'revision'> => {
  const reserved = reservedBy(command);
  return {
    tenantId: command.tenantId,
    chargerId: command.chargerId,
    ...(command.siteId && { siteId: command.siteId }),
    ...reserved,
    status,
    ...(chargerStatus && { chargerStatus }),
    commandId: command.commandId,
    createdAt: command.requestedAt,
    createdBy: actorOf(command),
    updatedAt: at,
    updatedBy: actorOf(command),
  };
};

/** Whether a stored reservation belongs to a later ReserveNow than this command (the id was reused). */
const isNewerThan = (stored: Reservation | undefined, command: Command): boolean =>
  stored !== undefined && stored.commandId !== command.commandId && stored.createdAt > command.requestedAt;

/**
 * Records a ReserveNow that went out: `Requested`, unless its answer was recorded first. A reservation with the
 * same id is replaced, as the charger replaces it (OCPP 1.6: a ReserveNow with a known id replaces it).
 */
export const recordReservationRequest = async (deps: Deps, command: Command): Promise<void> => {
  const at = deps.clock.now().toISOString();
  const { before, after } = await updateRevisioned(store(deps, keyOf(command)), (current) =>
    current?.commandId === command.commandId || isNewerThan(current, command)
      ? undefined
      : fromReserveNow(command, 'Requested', at),
  );
  await publishChange(deps, before, after, command.commandId);
};

/** The answer to a ReserveNow: `Active` if accepted, else `Rejected` with the charger's status. */
const applyReserveNowAnswer = async (deps: Deps, command: Command, response: Record<string, unknown>) => {
  const { status } = response as unknown as Ocpp16Responses['ReserveNow'];
  const at = deps.clock.now().toISOString();
  const { before, after } = await updateRevisioned(store(deps, keyOf(command)), (current) => {
    if (isNewerThan(current, command)) return undefined;
    const next = status === 'Accepted' ? 'Active' : 'Rejected';
    if (current?.commandId === command.commandId && current.status !== 'Requested') return undefined;
    return {
      ...fromReserveNow(command, next, at, status === 'Accepted' ? undefined : status),
      ...(current?.commandId === command.commandId && {
        createdAt: current.createdAt,
        createdBy: current.createdBy,
      }),
      updatedBy: `charger:${command.chargerId}`,
    };
  });
  await publishChange(deps, before, after, command.commandId);
};

/** Reaction to a completed ReserveNow. */
export const recordReserveNowAnswer: CommandReaction = (deps, { command, response }) =>
  applyReserveNowAnswer(deps, command, response);

/** A ReserveNow that got no answer (CALLERROR, timeout, connection lost): the reservation failed. */
export const recordReservationFailure = async (deps: Deps, command: Command): Promise<void> => {
  const at = deps.clock.now().toISOString();
  const { before, after } = await updateRevisioned(store(deps, keyOf(command)), (current) =>
    current?.commandId === command.commandId && current.status === 'Requested'
      ? { ...withoutRevision(current), status: 'Failed' as const, updatedAt: at, updatedBy: actorOf(command) }
      : undefined,
  );
  await publishChange(deps, before, after, command.commandId);
};

/** Reaction to a completed CancelReservation: accepted, the reservation is cancelled. */
export const recordCancelReservationAnswer: CommandReaction = async (deps, { command, response }) => {
  if ((response as unknown as Ocpp16Responses['CancelReservation']).status !== 'Accepted') return;
  const at = deps.clock.now().toISOString();
  const { before, after } = await updateRevisioned(store(deps, keyOf(command)), (current) =>
    current && (current.status === 'Active' || current.status === 'Requested')
      ? {
          ...withoutRevision(current),
          status: 'Cancelled' as const,
          updatedAt: at,
          updatedBy: actorOf(command),
        }
      : undefined,
  );
  await publishChange(deps, before, after, command.commandId);
};

/**
 * A `Requested` reservation whose command has ended meanwhile (its answer's reaction failed, or the command
 * failed or timed out with nobody waiting): settled from the command now.
 */
const settleRequested = async (
  deps: Deps & Pick<Dependencies, 'commands'>,
  reservation: Reservation,
): Promise<Reservation> => {
  if (reservation.status !== 'Requested' || !reservation.commandId) return reservation;
  const command = await deps.commands.get(reservation.tenantId, reservation.commandId);
  if (!command) return reservation;
  const now = deps.clock.now().toISOString();
  if (command.status === 'completed' && command.response) {
    await applyReserveNowAnswer(deps, command, command.response);
  } else if ((command.status !== 'pending' && command.status !== 'queued') || command.expiresAt <= now) {
    await recordReservationFailure(deps, command);
  } else return reservation;
  return (await deps.reservations.get(
    reservation.tenantId,
    reservation.chargerId,
    reservation.reservationId,
  ))!;
};

export const getReservation = async (
  deps: Deps & Pick<Dependencies, 'commands'>,
  input: Key,
): Promise<ReservationView | undefined> => {
  const stored = await deps.reservations.get(input.tenantId, input.chargerId, input.reservationId);
  return stored && toView(await settleRequested(deps, stored), deps.clock.now());
};

/** The charger's reservations, the most recent first. */
export const listReservations = async (
  deps: Deps & Pick<Dependencies, 'commands'>,
  input: { tenantId: string; chargerId: string; limit?: number },
): Promise<ReservationView[]> => {
  const stored = await deps.reservations.list(input.tenantId, input.chargerId, {
    limit: Math.min(input.limit ?? maxListedReservations, maxListedReservations),
  });
  const settled = await Promise.all(stored.map((reservation) => settleRequested(deps, reservation)));
  const now = deps.clock.now();
  return settled.map((reservation) => toView(reservation, now));
};

/**
 * ReservationStatusUpdate (OCPP 2.0.1 H03 / H04): the charger ended a reservation, `Expired` (its time passed)
 * or `Removed` (e.g. its EVSE became unavailable). An active or still requested reservation takes that status
 * and publishes the change; one already over (used, cancelled…) is left as it is. A reservation id the CSMS
 * never gave this charger is logged and changes nothing. The answer is empty either way.
 */
export const recordReservationStatusUpdate = async (
  deps: Deps,
  ctx: ChargerMessageContext,
  request: ReservationStatusUpdateRequest,
): Promise<ReservationStatus | 'unknown'> => {
  const { reservationId, reservationUpdateStatus: status } = request;
  const log = { tenantId: ctx.tenantId, chargerId: ctx.chargerId, reservationId, status };
  if (!Number.isSafeInteger(reservationId) || reservationId < 0 || reservationId > 2 ** 31 - 1) {
    logger.warn('ReservationStatusUpdate of a reservation the CSMS never gave; nothing changed', log);
    return 'unknown';
  }
  const key = { tenantId: ctx.tenantId, chargerId: ctx.chargerId, reservationId };
  const at = deps.clock.now().toISOString();
  const { before, after, changed } = await updateRevisioned(store(deps, key), (current) =>
    current && (current.status === 'Active' || current.status === 'Requested')
      ? { ...withoutRevision(current), status, updatedAt: at, updatedBy: `charger:${ctx.chargerId}` }
      : undefined,
  );
  if (!before) {
    logger.warn('ReservationStatusUpdate of a reservation the CSMS never gave; nothing changed', log);
    return 'unknown';
  }
  if (!changed) {
    logger.info('ReservationStatusUpdate of a reservation already over; left as it is', {
      ...log,
      stored: before.status,
    });
    return before.status;
  }
  await publishChange(deps, before, after, ctx.correlationId);
  return status;
};

export type ConsumeResult =
  | { readonly consumed: true; readonly reservation: Reservation }
  | {
      readonly consumed: false;
      readonly reason: 'notFound' | 'notActive';
      readonly reservation?: Reservation;
    };

/**
 * A transaction started with the reservation (1.6 StartTransaction `reservationId`): it is used, and over.
 * The charger decides whether a reservation applies; this records that it did, even past its expiry by our
 * clock. A reservation already used, cancelled, rejected or failed is left as it is.
 */
export const consumeReservation = async (
  deps: Deps,
  input: {
    tenantId: string;
    chargerId: string;
    reservationId: number;
    /** The session of the transaction that used it. */
    sessionId?: string;
    correlationId?: string;
  },
): Promise<ConsumeResult> => {
  const at = deps.clock.now().toISOString();
  const actor = `charger:${input.chargerId}`;
  const { before, after, changed } = await updateRevisioned(store(deps, input), (current) =>
    current && (current.status === 'Active' || current.status === 'Requested')
      ? {
          ...withoutRevision(current),
          status: 'Used' as const,
          ...(input.sessionId && { sessionId: input.sessionId }),
          updatedAt: at,
          updatedBy: actor,
        }
      : undefined,
  );
  if (!changed || !after) {
    return before
      ? { consumed: false, reason: 'notActive', reservation: before }
      : { consumed: false, reason: 'notFound' };
  }
  await publishChange(deps, before, after, input.correlationId ?? `reservation-${input.reservationId}`);
  return { consumed: true, reservation: after };
};

/** What the reservation's cancellation would send, or why it cannot be cancelled. */
export const cancellationOf = (
  reservation: ReservationView | undefined,
):
  | { ok: true; payload: Ocpp16Requests['CancelReservation'] }
  | { ok: false; reason: 'notFound' | 'notActive' } => {
  if (!reservation) return { ok: false, reason: 'notFound' };
  if (reservation.status !== 'Active' && reservation.status !== 'Requested')
    return { ok: false, reason: 'notActive' };
  return { ok: true, payload: { reservationId: reservation.reservationId } };
};
