import { z } from 'zod';
import { apiErrors } from '../../../http/api-error.ts';
import {
  defineOperation,
  commonErrors as errors,
  type Operation,
  tenantOf,
} from '../../../http/operation.ts';
import { chargerIdSchema, errorResponseSchema } from '../../../http/schemas.ts';
import { getVisibleCharger } from '../../../http/site-access.ts';
import {
  callResponses,
  unsentError,
  unsuccessfulCommand,
  waitQuerySchema,
} from '../../commands/http/charger-calls.ts';
import { cancelReservation, reserveNow } from '../reservation-commands.ts';
import { getReservation, listReservations, type ReservationView } from '../reservations.ts';

/** Reservations of a charger's connectors (OCPP 1.6 ReserveNow / CancelReservation). */

const reservationIdSchema = z.coerce
  .number()
  .int()
  .min(1)
  .max(2 ** 31 - 1)
  .meta({ description: 'The OCPP 1.6 reservationId, unique per charger', example: 1 });

const chargerPathSchema = z.strictObject({ chargerId: chargerIdSchema });
const reservationPathSchema = z.strictObject({
  chargerId: chargerIdSchema,
  reservationId: reservationIdSchema,
});

const idTag = z.string().regex(/^[A-Za-z0-9._:*-]{1,20}$/, 'at most 20 characters of A-Z a-z 0-9 . _ : * -');

const createReservationRequestSchema = z.strictObject({
  connectorId: z
    .number()
    .int()
    .min(0)
    .meta({ description: 'The connector to reserve (OCPP 1.6 numbering); 0: any connector of the charger' }),
  idToken: idTag.meta({ description: 'Who may use the reservation (OCPP 1.6 idTag)' }),
  expiresAt: z.iso.datetime({ offset: true }).meta({ description: 'The reservation ends then, unless used' }),
  parentIdTag: idTag.optional().meta({ description: 'Any token of this group may use it' }),
});

