/**
 * OCPI 2.2.1 charging periods of a session, from what its charger reported: the input of `priceSession` for a
 * live session, the final bill and the CDR.
 *
 * Rules (the choices OCPI leaves to the CPO, written down):
 *
 * 1. **Energy** comes from the register readings (`Energy.Active.Import.Register`) in the session's window,
 *    with `meterStart` / `meterStop` as its ends, interpolated linearly between readings; readings a moment
 *    before the start count at the start. The register as read may dip (a glitch, a reset): a reading below
 *    an earlier one is left out, and none counts above the last one, so the periods' energies are never
 *    negative and add up to the session's `energyWh`. Energies are kept to mWh.
 * 2. **Charging or parking.** Where the charger reported a charging state (2.0.1 `chargingState`, 1.6
 *    StatusNotification during the transaction), it decides: `Charging` is TIME, any other state
 *    (`SuspendedEV`, `SuspendedEVSE`, `Finishing`, `EVConnected`, `Idle`) PARKING_TIME — even while energy
 *    flows, or not. Before the first state: a stretch between two readings in which energy flowed is TIME,
 *    one without is PARKING_TIME; after the last reading (a live session) the last stretch's verdict goes on;
 *    with no stretch at all (fewer than two readings) the session counts as charging, as OCPI counts a period
 *    with neither TIME nor PARKING_TIME.
 * 3. **Periods.** A new period starts at every change between charging and parking, at every change of the
 *    reported state, and at every boundary of the tariff's restrictions (`restrictionBoundaries`: times of
 *    day, dates and days of week in the time zone, DST included; durations; the instants the session's energy
 *    reaches `min_kwh` / `max_kwh`), so that each period is priced by one element. Readings alone start none.
 *    Each period has ENERGY (kWh) and either TIME or PARKING_TIME (hours).
 * 4. **Peaks.** A period with samples of `Power.Active.Import` (the total, not a phase) or `Current.Import`
 *    (the highest phase) has MAX_POWER (kW) / MAX_CURRENT (A): the highest sampled in it, which is what
 *    `max_power` / `max_current` restrictions then read. Without samples `priceSession` uses the period's
 *    average power.
 */
import type { SampledValue, Session, SessionMeterValue } from '../transactions/model.ts';
import { energyRegisterWh, readingInWindow } from '../transactions/session-fold.ts';
import { sessionWindow } from '../transactions/sessions.ts';
import type { ChargingPeriod, OcpiTariff } from './model.ts';
import { restrictionBoundaries } from './pricing.ts';

const MS_PER_HOUR = 3_600_000;

/** A point of the session's energy curve: Wh since its first reading, at an instant. */
interface EnergyPoint {
  readonly ms: number;
  readonly wh: number;
}

const toMilli = (value: number) => Math.round(value * 1000) / 1000;

/** The energy curve (rule 1): readings in time order, clamped to [startMs, endMs], monotone. */
const energyCurve = (
  session: Session,
  meterValues: readonly SessionMeterValue[],
  startMs: number,
  endMs: number,
): EnergyPoint[] => {
  const window = sessionWindow(session);
  const readings = [
    ...(session.meterStart ? [session.meterStart] : []),
    ...meterValues.flatMap(({ at, seqNo, sampledValues }) => {
      const wh = sampledValues.map(energyRegisterWh).find((reading) => reading !== undefined);
      return wh === undefined || !readingInWindow(window, { at, seqNo }) ? [] : [{ at, seqNo, wh }];
    }),
    ...(session.meterStop ? [session.meterStop] : []),
  ]
    .map((reading) => ({ ...reading, ms: Date.parse(reading.at) }))
    .filter((reading) => !Number.isNaN(reading.ms) && reading.ms <= endMs)
    .sort((a, b) => a.ms - b.ms || a.seqNo - b.seqNo);
  const first = readings[0];
  const last = readings[readings.length - 1];
  if (!first || !last) return [];
  const total = Math.max(0, last.wh - first.wh);
  const points: EnergyPoint[] = [];
  let highest = 0;
  for (const reading of readings) {
    const wh = Math.min(total, reading.wh - first.wh);
    // A reading below one before it is a glitch (or a reset): no point of the curve.
    if (wh < highest) continue;
    highest = wh;
    const ms = Math.max(startMs, reading.ms);
    const previous = points[points.length - 1];
    // Readings of the same instant: the latest (highest) one stands.
    if (previous?.ms === ms) points[points.length - 1] = { ms, wh: toMilli(highest) };
    else points.push({ ms, wh: toMilli(highest) });
  }
  return points;
};

