import { describe, expect, it } from 'vitest';
import { chargingPeriodsOfSession } from '../../../shared/slices/billing/charging-periods.ts';
import type { ChargingPeriod, OcpiTariff, TariffElement } from '../../../shared/slices/billing/model.ts';
import { priceSession } from '../../../shared/slices/billing/pricing.ts';
import type { ChargingState, Session, SessionMeterValue } from '../../../shared/slices/transactions/model.ts';
import {
  foldSessionEvents,
  mergeMeterValues,
  meterValuesOf,
  type SessionEvent,
} from '../../../shared/slices/transactions/session-fold.ts';
import { aReading, aSessionEvent } from '../domain/session-builders.ts';

/*
 * Table tests of the charging periods of sessions as chargers report them (the fold makes the session), and of
 * those periods priced end to end by `priceSession`.
 */

/** 2.0.1-like events: Started at seqNo 0, then one event per entry, Ended last (when `end` is given). */
interface Step {
  readonly at: string;
  /** Register reading in Wh at `at`. */
  readonly wh?: number;
  readonly state?: ChargingState;
}

const eventsOf = (steps: readonly Step[], ended = true): SessionEvent[] =>
  steps.map((step, index) =>
    aSessionEvent({
      eventType: index === 0 ? 'Started' : ended && index === steps.length - 1 ? 'Ended' : 'Updated',
      at: step.at,
      seqNo: index,
      ...(index === 0 && { evseId: 1, connectorId: 1 }),
      ...(ended && index === steps.length - 1 && { stoppedReason: 'Local' }),
      ...(step.state && { chargingState: step.state }),
      meterValues: step.wh === undefined ? [] : [aReading(step.at, step.wh)],
    }),
  );

const sessionOf = (
  events: readonly SessionEvent[],
): { session: Session; meterValues: SessionMeterValue[] } => ({
  session: {
    tenantId: 'tenant-a',
    sessionId: 'S1',
    chargerId: 'cp-1',
    chargerTransactionId: 'tx-1',
    ...foldSessionEvents(events),
    version: 1,
    revision: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    createdBy: 'charger:cp-1',
    updatedAt: '2026-01-01T00:00:00.000Z',
    updatedBy: 'charger:cp-1',
  },
  meterValues: mergeMeterValues(...events.map(meterValuesOf)),
});

const periodsOf = (
  steps: readonly Step[],
  options: { until?: string; tariff?: Pick<OcpiTariff, 'elements'>; timeZone?: string; ended?: boolean } = {},
) => {
  const { session, meterValues } = sessionOf(eventsOf(steps, options.ended ?? true));
  return chargingPeriodsOfSession({
    session,
    meterValues,
    until: options.until ?? session.endedAt ?? steps[steps.length - 1]!.at,
    ...(options.tariff && { tariff: options.tariff }),
    timeZone: options.timeZone ?? 'UTC',
  });
};

/** A period as `[start, kWh, 'TIME' | 'PARKING_TIME', hours]`, rounded to 4 decimals as OCPI shows them. */
const brief = (periods: readonly ChargingPeriod[]) =>
  periods.map((period) => {
    const energy = period.dimensions.find((d) => d.type === 'ENERGY')!;
    const time = period.dimensions.find((d) => d.type === 'TIME' || d.type === 'PARKING_TIME')!;
    const round = (value: number) => Math.round(value * 10_000) / 10_000;
    return [period.start_date_time, round(energy.volume), time.type, round(time.volume)];
  });

const utc = (day: string, hhmm: string) => `${day}T${hhmm}:00.000Z`;
const d = (hhmm: string) => utc('2026-06-01', hhmm);

const eur = (elements: readonly TariffElement[]): OcpiTariff => ({ currency: 'EUR', elements });

