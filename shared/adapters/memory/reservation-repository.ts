import type { Reservation } from '../../slices/reservations/model.ts';
import type { ReservationRepository } from '../../slices/reservations/ports.ts';
import { keys } from '../dynamodb/keys.ts';
import { putIfRevision } from './revision.ts';
import { type MemoryTable, withoutKeys } from './table.ts';

export const createMemoryReservationRepository = (table: MemoryTable): ReservationRepository => ({
  async nextId(tenantId, chargerId) {
    const key = keys.reservationCounter(tenantId, chargerId);
    const next = ((table.get(key)?.value as number | undefined) ?? 0) + 1;
    table.put({ ...key, type: 'ReservationCounter', value: next });
    return next;
  },

  async get(tenantId, chargerId, reservationId) {
    const item = table.get(keys.reservation(tenantId, chargerId, reservationId));
    return item && withoutKeys<Reservation>(item);
  },

  async list(tenantId, chargerId, query) {
    return table
      .queryPartition(keys.reservationPartition(tenantId, chargerId))
      .filter((item) => item.SK.startsWith(keys.reservationPrefix))
      .reverse()
      .slice(0, query.limit)
      .map((item) => withoutKeys<Reservation>(item));
  },

  async save(reservation) {
    return putIfRevision(table, {
      ...keys.reservation(reservation.tenantId, reservation.chargerId, reservation.reservationId),
      type: 'Reservation',
      ...reservation,
    });
  },
});
