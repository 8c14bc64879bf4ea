import type { Reservation } from './model.ts';

/** Reservations of a charger, by their per-charger integer id. */
export interface ReservationRepository {
  /** The charger's next reservation id (1, 2, …); ids are never reused, even after the charger is deleted. */
  nextId(tenantId: string, chargerId: string): Promise<number>;
  get(tenantId: string, chargerId: string, reservationId: number): Promise<Reservation | undefined>;
  /** The most recent first (by id), at most `limit`. */
  list(tenantId: string, chargerId: string, query: { limit: number }): Promise<Reservation[]>;
  /** Stores it if the stored one still has `revision - 1` (revision 1: if there is none); false otherwise. */
  save(reservation: Reservation): Promise<boolean>;
}