describe('chargingPeriodsOfSession: charging and parking', () => {
  it.each<[string, Step[], ReturnType<typeof brief>]>([
    [
      'a plain session: one TIME period with all its energy',
      [
        { at: d('08:00'), wh: 1000 },
        { at: d('08:30'), wh: 6000 },
        { at: d('09:00'), wh: 11_000 },
      ],
      [[d('08:00'), 10, 'TIME', 1]],
    ],
    [
      'charging, then SuspendedEV (the car is full): TIME, then PARKING_TIME',
      [
        { at: d('08:00'), wh: 0, state: 'Charging' },
        { at: d('09:00'), wh: 20_000, state: 'SuspendedEV' },
        { at: d('10:00'), wh: 20_000 },
      ],
      [
        [d('08:00'), 20, 'TIME', 1],
        [d('09:00'), 0, 'PARKING_TIME', 1],
      ],
    ],
    [
      'EVConnected before charging starts, Finishing after: parking either side',
      [
        { at: d('08:00'), wh: 0, state: 'EVConnected' },
        { at: d('08:10'), wh: 0, state: 'Charging' },
        { at: d('09:10'), wh: 30_000, state: 'Finishing' },
        { at: d('09:40'), wh: 30_000 },
      ],
      [
        [d('08:00'), 0, 'PARKING_TIME', 0.1667],
        [d('08:10'), 30, 'TIME', 1],
        [d('09:10'), 0, 'PARKING_TIME', 0.5],
      ],
    ],
    [
      'states win over the meter: SuspendedEVSE while a trickle still flows is parking',
      [
        { at: d('08:00'), wh: 0, state: 'Charging' },
        { at: d('09:00'), wh: 10_000, state: 'SuspendedEVSE' },
        { at: d('09:30'), wh: 10_100 },
      ],
      [
        [d('08:00'), 10, 'TIME', 1],
        [d('09:00'), 0.1, 'PARKING_TIME', 0.5],
      ],
    ],
    [
      'a change between two parking states starts a period of its own',
      [
        { at: d('08:00'), wh: 0, state: 'Charging' },
        { at: d('09:00'), wh: 10_000, state: 'SuspendedEV' },
        { at: d('09:30'), state: 'SuspendedEVSE' },
        { at: d('10:00'), wh: 10_000 },
      ],
      [
        [d('08:00'), 10, 'TIME', 1],
        [d('09:00'), 0, 'PARKING_TIME', 0.5],
        [d('09:30'), 0, 'PARKING_TIME', 0.5],
      ],
    ],
    [
      'charging resumed after a pause',
      [
        { at: d('08:00'), wh: 0, state: 'Charging' },
        { at: d('08:30'), wh: 5000, state: 'SuspendedEVSE' },
        { at: d('09:00'), wh: 5000, state: 'Charging' },
        { at: d('09:30'), wh: 10_000 },
      ],
      [
        [d('08:00'), 5, 'TIME', 0.5],
        [d('08:30'), 0, 'PARKING_TIME', 0.5],
        [d('09:00'), 5, 'TIME', 0.5],
      ],
    ],
  ])('%s', (_case, steps, expected) => {
    // Act & Assess
    expect(brief(periodsOf(steps))).toEqual(expected);
  });
});

