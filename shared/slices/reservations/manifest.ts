import { defineManifest } from '../../topology/manifest.ts';

export const reservationsManifest = defineManifest({
  slice: 'reservations',
  summary:
    'Connector reservations (OCPP 1.6 ReserveNow / CancelReservation; 2.0.1 through the raw passthrough, ended by ' +
    'the charger’s ReservationStatusUpdate) and their lifecycle',
  ocpp: { 'ocpp2.0.1': ['ReservationStatusUpdate'] },
  routes: {
    tenant: [
      ['POST', '/v1/chargers/{chargerId}/reservations', 'createReservation'],
      ['GET', '/v1/chargers/{chargerId}/reservations', 'listReservations'],
      ['GET', '/v1/chargers/{chargerId}/reservations/{reservationId}', 'getReservation'],
      ['DELETE', '/v1/chargers/{chargerId}/reservations/{reservationId}', 'cancelReservation'],
    ],
  },
  reactions: {
    'ocpp1.6': ['ReserveNow', 'CancelReservation'],
    'ocpp2.0.1': ['ReserveNow', 'CancelReservation'],
  },
  events: ['reservationStatusChanged'],
});
