/**
 * The one pricing function: (tariff version, charging periods, time zone) → OCPI 2.2.1 CDR totals and the
 * CSMS's cost lines. `POST /v1/tariffs/{id}/price`, live sessions and the final bill all call `priceSession`, so
 * a receipt, a charger's display and a CDR never disagree.
 *
 * Money is exact: decimal.js decimals throughout (no binary floats on money), rounded once, at the end.
 *
 * Rules (OCPI 2.2.1 mod_tariffs and mod_cdrs, with the choices OCPI leaves open written down):
 *
 * 1. **Periods.** A charging period lasts until the next one starts; the last one until the session ends. Its
 *    `ENERGY` (kWh), `TIME` (hours charging) and `PARKING_TIME` (hours not charging) volumes are taken as given; a
 *    period with neither `TIME` nor `PARKING_TIME` counts its whole duration as `TIME`. Currents and powers
 *    (`MIN_`/`MAX_CURRENT`, `CURRENT`, `MIN_`/`MAX_POWER`, `POWER`) describe the period; a period without a power
 *    has its average power (energy ÷ duration).
 * 2. **Splitting.** OCPI asks the CPO to start a period wherever another price component becomes active, but a
 *    partner's CDR or a live session need not: periods are split at every instant a restriction can change —
 *    the local times `start_time` / `end_time` and local midnight (dates, days of week) in the time zone, DST
 *    changes included; `min_duration` / `max_duration` after the session's start; the points where the session's
 *    energy reaches `min_kwh` / `max_kwh`. Volumes are shared out in proportion to time (energy linearly).
 * 3. **Restrictions** are evaluated in the middle of each piece, so each piece is wholly in or out. All set fields
 *    must hold; minima inclusive, maxima exclusive (`start_date` inclusive, `end_date` exclusive; `end_time`
 *    before `start_time` wraps past midnight; `end_time` `00:00` is the end of the day; equal times are the whole
 *    day). `min_current` holds when the period's lowest current (MIN_CURRENT, else CURRENT, else MAX_CURRENT) is
 *    at least it, `max_current` when its highest is below it; powers alike. A restriction on a quantity the
 *    period does not report does not hold. Elements with a `reservation` restriction price reservations, which
 *    the CSMS does not bill: they never apply to charging.
 * 4. **Element order.** For each dimension, the first element that has a component of that dimension and whose
 *    restrictions hold is used; none → that dimension is free then. `FLAT` is charged once per session: the first
 *    moment of the session at which a FLAT component applies decides which.
 * 5. **step_size** is applied once per session for ENERGY and once for TIME and PARKING_TIME combined (mod_cdrs
 *    "step_size"): the billable quantity (the part priced by a component) is summed over the session and rounded
 *    up to a multiple of the step_size of the last component used (Wh for energy, seconds for time); the extra
 *    is billed in the last priced period at its price. For time, the last priced time-based period decides the
 *    dimension: when parking follows charging, only parking time is rounded. The sum is first rounded to
 *    milli-units (mWh, ms) so that decimal noise in a CDR's hours (0.0833333 h) does not add a block.
 * 6. **VAT** per component: its `vat` percentage of that component's cost; no `vat`, no VAT.
 * 7. **min_price / max_price** bound the session's total excl. VAT and incl. VAT, each (OCPI: "they both apply").
 *    A bound without `incl_vat` bounds incl. VAT at the excl. VAT bound times the session's own incl./excl.
 *    ratio. The difference is a cost line of its own (`MIN_PRICE` / `MAX_PRICE`); OCPI's per-dimension totals
 *    are before it, `total_cost` after.
 * 8. **Rounding**, once: the exact totals excl. and incl. VAT are rounded half-up to the currency's minor unit
 *    (ISO 4217 via `Intl`: EUR 2, JPY 0, KWD 3); VAT is their difference. The lines are then rounded so that they
 *    add up to those totals exactly (largest remainder; ties to the earlier line), and OCPI's per-dimension
 *    totals are sums of their lines. OCPI quantities (kWh, hours) are given to 4 decimals, as OCPI's numbers.
 */