describe('chargingPeriodsOfSession: no states, missing or irregular meter values', () => {
  it.each<[string, Step[], ReturnType<typeof brief>]>([
    [
      'no state: readings without energy between them are parking (the EV stopped drawing)',
      [
        { at: d('08:00'), wh: 0 },
        { at: d('08:20'), wh: 4000 },
        { at: d('09:00'), wh: 12_000 },
        { at: d('09:15'), wh: 12_000 },
        { at: d('10:00'), wh: 12_000 },
      ],
      [
        [d('08:00'), 12, 'TIME', 1],
        [d('09:00'), 0, 'PARKING_TIME', 1],
      ],
    ],
    [
      'only meterStart and meterStop: one period, charging since energy flowed',
      [
        { at: d('08:00'), wh: 500 },
        { at: d('09:45'), wh: 7500 },
      ],
      [[d('08:00'), 7, 'TIME', 1.75]],
    ],
    [
      'no reading at all: all of it charging (as OCPI counts a period without TIME or PARKING_TIME), no energy',
      [{ at: d('08:00') }, { at: d('08:45') }],
      [[d('08:00'), 0, 'TIME', 0.75]],
    ],
    [
      'a reading below an earlier one (a glitch) is left out: no negative energy, no parking, the session’s total',
      [
        { at: d('08:00'), wh: 1000 },
        { at: d('08:30'), wh: 6000 },
        { at: d('08:40'), wh: 10 },
        { at: d('09:00'), wh: 11_000 },
      ],
      [[d('08:00'), 10, 'TIME', 1]],
    ],
    [
      'state known only from the middle: the meter decides before it',
      [
        { at: d('08:00'), wh: 0 },
        { at: d('08:30'), wh: 0 },
        { at: d('09:00'), wh: 8000, state: 'SuspendedEV' },
        { at: d('09:30'), wh: 8000 },
      ],
      [
        [d('08:00'), 0, 'PARKING_TIME', 0.5],
        [d('08:30'), 8, 'TIME', 0.5],
        [d('09:00'), 0, 'PARKING_TIME', 0.5],
      ],
    ],
  ])('%s', (_case, steps, expected) => {
    // Act & Assess
    expect(brief(periodsOf(steps))).toEqual(expected);
  });

  it('a live session: until now, the last stretch’s verdict goes on past the last reading', () => {
    // Act
    const periods = periodsOf(
      [
        { at: d('08:00'), wh: 0 },
        { at: d('08:30'), wh: 5000 },
      ],
      { ended: false, until: d('09:00') },
    );

    // Assess
    expect(brief(periods)).toEqual([[d('08:00'), 5, 'TIME', 1]]);
  });

  it('readings out of the session’s window change nothing; readings of irregular spacing interpolate', () => {
    // Prepare
    const steps: Step[] = [
      { at: d('08:00'), wh: 0 },
      { at: d('08:07'), wh: 1400 },
      { at: d('08:53'), wh: 10_600 },
      { at: d('09:00'), wh: 12_000 },
    ];
    const events = eventsOf(steps);
    const late = aSessionEvent({ at: d('09:30'), seqNo: 9, meterValues: [aReading(d('09:30'), 99_000)] });
    const { session, meterValues } = sessionOf([...events, late]);
    const tariff = eur([
      {
        price_components: [{ type: 'ENERGY', price: 0.2, step_size: 1 }],
        restrictions: { end_time: '08:30' },
      },
      { price_components: [{ type: 'ENERGY', price: 0.3, step_size: 1 }] },
    ]);

    // Act
    const periods = chargingPeriodsOfSession({
      session,
      meterValues,
      until: d('09:00'),
      tariff,
      timeZone: 'UTC',
    });

    // Assess: 12 kWh over the hour, 6 before and 6 after 08:30 (linear between 08:07 and 08:53)
    expect(brief(periods)).toEqual([
      [d('08:00'), 6, 'TIME', 0.5],
      [d('08:30'), 6, 'TIME', 0.5],
    ]);
  });

  it('the periods’ energies add up to the session’s energy exactly', () => {
    // Prepare: readings of odd amounts, and a cut between them at every time band of a 5-band tariff
    const steps: Step[] = Array.from({ length: 46 }, (_, i) => ({
      at: new Date(Date.parse(d('07:50')) + i * 60_000).toISOString(),
      wh: Math.round(i * 251.7 * 1000) / 1000 + 0.001 * (i % 7),
    }));
    const tariff = eur(
      ['07:55', '08:03', '08:17', '08:29', '08:31'].map((start_time, i) => ({
        price_components: [{ type: 'ENERGY' as const, price: 0.1 * (i + 1), step_size: 1 }],
        restrictions: { start_time, end_time: '09:00' },
      })),
    );
    const { session } = sessionOf(eventsOf(steps));

    // Act
    const periods = periodsOf(steps, { tariff });

    // Assess
    const totalWh = periods
      .map((p) => Math.round(p.dimensions.find((x) => x.type === 'ENERGY')!.volume * 1_000_000))
      .reduce((a, b) => a + b, 0);
    expect(periods).toHaveLength(6);
    expect(totalWh / 1000).toBeCloseTo(session.energyWh, 0);
    expect(totalWh).toBe(Math.round((steps[45]!.wh! - steps[0]!.wh!) * 1000));
  });

  it('no periods for a session of no duration', () => {
    expect(periodsOf([{ at: d('08:00'), wh: 0 }], { until: d('08:00') })).toEqual([]);
  });
});