export const reservationResponseSchema = z
  .object({
    reservationId: z.number().int(),
    chargerId: z.string(),
    siteId: z.string().optional(),
    connectorId: z.number().int(),
    idToken: z.string(),
    parentIdTag: z.string().optional(),
    expiresAt: z.string(),
    status: z
      .enum(['Requested', 'Active', 'Rejected', 'Failed', 'Cancelled', 'Used', 'Expired', 'Removed'])
      .meta({
        description:
          'Requested: sent, not answered yet; Active; Rejected (see chargerStatus); Failed: no answer; ' +
          'Cancelled; Used: a transaction started with it; Expired: active until expiresAt, which has passed, ' +
          'or the OCPP 2.0.1 charger said it expired; Removed: the 2.0.1 charger removed it (ReservationStatusUpdate)',
      }),
    chargerStatus: z
      .string()
      .optional()
      .meta({ description: "The charger's refusal: Faulted, Occupied, Rejected or Unavailable" }),
    commandId: z.string().optional().meta({ description: 'The ReserveNow command' }),
    sessionId: z.string().optional().meta({ description: 'The session of the transaction that used it' }),
    transactionId: z
      .string()
      .optional()
      .meta({
        description:
          "Deprecated: the same as `sessionId` (the session id, not the charger's transaction id); removed in " +
          'the next major version',
        deprecated: true,
      }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Reservation' });

const toReservationResponse = (reservation: ReservationView): z.infer<typeof reservationResponseSchema> => ({
  reservationId: reservation.reservationId,
  chargerId: reservation.chargerId,
  ...(reservation.siteId && { siteId: reservation.siteId }),
  connectorId: reservation.connectorId,
  idToken: reservation.idToken,
  ...(reservation.parentIdTag && { parentIdTag: reservation.parentIdTag }),
  expiresAt: reservation.expiresAt,
  status: reservation.status,
  ...(reservation.chargerStatus && { chargerStatus: reservation.chargerStatus }),
  ...(reservation.commandId && { commandId: reservation.commandId }),
  ...(reservation.sessionId && { sessionId: reservation.sessionId, transactionId: reservation.sessionId }),
  createdAt: reservation.createdAt,
  updatedAt: reservation.updatedAt,
});

const reservationLocation = (chargerId: string, reservationId: number) =>
  `/v1/chargers/${encodeURIComponent(chargerId)}/reservations/${reservationId}`;

const refusedSchema = errorResponseSchema.extend({
  reservation: reservationResponseSchema,
  commandId: z.string(),
});

export const reservationOperations = {
  createReservation: defineOperation({
    summary: 'Reserve a connector for an id token until a time (OCPP 1.6 ReserveNow)',
    request: { path: chargerPathSchema, query: waitQuerySchema, body: createReservationRequestSchema },
    responses: {
      201: { description: 'The charger accepted the reservation', schema: reservationResponseSchema },
      ...callResponses,
      409: {
        description:
          'reservation_rejected: the charger refused (Faulted, Occupied, Rejected, Unavailable); ' +
          'charger_offline',
        schema: refusedSchema,
      },
      ...errors,
      // The charger queue's 429 (the rate limit's is described with it).
      429: callResponses[429],
    },
    role: 'operator',
    async handle(deps, { path, query, body, principal }) {
      const tenant = tenantOf(principal);
      const view = await getVisibleCharger(deps, tenant, path.chargerId);
      const result = await reserveNow(deps, {
        tenantId: tenant.tenantId,
        view,
        connectorId: body.connectorId,
        idToken: body.idToken,
        expiresAt: body.expiresAt,
        ...(body.parentIdTag && { parentIdTag: body.parentIdTag }),
        requestedBy: tenant.keyId,
        waitSeconds: query.waitSeconds ?? deps.settings.commandWaitSeconds,
      });
      if (result.kind !== 'sent') throw unsentError(path.chargerId, result);
      const { command, reservation } = result;
      const location = reservationLocation(path.chargerId, reservation.reservationId);
      const body201 = toReservationResponse(reservation);
      if (command.status !== 'completed')
        return unsuccessfulCommand(command, { location, body: { reservation: body201 } });
      if (reservation.status === 'Active') return { status: 201, body: body201, headers: { location } };
      return {
        status: 409,
        body: {
          error: {
            code: 'reservation_rejected',
            message: `charger ${path.chargerId} refused the reservation: ${reservation.chargerStatus ?? reservation.status}`,
          },
          reservation: body201,
          commandId: command.commandId,
        },
      };
    },
  }),

  listReservations: defineOperation({
    summary: "The charger's reservations, the most recent first (at most 100)",
    request: { path: chargerPathSchema },
    responses: {
      200: { description: 'Reservations', schema: z.object({ items: z.array(reservationResponseSchema) }) },
      404: { description: 'No such charger in this tenant (or not visible to this key)' },
      ...errors,
    },
    role: 'viewer',
    async handle(deps, { path, principal }) {
      const tenant = tenantOf(principal);
      await getVisibleCharger(deps, tenant, path.chargerId);
      const items = await listReservations(deps, { tenantId: tenant.tenantId, chargerId: path.chargerId });
      return { status: 200, body: { items: items.map(toReservationResponse) } };
    },
  }),

  getReservation: defineOperation({
    summary: 'A reservation; one past its expiry shows Expired',
    request: { path: reservationPathSchema },
    responses: {
      200: { description: 'The reservation', schema: reservationResponseSchema },
      404: { description: 'No such charger or reservation' },
      ...errors,
    },
    role: 'viewer',
    async handle(deps, { path, principal }) {
      const tenant = tenantOf(principal);
      await getVisibleCharger(deps, tenant, path.chargerId);
      const reservation = await getReservation(deps, {
        tenantId: tenant.tenantId,
        chargerId: path.chargerId,
        reservationId: path.reservationId,
      });
      if (!reservation) throw apiErrors.notFound(`reservation ${path.reservationId}`);
      return { status: 200, body: toReservationResponse(reservation) };
    },
  }),

  cancelReservation: defineOperation({
    summary: 'Cancel a reservation (OCPP 1.6 CancelReservation)',
    request: { path: reservationPathSchema, query: waitQuerySchema },
    responses: {
      200: { description: 'The charger cancelled it', schema: reservationResponseSchema },
      ...callResponses,
      404: { description: 'No such charger or reservation' },
      409: {
        description:
          'reservation_not_active: it is not active (expired, used, cancelled, refused); cancellation_rejected: ' +
          'the charger does not know it; charger_offline',
        schema: errorResponseSchema.extend({ reservation: reservationResponseSchema.optional() }),
      },
      ...errors,
      // The charger queue's 429 (the rate limit's is described with it).
      429: callResponses[429],
    },
    role: 'operator',
    async handle(deps, { path, query, principal }) {
      const tenant = tenantOf(principal);
      const view = await getVisibleCharger(deps, tenant, path.chargerId);
      const result = await cancelReservation(deps, {
        tenantId: tenant.tenantId,
        view,
        reservationId: path.reservationId,
        requestedBy: tenant.keyId,
        waitSeconds: query.waitSeconds ?? deps.settings.commandWaitSeconds,
      });
      switch (result.kind) {
        case 'notFound':
          throw apiErrors.notFound(`reservation ${path.reservationId}`);
        case 'notActive':
          return {
            status: 409,
            body: {
              error: {
                code: 'reservation_not_active',
                message: `reservation ${path.reservationId} is ${result.reservation.status}`,
              },
              reservation: toReservationResponse(result.reservation),
            },
          };
        case 'sent': {
          const { command, reservation } = result;
          const body = toReservationResponse(reservation);
          if (command.status !== 'completed')
            return unsuccessfulCommand(command, {
              location: reservationLocation(path.chargerId, path.reservationId),
              body: { reservation: body },
            });
          if (reservation.status === 'Cancelled') return { status: 200, body };
          return {
            status: 409,
            body: {
              error: {
                code: 'cancellation_rejected',
                message: `charger ${path.chargerId} rejected the cancellation of reservation ${path.reservationId}`,
              },
              reservation: body,
              commandId: command.commandId,
            },
          };
        }
        default:
          throw unsentError(path.chargerId, result);
      }
    },
  }),
} satisfies Record<string, Operation>;