import { Decimal as BaseDecimal } from 'decimal.js';
import { minorUnitDigits } from './currencies.ts';
import { instantOfLocal, localTimeOf, nextDay, offsetAt } from './local-time.ts';
import type {
  ChargingPeriod,
  OcpiTariff,
  PriceComponent,
  TariffDimensionType,
  TariffElement,
  TariffRestrictions,
} from './model.ts';

/** A decimal of its own configuration: other users of decimal.js cannot change ours. */
const Decimal = BaseDecimal.clone({ precision: 40, rounding: BaseDecimal.ROUND_HALF_UP });
type Decimal = InstanceType<typeof Decimal>;

const ZERO = new Decimal(0);
const MS_PER_HOUR = 3_600_000;

export interface PricingInput {
  /** The tariff version in force at the session's start. */
  readonly tariff: Pick<OcpiTariff, 'currency' | 'elements' | 'min_price' | 'max_price'>;
  /** Given back in the cost, for the session's record. */
  readonly tariffId?: string;
  readonly tariffVersion?: number;
  readonly start_date_time: string;
  /** For a live session: now. */
  readonly end_date_time: string;
  readonly charging_periods: readonly ChargingPeriod[];
  /** IANA time zone the tariff's times and dates are read in (the site's). */
  readonly timeZone: string;
}

export interface OcpiTotalPrice {
  readonly excl_vat: number;
  readonly incl_vat: number;
}

/** The totals of an OCPI 2.2.1 CDR, in major units and OCPI's quantities. */
export interface OcpiTotals {
  readonly currency: string;
  readonly total_cost: OcpiTotalPrice;
  readonly total_fixed_cost: OcpiTotalPrice;
  readonly total_energy: number;
  readonly total_energy_cost: OcpiTotalPrice;
  readonly total_time: number;
  readonly total_time_cost: OcpiTotalPrice;
  readonly total_parking_time: number;
  readonly total_parking_cost: OcpiTotalPrice;
}

/** `NO_TARIFF`: a session no tariff applies to, billed at zero (session-pricing.ts); its amounts are 0. */
export type CostLineKind = TariffDimensionType | 'MIN_PRICE' | 'MAX_PRICE' | 'NO_TARIFF';

/** One line of the bill: a component's use over the session, amounts in integer minor units. */
export interface CostLine {
  readonly kind: CostLineKind;
  /** Index of the tariff element whose component priced it (absent on MIN_PRICE / MAX_PRICE). */
  readonly elementIndex?: number;
  /** kWh for ENERGY, hours for TIME / PARKING_TIME (both after step_size), 1 for FLAT. */
  readonly quantity?: number;
  /** Price per unit excl. VAT, major units, as in the tariff. */
  readonly unitPrice?: number;
  readonly vatPercent?: number;
  readonly exclVat: number;
  readonly vat: number;
  readonly inclVat: number;
}

/** A session's cost as the CSMS records it: integer minor units. */
export interface SessionCost {
  readonly currency: string;
  readonly totalExclVat: number;
  readonly totalVat: number;
  readonly totalInclVat: number;
  readonly tariffId?: string;
  readonly tariffVersion?: number;
  readonly lines: readonly CostLine[];
}

export interface PricedSession {
  readonly ocpi: OcpiTotals;
  readonly cost: SessionCost;
}

/** Input the function cannot price; `field` names the part at fault (for a 400). */
export class PricingInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'PricingInputError';
  }
}

// ---- periods and their pieces ----

interface Intensive {
  readonly minCurrent?: Decimal;
  readonly maxCurrent?: Decimal;
  readonly minPower?: Decimal;
  readonly maxPower?: Decimal;
}

/** A stretch of the session in which no restriction changes. */
interface Piece {
  readonly startMs: number;
  readonly endMs: number;
  readonly energyKwh: Decimal;
  readonly timeH: Decimal;
  readonly parkingH: Decimal;
  readonly intensive: Intensive;
}

const instantOf = (value: string, field: string): number => {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new PricingInputError(field, 'not a date-time');
  return ms;
};

const volumeOf = (period: ChargingPeriod, type: string): Decimal | undefined => {
  const dimension = period.dimensions.find((candidate) => candidate.type === type);
  return dimension === undefined ? undefined : new Decimal(dimension.volume);
};

