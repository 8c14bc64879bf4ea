import type { Actor } from '../../kernel/model.ts';

/*
 * OCPI 2.2.1 tariffs and charging periods, with OCPI's own field names (snake_case), as tenants send them and
 * roaming partners read them. See the OCPI 2.2.1 Tariffs module (mod_tariffs) and CDRs module (mod_cdrs).
 */

export const tariffDimensionTypes = ['ENERGY', 'FLAT', 'PARKING_TIME', 'TIME'] as const;
export type TariffDimensionType = (typeof tariffDimensionTypes)[number];

export const daysOfWeek = [
  'MONDAY',
  'TUESDAY',
  'WEDNESDAY',
  'THURSDAY',
  'FRIDAY',
  'SATURDAY',
  'SUNDAY',
] as const;
export type DayOfWeek = (typeof daysOfWeek)[number];

export const tariffTypes = [
  'AD_HOC_PAYMENT',
  'PROFILE_CHEAP',
  'PROFILE_FAST',
  'PROFILE_GREEN',
  'REGULAR',
] as const;
export type TariffType = (typeof tariffTypes)[number];

export const reservationRestrictionTypes = ['RESERVATION', 'RESERVATION_EXPIRES'] as const;
export type ReservationRestrictionType = (typeof reservationRestrictionTypes)[number];

/** Prices are excl. VAT per unit: ENERGY per kWh, TIME and PARKING_TIME per hour, FLAT per session. */
export interface PriceComponent {
  readonly type: TariffDimensionType;
  /** Major units of the tariff's currency, ≥ 0. */
  readonly price: number;
  /** VAT percentage; absent means no VAT applies (not the same as 0). */
  readonly vat?: number;
  /** Billing block: Wh for ENERGY, seconds for TIME and PARKING_TIME (0: none); FLAT has no unit. */
  readonly step_size: number;
}

/** All set fields must hold (logical AND); minima inclusive, maxima exclusive; times and dates in local time. */
export interface TariffRestrictions {
  readonly start_time?: string;
  readonly end_time?: string;
  readonly start_date?: string;
  readonly end_date?: string;
  readonly min_kwh?: number;
  readonly max_kwh?: number;
  readonly min_current?: number;
  readonly max_current?: number;
  readonly min_power?: number;
  readonly max_power?: number;
  readonly min_duration?: number;
  readonly max_duration?: number;
  readonly day_of_week?: readonly DayOfWeek[];
  /** Reservation costs; the CSMS does not price reservations, so such an element never applies to charging. */
  readonly reservation?: ReservationRestrictionType;
}

export interface TariffElement {
  readonly price_components: readonly PriceComponent[];
  readonly restrictions?: TariffRestrictions;
}

export interface OcpiPrice {
  readonly excl_vat: number;
  readonly incl_vat?: number;
}

export interface DisplayText {
  readonly language: string;
  readonly text: string;
}

/** An OCPI 2.2.1 Tariff without the fields the CSMS fills (`country_code`, `party_id`, `id`, `last_updated`). */
export interface OcpiTariff {
  readonly currency: string;
  readonly type?: TariffType;
  readonly tariff_alt_text?: readonly DisplayText[];
  readonly tariff_alt_url?: string;
  readonly min_price?: OcpiPrice;
  readonly max_price?: OcpiPrice;
  readonly elements: readonly TariffElement[];
  readonly start_date_time?: string;
  readonly end_date_time?: string;
  readonly energy_mix?: Readonly<Record<string, unknown>>;
}

export const cdrDimensionTypes = [
  'CURRENT',
  'ENERGY',
  'ENERGY_EXPORT',
  'ENERGY_IMPORT',
  'MAX_CURRENT',
  'MIN_CURRENT',
  'MAX_POWER',
  'MIN_POWER',
  'PARKING_TIME',
  'POWER',
  'RESERVATION_TIME',
  'STATE_OF_CHARGE',
  'TIME',
] as const;
export type CdrDimensionType = (typeof cdrDimensionTypes)[number];

export interface CdrDimension {
  readonly type: CdrDimensionType;
  /** ENERGY in kWh, TIME / PARKING_TIME in hours, currents in A, powers in kW. */
  readonly volume: number;
}

/** A period ends when the next one starts; the last one when the session ends. */
export interface ChargingPeriod {
  readonly start_date_time: string;
  readonly dimensions: readonly CdrDimension[];
  readonly tariff_id?: string;
}

/** One version of a tenant's tariff, as stored: versions are never changed once written. */
export interface TariffVersion {
  readonly tenantId: string;
  readonly tariffId: string;
  /** 1, 2, 3…: every change of the tariff makes the next one. */
  readonly version: number;
  readonly tariff: OcpiTariff;
  /** When this version came into force (its PUT). */
  readonly validFrom: string;
  readonly createdBy: Actor;
}

/** The tariff as it is now: its latest version, and whether it was deleted. */
export interface TariffHead extends TariffVersion {
  readonly createdAt: string;
  /** Set once deleted: the versions stay, for the sessions that reference them. */
  readonly deletedAt?: string;
}
