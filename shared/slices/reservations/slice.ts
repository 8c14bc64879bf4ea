import { defineSlice, none } from '../slice.ts';
import { reservationOperations } from './http/reservations.ts';
import { reservationsManifest } from './manifest.ts';
import { createReservationHandlers201 } from './ocpp-handlers.ts';
import { recordCancelReservationAnswer, recordReserveNowAnswer } from './reservations.ts';

export const reservationsSlice = defineSlice({
  ...none,
  manifest: reservationsManifest,
  ocpp: { ...none.ocpp, 'ocpp2.0.1': createReservationHandlers201 },
  operations: reservationOperations,
  reactions: {
    'ocpp1.6': { ReserveNow: [recordReserveNowAnswer], CancelReservation: [recordCancelReservationAnswer] },
    // The same records from 2.0.1 payloads (raw passthrough): ReservationStatusUpdate then finds them.
    'ocpp2.0.1': { ReserveNow: [recordReserveNowAnswer], CancelReservation: [recordCancelReservationAnswer] },
  },
});