const toPieces = (input: PricingInput, startMs: number, endMs: number): Piece[] => {
  const periods = input.charging_periods
    .map((period, index) => ({
      period,
      index,
      startMs: instantOf(period.start_date_time, `charging_periods.${index}.start_date_time`),
    }))
    .sort((a, b) => a.startMs - b.startMs || a.index - b.index);
  return periods.map(({ period, index, startMs: from }, position) => {
    const field = `charging_periods.${index}`;
    if (from < startMs || from > endMs)
      throw new PricingInputError(`${field}.start_date_time`, 'outside the session');
    const to = periods[position + 1]?.startMs ?? endMs;
    const hours = new Decimal(to - from).div(MS_PER_HOUR);
    const energyKwh = volumeOf(period, 'ENERGY') ?? ZERO;
    const time = volumeOf(period, 'TIME');
    const parking = volumeOf(period, 'PARKING_TIME');
    for (const [name, value] of [
      ['ENERGY', energyKwh],
      ['TIME', time],
      ['PARKING_TIME', parking],
    ] as const) {
      if (value?.isNegative()) throw new PricingInputError(`${field}.dimensions`, `${name} is negative`);
    }
    const current = volumeOf(period, 'CURRENT');
    const power = volumeOf(period, 'POWER') ?? (hours.isZero() ? undefined : energyKwh.div(hours));
    const minCurrent = volumeOf(period, 'MIN_CURRENT') ?? current ?? volumeOf(period, 'MAX_CURRENT');
    const maxCurrent = volumeOf(period, 'MAX_CURRENT') ?? current ?? volumeOf(period, 'MIN_CURRENT');
    const minPower = volumeOf(period, 'MIN_POWER') ?? power ?? volumeOf(period, 'MAX_POWER');
    const maxPower = volumeOf(period, 'MAX_POWER') ?? power ?? volumeOf(period, 'MIN_POWER');
    return {
      startMs: from,
      endMs: to,
      energyKwh,
      timeH: time ?? (parking === undefined ? hours : ZERO),
      parkingH: parking ?? ZERO,
      intensive: {
        ...(minCurrent && { minCurrent }),
        ...(maxCurrent && { maxCurrent }),
        ...(minPower && { minPower }),
        ...(maxPower && { maxPower }),
      },
    };
  });
};

/** Cuts a piece at `fraction` of it (0 < fraction < 1), sharing its volumes out in proportion. */
const cut = (piece: Piece, fraction: Decimal, atMs: number): [Piece, Piece] => {
  const rest = new Decimal(1).minus(fraction);
  return [
    {
      ...piece,
      endMs: atMs,
      energyKwh: piece.energyKwh.times(fraction),
      timeH: piece.timeH.times(fraction),
      parkingH: piece.parkingH.times(fraction),
    },
    {
      ...piece,
      startMs: atMs,
      energyKwh: piece.energyKwh.times(rest),
      timeH: piece.timeH.times(rest),
      parkingH: piece.parkingH.times(rest),
    },
  ];
};

const hhmmSeconds = (value: string): number => {
  const [hours, minutes] = value.split(':').map(Number);
  return hours! * 3600 + minutes! * 60;
};

/** Instants inside (from, to) where a time-of-day, date or day-of-week restriction may change. */
const localBoundaries = (
  from: number,
  to: number,
  secondsOfDay: readonly number[],
  timeZone: string,
): number[] => {
  const found: number[] = [];
  // Fast path (two Intl calls instead of two per candidate): the same offset at both ends of a span under a
  // week means none changed in it (zones change theirs at most twice a year), so wall clock = instant + offset.
  const offset = offsetAt(from, timeZone);
  if (to - from < 7 * 86_400_000 && offsetAt(to, timeZone) === offset) {
    const dayOf = (ms: number) => Math.floor((ms + offset) / 86_400_000) * 86_400_000;
    for (let day = dayOf(from); day <= dayOf(to); day += 86_400_000) {
      for (const second of secondsOfDay) {
        const at = day + second * 1000 - offset;
        if (at > from && at < to) found.push(at);
      }
    }
    return found;
  }
  // From the day before to the day after, so that no local day the zone's offset shifts in is missed.
  const first = localTimeOf(from - 86_400_000, timeZone);
  const last = localTimeOf(to + 86_400_000, timeZone);
  const lastDay = Date.UTC(last.year, last.month - 1, last.day);
  for (
    let date = { year: first.year, month: first.month, day: first.day };
    Date.UTC(date.year, date.month - 1, date.day) <= lastDay;
    date = nextDay(date)
  ) {
    for (const second of secondsOfDay) {
      const at = instantOfLocal(date, second, timeZone);
      if (at > from && at < to) found.push(at);
    }
  }
  return found;
};