describe('chargingPeriodsOfSession: a period at every restriction boundary', () => {
  const night = (elementsAfter: readonly TariffElement[] = []) =>
    eur([
      {
        price_components: [{ type: 'ENERGY', price: 0.2, step_size: 1 }],
        restrictions: { start_time: '22:00', end_time: '06:00' },
      },
      { price_components: [{ type: 'ENERGY', price: 0.4, step_size: 1 }] },
      ...elementsAfter,
    ]);

  it('a time-of-use band begins mid-session in Europe/Berlin (22:00 local is 21:00Z in winter)', () => {
    // Prepare: 20:00Z–22:00Z on 15 January, 11 kW steady
    const day = '2026-01-15';
    const steps: Step[] = [
      { at: utc(day, '20:00'), wh: 0 },
      { at: utc(day, '20:45'), wh: 8250 },
      { at: utc(day, '21:30'), wh: 16_500 },
      { at: utc(day, '22:00'), wh: 22_000 },
    ];

    // Act
    const periods = periodsOf(steps, { tariff: night(), timeZone: 'Europe/Berlin' });
    const priced = priceSession({
      tariff: night(),
      start_date_time: utc(day, '20:00'),
      end_date_time: utc(day, '22:00'),
      charging_periods: periods,
      timeZone: 'Europe/Berlin',
    });

    // Assess
    expect(brief(periods)).toEqual([
      [utc(day, '20:00'), 11, 'TIME', 1],
      [utc(day, '21:00'), 11, 'TIME', 1],
    ]);
    expect(priced.ocpi.total_energy_cost.excl_vat).toBe(6.6);
  });

  it.each([
    // Spring: 29 March 2026 02:00 CET → 03:00 CEST; 06:00 local is 04:00Z (05:00Z on the winter offset).
    ['spring forward', '2026-03-29', '03:00', '05:00', '04:00'],
    // Autumn: 25 October 2026 03:00 CEST → 02:00 CET; 06:00 local is 05:00Z (04:00Z on the summer offset).
    ['fall back', '2026-10-25', '04:00', '06:00', '05:00'],
  ])('across the %s DST change the band ends at 06:00 local time', (_case, day, from, to, boundary) => {
    // Prepare
    const steps: Step[] = [
      { at: utc(day, from), wh: 0 },
      { at: utc(day, to), wh: 20_000 },
    ];

    // Act
    const periods = periodsOf(steps, { tariff: night(), timeZone: 'Europe/Berlin' });

    // Assess
    expect(brief(periods)).toEqual([
      [utc(day, from), 10, 'TIME', 1],
      [utc(day, boundary), 10, 'TIME', 1],
    ]);
  });

  it('a band starting at 03:00 local on the night the clocks skip from 02:00 to 03:00 starts at the jump', () => {
    // Prepare: 00:30Z–01:30Z is 01:30 CET – 03:30 CEST
    const day = '2026-03-29';
    const tariff = eur([
      {
        price_components: [{ type: 'TIME', price: 1, step_size: 1 }],
        restrictions: { start_time: '03:00', end_time: '04:00' },
      },
    ]);
    const steps: Step[] = [
      { at: utc(day, '00:30'), wh: 0 },
      { at: utc(day, '01:30'), wh: 6000 },
    ];

    // Act
    const periods = periodsOf(steps, { tariff, timeZone: 'Europe/Berlin' });

    // Assess
    expect(brief(periods)).toEqual([
      [utc(day, '00:30'), 3, 'TIME', 0.5],
      [utc(day, '01:00'), 3, 'TIME', 0.5],
    ]);
  });

  it('min_duration and max_kwh: a period from the instant each is reached', () => {
    // Prepare: 12 kW for an hour; energy cheaper beyond 9 kWh, time billed from 30 minutes on
    const tariff = eur([
      {
        price_components: [{ type: 'ENERGY', price: 0.5, step_size: 1 }],
        restrictions: { max_kwh: 9 },
      },
      { price_components: [{ type: 'ENERGY', price: 0.25, step_size: 1 }] },
      {
        price_components: [{ type: 'TIME', price: 2, step_size: 60 }],
        restrictions: { min_duration: 1800 },
      },
    ]);
    const steps: Step[] = [
      { at: d('08:00'), wh: 0 },
      { at: d('08:40'), wh: 8000 },
      { at: d('09:00'), wh: 12_000 },
    ];

    // Act
    const periods = periodsOf(steps, { tariff });

    // Assess: 9 kWh reached at 08:45
    expect(brief(periods)).toEqual([
      [d('08:00'), 6, 'TIME', 0.5],
      [d('08:30'), 3, 'TIME', 0.25],
      [d('08:45'), 3, 'TIME', 0.25],
    ]);
  });
});

