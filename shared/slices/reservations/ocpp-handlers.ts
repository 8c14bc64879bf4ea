import type { OcppHandlers } from '../../ocpp/dispatcher.ts';
import type { Dependencies } from '../dependencies.ts';
import { recordReservationStatusUpdate } from './reservations.ts';

type V201 = NonNullable<OcppHandlers['ocpp2.0.1']>;

export const createReservationHandlers201 = (
  deps: Dependencies,
): Required<Pick<V201, 'ReservationStatusUpdate'>> => ({
  ReservationStatusUpdate: async (ctx, req) => {
    await recordReservationStatusUpdate(deps, ctx, req);
    return {};
  },
});