/** Where a tariff's restrictions may change during a session: the cuts a charging period must not straddle. */
export interface RestrictionBoundaries {
  /**
   * Instants inside (fromMs, toMs) where a time-based restriction may change: the local `start_time` /
   * `end_time` and, for dates and days of week, local midnight (DST changes included), and `min_duration` /
   * `max_duration` after the session's start. Ascending, each once.
   */
  instantsIn(fromMs: number, toMs: number): number[];
  /** The session energies (kWh) where a `min_kwh` / `max_kwh` restriction changes, ascending, each once. */
  readonly kwhThresholds: readonly number[];
}

/** The restriction boundaries of a tariff's elements for a session started at `sessionStartMs`. */
export const restrictionBoundaries = (
  elements: readonly TariffElement[],
  timeZone: string,
  sessionStartMs: number,
): RestrictionBoundaries => {
  const restrictions = elements.flatMap((element) => (element.restrictions ? [element.restrictions] : []));
  // Midnight only matters to dates and days of week (a time band across midnight changes at its own times).
  const byDay = restrictions.some(
    (r) => r.start_date !== undefined || r.end_date !== undefined || (r.day_of_week?.length ?? 0) > 0,
  );
  const secondsOfDay = [
    ...new Set([
      ...(byDay ? [0] : []),
      ...restrictions.flatMap((r) =>
        [r.start_time, r.end_time].filter((t) => t !== undefined).map(hhmmSeconds),
      ),
    ]),
  ];
  const durations = [
    ...new Set(restrictions.flatMap((r) => [r.min_duration, r.max_duration].filter((d) => d !== undefined))),
  ];
  const kwhThresholds = [
    ...new Set(restrictions.flatMap((r) => [r.min_kwh, r.max_kwh].filter((k) => k !== undefined))),
  ].sort((a, b) => a - b);
  return {
    instantsIn: (fromMs, toMs) =>
      [
        ...new Set([
          ...(secondsOfDay.length > 0 ? localBoundaries(fromMs, toMs, secondsOfDay, timeZone) : []),
          ...durations
            .map((seconds) => sessionStartMs + seconds * 1000)
            .filter((at) => at > fromMs && at < toMs),
        ]),
      ].sort((a, b) => a - b),
    kwhThresholds,
  };
};

const splitAtInstants = (pieces: Piece[], instantsOf: (piece: Piece) => number[]): Piece[] =>
  pieces.flatMap((piece) => {
    const instants = [...new Set(instantsOf(piece))].sort((a, b) => a - b);
    const result: Piece[] = [];
    let rest = piece;
    for (const at of instants) {
      if (at <= rest.startMs || at >= rest.endMs) continue;
      const fraction = new Decimal(at - rest.startMs).div(rest.endMs - rest.startMs);
      const [head, tail] = cut(rest, fraction, at);
      result.push(head);
      rest = tail;
    }
    result.push(rest);
    return result;
  });

const splitAtEnergy = (pieces: Piece[], thresholds: readonly Decimal[]): Piece[] => {
  const result: Piece[] = [];
  let before = ZERO;
  for (const piece of pieces) {
    let rest = piece;
    let restBefore = before;
    for (const threshold of thresholds) {
      const restAfter = restBefore.plus(rest.energyKwh);
      if (threshold.lte(restBefore) || threshold.gte(restAfter)) continue;
      const fraction = threshold.minus(restBefore).div(rest.energyKwh);
      const at = rest.startMs + fraction.times(rest.endMs - rest.startMs).toNumber();
      const [head, tail] = cut(rest, fraction, at);
      result.push(head);
      restBefore = restBefore.plus(head.energyKwh);
      rest = tail;
    }
    result.push(rest);
    before = before.plus(piece.energyKwh);
  }
  return result;
};

// ---- restrictions ----

interface Moment {
  readonly local: ReturnType<typeof localTimeOf>;
  readonly durationSeconds: number;
  readonly energyKwh: Decimal;
  readonly intensive: Intensive;
}