describe('chargingPeriodsOfSession: peaks of power and current', () => {
  it('MAX_POWER (the total, kW) and MAX_CURRENT (the highest phase, A) of the samples in each period', () => {
    // Prepare
    const sample = (hhmm: string, seqNo: number, wh: number, watts: number, amps: readonly number[]) =>
      aSessionEvent({
        at: d(hhmm),
        seqNo,
        meterValues: [
          {
            at: d(hhmm),
            sampledValues: [
              { value: wh },
              { value: watts, measurand: 'Power.Active.Import', unit: 'W' },
              // A per-phase power is no total; the inlet is not where the EV draws.
              { value: 99_000, measurand: 'Power.Active.Import', unit: 'W', phase: 'L1' },
              { value: 99, measurand: 'Power.Active.Import', unit: 'kW', location: 'Inlet' },
              ...amps.map((value, i) => ({ value, measurand: 'Current.Import', phase: `L${i + 1}` })),
              { value: 40, measurand: 'Current.Import', phase: 'N' },
            ],
          },
        ],
      });
    const events = [
      aSessionEvent({ eventType: 'Started', at: d('08:00'), seqNo: 0, chargingState: 'Charging' }),
      sample('08:15', 1, 2750, 11_000, [16, 16, 15.8]),
      sample('08:30', 2, 4600, 7400, [10.7, 10.6, 10.7]),
      aSessionEvent({ at: d('08:30'), seqNo: 3, chargingState: 'SuspendedEV' }),
      sample('08:45', 4, 4600, 0, [0, 0, 0]),
      aSessionEvent({ eventType: 'Ended', at: d('09:00'), seqNo: 5, stoppedReason: 'Local' }),
    ];
    const { session, meterValues } = sessionOf(events);

    // Act
    const periods = chargingPeriodsOfSession({ session, meterValues, until: d('09:00'), timeZone: 'UTC' });

    // Assess
    expect(periods.map((period) => period.dimensions.filter((x) => x.type.startsWith('MAX_')))).toEqual([
      [
        { type: 'MAX_POWER', volume: 11 },
        { type: 'MAX_CURRENT', volume: 16 },
      ],
      [
        { type: 'MAX_POWER', volume: 7.4 },
        { type: 'MAX_CURRENT', volume: 10.7 },
      ],
    ]);
  });
});

