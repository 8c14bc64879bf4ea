import { defineSlice, none } from '../slice.ts';
import { reservationOperations } from './http/reservations.ts';
import { reservationsManifest } from './manifest.ts';
import { recordCancelReservationAnswer, recordReserveNowAnswer } from './reservations.ts';

export const reservationsSlice = defineSlice({
  ...none,
  manifest: reservationsManifest,
  operations: reservationOperations,
  reactions: {
    ...none.reactions,
    'ocpp1.6': { ReserveNow: [recordReserveNowAnswer], CancelReservation: [recordCancelReservationAnswer] },
  },
});