/** Wh at an instant: linear between points, flat before the first and after the last. */
const energyAt = (curve: readonly EnergyPoint[], ms: number): number => {
  if (curve.length === 0) return 0;
  if (ms <= curve[0]!.ms) return curve[0]!.wh;
  for (let i = 1; i < curve.length; i += 1) {
    const right = curve[i]!;
    if (ms <= right.ms) {
      const left = curve[i - 1]!;
      return toMilli(left.wh + ((right.wh - left.wh) * (ms - left.ms)) / (right.ms - left.ms));
    }
  }
  return curve[curve.length - 1]!.wh;
};

/** The instant the curve first reaches `wh` (strictly inside a rise), if it does. */
const instantOfEnergy = (curve: readonly EnergyPoint[], wh: number): number | undefined => {
  for (let i = 1; i < curve.length; i += 1) {
    const left = curve[i - 1]!;
    const right = curve[i]!;
    if (left.wh < wh && wh <= right.wh)
      return Math.round(left.ms + ((wh - left.wh) / (right.wh - left.wh)) * (right.ms - left.ms));
  }
  return undefined;
};

/** The outlet's, or the unnamed location's: what the session's energy is measured at too. */
const atOutlet = (value: SampledValue) => !value.location || value.location === 'Outlet';

/** A total active import power in kW, or undefined for any other value. */
const powerKwOf = (value: SampledValue): number | undefined => {
  if (value.measurand !== 'Power.Active.Import' || value.phase || !atOutlet(value)) return undefined;
  const perUnit = ({ W: 0.001, kW: 1 } as Record<string, number>)[value.unit ?? 'W'];
  return perUnit === undefined ? undefined : value.value * perUnit * 10 ** (value.multiplier ?? 0);
};

/** An import current in A (a phase's, or the total), or undefined for any other value. */
const currentAOf = (value: SampledValue): number | undefined => {
  if (value.measurand !== 'Current.Import' || value.phase === 'N' || !atOutlet(value)) return undefined;
  if ((value.unit ?? 'A') !== 'A') return undefined;
  return value.value * 10 ** (value.multiplier ?? 0);
};

interface Peak {
  readonly ms: number;
  readonly powerKw?: number;
  readonly currentA?: number;
}

const peaksOf = (values: readonly SessionMeterValue[], session: Session): Peak[] => {
  const window = sessionWindow(session);
  return values.flatMap(({ at, seqNo, sampledValues }) => {
    if (!readingInWindow(window, { at, seqNo })) return [];
    const highest = (of: (value: SampledValue) => number | undefined) => {
      const found = sampledValues.map(of).filter((v): v is number => v !== undefined && Number.isFinite(v));
      return found.length === 0 ? undefined : Math.max(...found);
    };
    const powerKw = highest(powerKwOf);
    const currentA = highest(currentAOf);
    return powerKw === undefined && currentA === undefined
      ? []
      : [
          {
            ms: Date.parse(at),
            ...(powerKw !== undefined && { powerKw }),
            ...(currentA !== undefined && { currentA }),
          },
        ];
  });
};

type Activity = 'charging' | 'parking';

interface Cut {
  readonly ms: number;
  /** A cut that starts a period whatever the activity either side (a state change or a restriction boundary). */
  readonly hard: boolean;
}

/**
 * OCPI charging periods of a session from what its charger reported (the rules above): ENERGY (kWh) from
 * register readings, TIME (h) while the EV charges, PARKING_TIME (h) while plugged in but not charging, a new
 * period at every change of state and at every boundary of the tariff's restrictions (so each period is priced
 * by one element). `until`: the session's end, or now for a live session. None for a session of no duration.
 */