describe('chargingPeriodsOfSession priced end to end', () => {
  it('an idle fee with a 30-minute grace period: parking billed from 30 minutes after charging ended', () => {
    // Prepare: charging 1 h (20 kWh), then SuspendedEV for 1 h; parking is free until 1 h 30 after the start
    const tariff = eur([
      { price_components: [{ type: 'ENERGY', price: 0.3, vat: 20, step_size: 1 }] },
      {
        price_components: [{ type: 'PARKING_TIME', price: 6, vat: 20, step_size: 60 }],
        restrictions: { min_duration: 5400 },
      },
    ]);
    const steps: Step[] = [
      { at: d('08:00'), wh: 0, state: 'Charging' },
      { at: d('09:00'), wh: 20_000, state: 'SuspendedEV' },
      { at: d('10:00'), wh: 20_000 },
    ];

    // Act
    const periods = periodsOf(steps, { tariff });
    const priced = priceSession({
      tariff,
      start_date_time: d('08:00'),
      end_date_time: d('10:00'),
      charging_periods: periods,
      timeZone: 'UTC',
    });

    // Assess
    expect(brief(periods)).toEqual([
      [d('08:00'), 20, 'TIME', 1],
      [d('09:00'), 0, 'PARKING_TIME', 0.5],
      [d('09:30'), 0, 'PARKING_TIME', 0.5],
    ]);
    expect(priced.ocpi.total_energy_cost).toEqual({ excl_vat: 6, incl_vat: 7.2 });
    expect(priced.ocpi.total_parking_time).toBe(1);
    expect(priced.ocpi.total_parking_cost).toEqual({ excl_vat: 3, incl_vat: 3.6 });
    expect(priced.cost.totalInclVat).toBe(1080);
  });

  it('leaving within the grace period costs no parking', () => {
    // Prepare
    const tariff = eur([
      { price_components: [{ type: 'ENERGY', price: 0.3, step_size: 1 }] },
      {
        price_components: [{ type: 'PARKING_TIME', price: 6, step_size: 60 }],
        restrictions: { min_duration: 5400 },
      },
    ]);
    const steps: Step[] = [
      { at: d('08:00'), wh: 0, state: 'Charging' },
      { at: d('09:00'), wh: 20_000, state: 'SuspendedEV' },
      { at: d('09:25'), wh: 20_000 },
    ];

    // Act
    const priced = priceSession({
      tariff,
      start_date_time: d('08:00'),
      end_date_time: d('09:25'),
      charging_periods: periodsOf(steps, { tariff }),
      timeZone: 'UTC',
    });

    // Assess
    expect(priced.ocpi.total_parking_cost.excl_vat).toBe(0);
    expect(priced.cost.totalExclVat).toBe(600);
  });
});

describe('chargingPeriodsOfSession from a fold of replayed and reordered events', () => {
  it('a replayed event, or the events in another order, leave the session and its periods unchanged', () => {
    // Prepare
    const events = eventsOf([
      { at: d('08:00'), wh: 0, state: 'Charging' },
      { at: d('08:30'), wh: 5000, state: 'SuspendedEVSE' },
      { at: d('09:00'), wh: 5000, state: 'Charging' },
      { at: d('09:30'), wh: 10_000 },
    ]);
    const reference = sessionOf(events);
    const periods = (of: ReturnType<typeof sessionOf>) =>
      chargingPeriodsOfSession({ ...of, until: d('09:30'), timeZone: 'UTC' });

    // Act
    const replayed = sessionOf([...events, events[1]!, events[2]!]);
    const reordered = sessionOf([events[3]!, events[2]!, events[0]!, events[1]!]);

    // Assess: the figures (the stored fold keeps a head once: see the use-case tests)
    const figures = ({ session: { heads: _, ...rest } }: ReturnType<typeof sessionOf>) => rest;
    expect(figures(replayed)).toEqual(figures(reference));
    expect(figures(reordered)).toEqual(figures(reference));
    expect(reference.session.chargingStates).toHaveLength(3);
    expect(periods(replayed)).toEqual(periods(reference));
    expect(periods(reordered)).toEqual(periods(reference));
  });
});