const timeOfDayHolds = (restrictions: TariffRestrictions, secondOfDay: number): boolean => {
  const { start_time: start, end_time: end } = restrictions;
  if (start === undefined && end === undefined) return true;
  const from = start === undefined ? 0 : hhmmSeconds(start);
  let to = end === undefined ? 86_400 : hhmmSeconds(end);
  if (to === 0 && from > 0) to = 86_400;
  if (to === from) return true;
  if (from < to) return secondOfDay >= from && secondOfDay < to;
  return secondOfDay >= from || secondOfDay < to;
};

const atLeast = (value: Decimal | undefined, minimum: number | undefined) =>
  minimum === undefined || value?.gte(minimum) === true;
const below = (value: Decimal | undefined, maximum: number | undefined) =>
  maximum === undefined || value?.lt(maximum) === true;

const restrictionsHold = (restrictions: TariffRestrictions | undefined, at: Moment): boolean => {
  if (!restrictions) return true;
  const r = restrictions;
  if (r.reservation !== undefined) return false;
  if (r.day_of_week && r.day_of_week.length > 0 && !r.day_of_week.includes(at.local.dayOfWeek)) return false;
  if (r.start_date !== undefined && at.local.date < r.start_date) return false;
  if (r.end_date !== undefined && at.local.date >= r.end_date) return false;
  if (!timeOfDayHolds(r, at.local.secondOfDay)) return false;
  const duration = new Decimal(at.durationSeconds);
  return (
    atLeast(at.energyKwh, r.min_kwh) &&
    below(at.energyKwh, r.max_kwh) &&
    atLeast(at.intensive.minCurrent, r.min_current) &&
    below(at.intensive.maxCurrent, r.max_current) &&
    atLeast(at.intensive.minPower, r.min_power) &&
    below(at.intensive.maxPower, r.max_power) &&
    atLeast(duration, r.min_duration) &&
    below(duration, r.max_duration)
  );
};

interface Applied {
  readonly elementIndex: number;
  readonly component: PriceComponent;
}

const componentFor = (
  tariff: PricingInput['tariff'],
  type: TariffDimensionType,
  at: Moment,
): Applied | undefined => {
  for (const [elementIndex, element] of tariff.elements.entries()) {
    const component = element.price_components.find((candidate) => candidate.type === type);
    if (component && restrictionsHold(element.restrictions, at)) return { elementIndex, component };
  }
  return undefined;
};

// ---- money ----

interface ExactLine {
  readonly kind: CostLineKind;
  readonly elementIndex?: number;
  readonly componentIndex?: number;
  quantity: Decimal;
  readonly unitPrice?: number;
  readonly vatPercent?: number;
  exclVat: Decimal;
  inclVat: Decimal;
}

/** Rounds exact amounts (minor units) to integers that add up to `total` (largest remainder, ties first). */
const allocate = (amounts: readonly Decimal[], total: number): number[] => {
  const floors = amounts.map((amount) => amount.floor());
  let missing = total - floors.reduce((sum, value) => sum + value.toNumber(), 0);
  const result = floors.map((value) => value.toNumber());
  const order = amounts
    .map((amount, index) => ({ index, remainder: amount.minus(floors[index]!) }))
    .sort((a, b) => b.remainder.comparedTo(a.remainder) || a.index - b.index);
  for (const { index } of order) {
    if (missing <= 0) break;
    result[index]! += 1;
    missing -= 1;
  }
  return result;
};

const quantity = (value: Decimal): number => value.toDecimalPlaces(4).toNumber();