export const chargingPeriodsOfSession = (input: {
  session: Session;
  meterValues: readonly SessionMeterValue[];
  until: string;
  tariff?: Pick<OcpiTariff, 'elements'>;
  timeZone: string;
}): ChargingPeriod[] => {
  const { session } = input;
  const startMs = Date.parse(session.startedAt);
  const endMs = Date.parse(input.until);
  if (Number.isNaN(startMs) || Number.isNaN(endMs) || endMs <= startMs) return [];

  const curve = energyCurve(session, input.meterValues, startMs, endMs);
  const states = (session.chargingStates ?? [])
    .map((change) => ({ ms: Date.parse(change.at), state: change.state }))
    .filter((change) => !Number.isNaN(change.ms));
  const boundaries = input.tariff && restrictionBoundaries(input.tariff.elements, input.timeZone, startMs);

  const inside = (ms: number) => ms > startMs && ms < endMs;
  const cuts: Cut[] = [
    ...curve.map((point) => ({ ms: point.ms, hard: false })),
    ...states.map((change) => ({ ms: change.ms, hard: true })),
    ...(boundaries?.instantsIn(startMs, endMs) ?? []).map((ms) => ({ ms, hard: true })),
    ...(boundaries?.kwhThresholds ?? []).flatMap((kwh) => {
      const ms = instantOfEnergy(curve, kwh * 1000);
      return ms === undefined ? [] : [{ ms, hard: true }];
    }),
  ].filter((cut) => inside(cut.ms));
  const hardAt = new Set(cuts.filter((cut) => cut.hard).map((cut) => cut.ms));
  const instants = [startMs, ...new Set(cuts.map((cut) => cut.ms).sort((a, b) => a - b)), endMs];

  const firstReadingMs = curve[0]?.ms;
  const lastReadingMs = curve[curve.length - 1]?.ms;
  let lastVerdict: Activity = 'charging';
  const activityOf = (from: number, to: number): Activity => {
    const state = states.findLast((change) => change.ms <= from)?.state;
    if (state) return state === 'Charging' ? 'charging' : 'parking';
    // Rule 2 without a state: energy flowing between readings is charging.
    if (firstReadingMs === undefined || lastReadingMs === undefined || firstReadingMs === lastReadingMs)
      return 'charging';
    if (from >= lastReadingMs) return lastVerdict;
    if (to <= firstReadingMs) return 'charging';
    lastVerdict = energyAt(curve, to) > energyAt(curve, from) ? 'charging' : 'parking';
    return lastVerdict;
  };

  interface Open {
    fromMs: number;
    toMs: number;
    activity: Activity;
  }
  const periods: Open[] = [];
  for (let i = 0; i + 1 < instants.length; i += 1) {
    const from = instants[i]!;
    const to = instants[i + 1]!;
    const activity = activityOf(from, to);
    const current = periods[periods.length - 1];
    if (current && current.activity === activity && !hardAt.has(from)) current.toMs = to;
    else periods.push({ fromMs: from, toMs: to, activity });
  }

  const peaks = peaksOf(input.meterValues, session);
  return periods.map(({ fromMs, toMs, activity }, index) => {
    // Samples from the period's start to the next one's (the last period's own end included).
    const last = index === periods.length - 1;
    const within = peaks.filter(
      (peak) => peak.ms >= fromMs && (peak.ms < toMs || (last && peak.ms === toMs)),
    );
    const highest = (of: (peak: Peak) => number | undefined) => {
      const found = within.map(of).filter((v): v is number => v !== undefined);
      return found.length === 0 ? undefined : toMilli(Math.max(...found));
    };
    const maxPower = highest((peak) => peak.powerKw);
    const maxCurrent = highest((peak) => peak.currentA);
    return {
      start_date_time: new Date(fromMs).toISOString(),
      dimensions: [
        // mWh differences of the curve's values: the periods add up to the session's energy exactly.
        { type: 'ENERGY', volume: toMilli(energyAt(curve, toMs) - energyAt(curve, fromMs)) / 1000 },
        { type: activity === 'charging' ? 'TIME' : 'PARKING_TIME', volume: (toMs - fromMs) / MS_PER_HOUR },
        ...(maxPower === undefined ? [] : [{ type: 'MAX_POWER' as const, volume: maxPower }]),
        ...(maxCurrent === undefined ? [] : [{ type: 'MAX_CURRENT' as const, volume: maxCurrent }]),
      ],
    };
  });
};