/** Prices a session (or a live session so far). Throws `PricingInputError` for input it cannot price. */
export const priceSession = (input: PricingInput): PricedSession => {
  const { tariff, timeZone } = input;
  const digits = minorUnitDigits(tariff.currency);
  const startMs = instantOf(input.start_date_time, 'start_date_time');
  const endMs = instantOf(input.end_date_time, 'end_date_time');
  if (endMs < startMs) throw new PricingInputError('end_date_time', 'before start_date_time');

  // 1–2. periods, split wherever a restriction may change
  const boundaries = restrictionBoundaries(tariff.elements, timeZone, startMs);
  const thresholds = boundaries.kwhThresholds.map((kwh) => new Decimal(kwh));
  let pieces = toPieces(input, startMs, endMs);
  pieces = splitAtInstants(pieces, (piece) => boundaries.instantsIn(piece.startMs, piece.endMs));
  pieces = splitAtEnergy(pieces, thresholds);

  // 3–4. the component of each dimension in each piece
  const lines = new Map<string, ExactLine>();
  const lineOf = (kind: TariffDimensionType, applied: Applied): ExactLine => {
    const key = `${kind}#${applied.elementIndex}`;
    let line = lines.get(key);
    if (!line) {
      line = {
        kind,
        elementIndex: applied.elementIndex,
        quantity: ZERO,
        unitPrice: applied.component.price,
        ...(applied.component.vat !== undefined && { vatPercent: applied.component.vat }),
        exclVat: ZERO,
        inclVat: ZERO,
      };
      lines.set(key, line);
    }
    return line;
  };
  interface Use {
    readonly kind: 'ENERGY' | 'TIME' | 'PARKING_TIME';
    readonly applied: Applied;
    /** kWh or hours */
    amount: Decimal;
  }
  const uses: Use[] = [];
  let flat: Applied | undefined;
  let energyBefore = ZERO;
  const momentAt = (ms: number, energyKwh: Decimal, intensive: Intensive): Moment => ({
    local: localTimeOf(ms, timeZone),
    durationSeconds: (ms - startMs) / 1000,
    energyKwh,
    intensive,
  });
  for (const piece of pieces) {
    const at = momentAt(
      (piece.startMs + piece.endMs) / 2,
      energyBefore.plus(piece.energyKwh.div(2)),
      piece.intensive,
    );
    flat ??= componentFor(tariff, 'FLAT', at);
    for (const [kind, amount] of [
      ['ENERGY', piece.energyKwh],
      ['TIME', piece.timeH],
      ['PARKING_TIME', piece.parkingH],
    ] as const) {
      if (amount.isZero()) continue;
      const applied = componentFor(tariff, kind, at);
      if (applied) uses.push({ kind, applied, amount });
    }
    energyBefore = energyBefore.plus(piece.energyKwh);
  }
  flat ??= componentFor(tariff, 'FLAT', momentAt(startMs, ZERO, {}));

  // 5. step_size, once per session for energy and once for time and parking combined
  const stepUp = (kinds: readonly Use['kind'][], unitsPerAmount: number) => {
    const last = uses.findLast((use) => kinds.includes(use.kind));
    if (!last) return;
    const total = uses
      .filter((use) => use.kind === last.kind)
      .reduce((sum, use) => sum.plus(use.amount), ZERO)
      .times(unitsPerAmount);
    // OCPI's own free-of-charge example has a step_size of 0: no blocks, billed as measured.
    if (last.applied.component.step_size <= 0) return;
    const step = new Decimal(last.applied.component.step_size);
    const stepped = total.toDecimalPlaces(3).div(step).ceil().times(step);
    last.amount = last.amount.plus(stepped.minus(total).div(unitsPerAmount));
  };
  stepUp(['ENERGY'], 1000);
  stepUp(['TIME', 'PARKING_TIME'], 3600);

  // 6. costs and VAT per component
  const addCost = (line: ExactLine, amount: Decimal, component: PriceComponent) => {
    const exclVat = amount.times(component.price);
    line.quantity = line.quantity.plus(amount);
    line.exclVat = line.exclVat.plus(exclVat);
    line.inclVat = line.inclVat.plus(exclVat.plus(exclVat.times(component.vat ?? 0).div(100)));
  };
  if (flat) addCost(lineOf('FLAT', flat), new Decimal(1), flat.component);
  for (const use of uses) addCost(lineOf(use.kind, use.applied), use.amount, use.applied.component);
  const ordered = [...lines.values()].sort(
    (a, b) =>
      (['FLAT', 'ENERGY', 'TIME', 'PARKING_TIME'] as const).indexOf(a.kind as TariffDimensionType) -
        (['FLAT', 'ENERGY', 'TIME', 'PARKING_TIME'] as const).indexOf(b.kind as TariffDimensionType) ||
      (a.elementIndex ?? 0) - (b.elementIndex ?? 0),
  );

  // 7. min_price / max_price, excl. and incl. VAT each
  const exclVat = ordered.reduce((sum, line) => sum.plus(line.exclVat), ZERO);
  const inclVat = ordered.reduce((sum, line) => sum.plus(line.inclVat), ZERO);
  const ratio = exclVat.isZero() ? new Decimal(1) : inclVat.div(exclVat);
  const inclBound = (price: { excl_vat: number; incl_vat?: number }) =>
    price.incl_vat === undefined ? new Decimal(price.excl_vat).times(ratio) : new Decimal(price.incl_vat);
  let boundedExcl = exclVat;
  let boundedIncl = inclVat;
  if (tariff.min_price) {
    boundedExcl = Decimal.max(boundedExcl, tariff.min_price.excl_vat);
    boundedIncl = Decimal.max(boundedIncl, inclBound(tariff.min_price));
  }
  if (tariff.max_price) {
    boundedExcl = Decimal.min(boundedExcl, tariff.max_price.excl_vat);
    boundedIncl = Decimal.min(boundedIncl, inclBound(tariff.max_price));
  }
  const exclAdjustment = boundedExcl.minus(exclVat);
  const inclAdjustment = boundedIncl.minus(inclVat);
  if (!exclAdjustment.isZero() || !inclAdjustment.isZero()) {
    const raises = exclAdjustment.isZero() ? inclAdjustment.isPositive() : exclAdjustment.isPositive();
    ordered.push({
      kind: raises ? 'MIN_PRICE' : 'MAX_PRICE',
      quantity: ZERO,
      exclVat: exclAdjustment,
      inclVat: inclAdjustment,
    });
  }

  // 8. rounding, once, to the currency's minor unit
  const scale = new Decimal(10).pow(digits);
  const totalExcl = boundedExcl.times(scale).toDecimalPlaces(0).toNumber();
  const totalIncl = boundedIncl.times(scale).toDecimalPlaces(0).toNumber();
  const linesExcl = allocate(
    ordered.map((line) => line.exclVat.times(scale)),
    totalExcl,
  );
  const linesIncl = allocate(
    ordered.map((line) => line.inclVat.times(scale)),
    totalIncl,
  );
  const costLines: CostLine[] = ordered.map((line, index) => ({
    kind: line.kind,
    ...(line.elementIndex !== undefined && { elementIndex: line.elementIndex }),
    ...(line.unitPrice !== undefined && { quantity: quantity(line.quantity), unitPrice: line.unitPrice }),
    ...(line.vatPercent !== undefined && { vatPercent: line.vatPercent }),
    exclVat: linesExcl[index]!,
    vat: linesIncl[index]! - linesExcl[index]!,
    inclVat: linesIncl[index]!,
  }));

  const major = (minor: number) => new Decimal(minor).div(scale).toNumber();
  const totalOf = (kind: CostLineKind): OcpiTotalPrice => {
    const of = costLines.filter((line) => line.kind === kind);
    return {
      excl_vat: major(of.reduce((sum, line) => sum + line.exclVat, 0)),
      incl_vat: major(of.reduce((sum, line) => sum + line.inclVat, 0)),
    };
  };
  const volumeTotal = (type: string) =>
    input.charging_periods.reduce((sum, period) => sum.plus(volumeOf(period, type) ?? ZERO), ZERO);
  return {
    ocpi: {
      currency: tariff.currency,
      total_cost: { excl_vat: major(totalExcl), incl_vat: major(totalIncl) },
      total_fixed_cost: totalOf('FLAT'),
      total_energy: quantity(volumeTotal('ENERGY')),
      total_energy_cost: totalOf('ENERGY'),
      total_time: quantity(new Decimal(endMs - startMs).div(MS_PER_HOUR)),
      total_time_cost: totalOf('TIME'),
      total_parking_time: quantity(volumeTotal('PARKING_TIME')),
      total_parking_cost: totalOf('PARKING_TIME'),
    },
    cost: {
      currency: tariff.currency,
      totalExclVat: totalExcl,
      totalVat: totalIncl - totalExcl,
      totalInclVat: totalIncl,
      ...(input.tariffId !== undefined && { tariffId: input.tariffId }),
      ...(input.tariffVersion !== undefined && { tariffVersion: input.tariffVersion }),
      lines: costLines,
    },
  };
};
