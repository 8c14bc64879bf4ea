import { describe, expect, it } from 'vitest';
import type { CdrDimension, ChargingPeriod, OcpiTariff } from '../../../shared/slices/billing/model.ts';
import { type PricingInput, priceSession } from '../../../shared/slices/billing/pricing.ts';
import { ocpiExamples } from './ocpi-tariff-examples.ts';

/*
 * Table tests of the one pricing function, no mocks: every OCPI component type, step sizes, each restriction,
 * time-of-use across midnight and across both DST changes in Europe/Amsterdam, min/max price, multi-VAT, an
 * idle fee after a grace period, and the worked examples of the OCPI 2.2.1 tariffs module (mod_tariffs.asciidoc,
 * mod_cdrs.asciidoc "step_size").
 */

interface Segment {
  readonly minutes: number;
  /** Charging (TIME) or not (PARKING_TIME). */
  readonly parking?: boolean;
  readonly kwh?: number;
  readonly dimensions?: readonly CdrDimension[];
}

/** A session of back-to-back periods from `start`, each with its TIME or PARKING_TIME and ENERGY. */
const session = (start: string, segments: readonly Segment[]) => {
  let at = Date.parse(start);
  const periods: ChargingPeriod[] = segments.map((segment) => {
    const period: ChargingPeriod = {
      start_date_time: new Date(at).toISOString(),
      dimensions: [
        { type: segment.parking ? 'PARKING_TIME' : 'TIME', volume: segment.minutes / 60 },
        ...(segment.kwh === undefined ? [] : [{ type: 'ENERGY' as const, volume: segment.kwh }]),
        ...(segment.dimensions ?? []),
      ],
    };
    at += segment.minutes * 60_000;
    return period;
  });
  return {
    start_date_time: new Date(start).toISOString(),
    end_date_time: new Date(at).toISOString(),
    periods,
  };
};

const price = (
  tariff: Pick<OcpiTariff, 'currency' | 'elements' | 'min_price' | 'max_price'>,
  start: string,
  segments: readonly Segment[],
  timeZone = 'UTC',
) => {
  const { start_date_time, end_date_time, periods } = session(start, segments);
  const input: PricingInput = {
    tariff,
    start_date_time,
    end_date_time,
    charging_periods: periods,
    timeZone,
  };
  return priceSession(input);
};

const totals = (result: ReturnType<typeof priceSession>) => result.ocpi.total_cost;

describe('the OCPI 2.2.1 worked examples (mod_tariffs)', () => {
  const cases: {
    name: string;
    tariff: OcpiTariff;
    start?: string;
    segments: Segment[];
    timeZone?: string;
    excl: number;
    incl: number;
  }[] = [
    {
      name: '€0.25/kWh, 20 kWh',
      tariff: ocpiExamples.simple025kwh,
      segments: [{ minutes: 120, kwh: 20 }],
      excl: 5,
      incl: 5.5,
    },
    {
      name: '€0.25/kWh + start fee, 20 kWh',
      tariff: ocpiExamples.start025kwh,
      segments: [{ minutes: 120, kwh: 20 }],
      excl: 5.5,
      incl: 6.1,
    },
    {
      name: '€0.25/kWh + min price, 20 kWh (above the minimum)',
      tariff: ocpiExamples.minPrice025kwh,
      segments: [{ minutes: 120, kwh: 20 }],
      excl: 5,
      incl: 5.5,
    },
    {
      name: '€0.25/kWh + min price, 1 kWh (the minimum)',
      tariff: ocpiExamples.minPrice025kwh,
      segments: [{ minutes: 10, kwh: 1 }],
      excl: 0.5,
      incl: 0.55,
    },
    {
      name: '€0.25/kWh + parking + start fee, 20 kWh and 40 min parking (billed 45)',
      tariff: ocpiExamples.parkingStart025kwh,
      segments: [
        { minutes: 120, kwh: 20 },
        { minutes: 40, parking: true },
      ],
      excl: 7,
      incl: 7.9,
    },
    {
      name: '€0.25/kWh + start fee + max price, 50 kWh (the maximum)',
      tariff: ocpiExamples.startMaxPrice025kwh,
      segments: [{ minutes: 300, kwh: 50 }],
      excl: 10,
      incl: 11,
    },
    {
      name: '€0.25/kWh + start fee + max price, 30 kWh (below the maximum)',
      tariff: ocpiExamples.startMaxPrice025kwh,
      segments: [{ minutes: 180, kwh: 30 }],
      excl: 8,
      incl: 8.85,
    },
    {
      name: '€2/hour, 2.5 hours',
      tariff: ocpiExamples.simple2hour,
      segments: [{ minutes: 150, kwh: 20 }],
      excl: 5,
      incl: 5.5,
    },
    {
      name: '€3/hour + €5/hour parking, 150 min + 42 min parking (billed 45)',
      tariff: ocpiExamples.simple3hour5parking,
      segments: [
        { minutes: 150, kwh: 20 },
        { minutes: 42, parking: true },
      ],
      excl: 11.25,
      incl: 12.75,
    },
    {
      name: 'ad-hoc €1.90/hour at 5.2% VAT, 2.5 hours (4.997 incl. rounds once to 5.00)',
      tariff: ocpiExamples.altText,
      segments: [{ minutes: 150, kwh: 20 }],
      excl: 4.75,
      incl: 5,
    },
    {
      name: 'start fee + €0.25/kWh per 100 Wh, 20.45 kWh (billed 20.5)',
      tariff: ocpiExamples.altUrl,
      segments: [{ minutes: 120, kwh: 20.45 }],
      excl: 5.63,
      incl: 6.24,
    },
    {
      name: 'complex: Monday 09:30, 165 min at ≤16 A + 42 min parking (billed 45)',
      tariff: ocpiExamples.complex,
      start: '2026-06-01T09:30:00Z',
      segments: [
        { minutes: 165, kwh: 20, dimensions: [{ type: 'MAX_CURRENT', volume: 16 }] },
        { minutes: 42, parking: true },
      ],
      excl: 9,
      incl: 10.3,
    },
    {
      // The spec's table prices this charging time at 1.20/hour (2.28) although its tariff says 1.25 for
      // weekends at ≥ 32 A; at the tariff's 1.25: 2.50 + 2.375 + 7.50 = 12.375 excl., 13.975 incl.
      name: 'complex: Saturday 13:30, 114 min at ≥43 A + 71 min parking (billed 75)',
      tariff: ocpiExamples.complex,
      start: '2026-06-06T13:30:00Z',
      segments: [
        { minutes: 114, kwh: 60, dimensions: [{ type: 'MIN_CURRENT', volume: 43 }] },
        { minutes: 71, parking: true },
      ],
      excl: 12.38,
      incl: 13.98,
    },
    {
      name: 'step_size #1: 16:55, 10 min charging across 17:00 + 2 min parking (billed 15)',
      tariff: ocpiExamples.stepSize,
      start: '2026-06-01T16:55:00Z',
      segments: [
        { minutes: 10, kwh: 2 },
        { minutes: 2, parking: true },
      ],
      excl: 0.55,
      incl: 0.55,
    },
    {
      name: 'step_size #2: 16:35, 35 min charging rounded to 45 by the step after 17:00',
      tariff: ocpiExamples.stepSize,
      start: '2026-06-01T16:35:00Z',
      segments: [{ minutes: 35, kwh: 5 }],
      excl: 1.3,
      incl: 1.3,
    },
    {
      name: 'step_size #3: 19:40, 12 min charging + 20 min parking, free after 20:00 (8 min billed 15)',
      tariff: ocpiExamples.stepSize,
      start: '2026-06-01T19:40:00Z',
      segments: [
        { minutes: 12, kwh: 2 },
        { minutes: 20, parking: true },
      ],
      excl: 0.73,
      incl: 0.73,
    },
    {
      name: 'max_power: 1 kWh at 6 kW, 40 kWh at 48 kW, 0.5 kWh at 4 kW',
      tariff: ocpiExamples.maxPower,
      segments: [
        { minutes: 10, kwh: 1 },
        { minutes: 50, kwh: 40 },
        { minutes: 7.5, kwh: 0.5 },
      ],
      excl: 20.3,
      incl: 24.36,
    },
    {
      name: 'max_duration: 5 kWh in the first 30 min free, 1.2 kWh in the next 10 at €0.25',
      tariff: ocpiExamples.maxDuration,
      segments: [
        { minutes: 30, kwh: 5 },
        { minutes: 10, kwh: 1.2 },
      ],
      excl: 0.3,
      incl: 0.36,
    },
    {
      name: 'free of charge',
      tariff: ocpiExamples.freeOfCharge,
      segments: [{ minutes: 60, kwh: 10 }],
      excl: 0,
      incl: 0,
    },
  ];

  it.each(cases)('$name', ({ tariff, start, segments, timeZone, excl, incl }) => {
    expect(totals(price(tariff, start ?? '2026-06-01T10:00:00Z', segments, timeZone))).toEqual({
      excl_vat: excl,
      incl_vat: incl,
    });
  });

  it('complex Monday: the breakdown of the spec (flat 2.50, time 2.75, parking 3.75)', () => {
    const result = price(ocpiExamples.complex, '2026-06-01T09:30:00Z', [
      { minutes: 165, kwh: 20, dimensions: [{ type: 'MAX_CURRENT', volume: 16 }] },
      { minutes: 42, parking: true },
    ]);
    expect(result.ocpi).toMatchObject({
      total_fixed_cost: { excl_vat: 2.5 },
      total_time_cost: { excl_vat: 2.75, incl_vat: 3.3 },
      total_parking_cost: { excl_vat: 3.75 },
      total_energy: 20,
      total_time: 3.45,
      total_parking_time: 0.7,
    });
    // 2.875 + 3.30 + 4.125 = 10.30: the lines add up to the total once rounded, ties to the earlier line.
    expect(result.cost.lines.map((line) => [line.kind, line.inclVat])).toEqual([
      ['FLAT', 288],
      ['TIME', 330],
      ['PARKING_TIME', 412],
    ]);
    expect(result.cost).toMatchObject({ totalExclVat: 900, totalVat: 130, totalInclVat: 1030 });
  });

  it('step_size #2: 25 min before 17:00 at 1.20, 20 min after at 2.40', () => {
    const result = price(ocpiExamples.stepSize, '2026-06-01T16:35:00Z', [{ minutes: 35, kwh: 5 }]);
    expect(result.cost.lines.map((line) => [line.elementIndex, line.quantity, line.exclVat])).toEqual([
      [0, 0.4167, 50],
      [1, 0.3333, 80],
    ]);
  });
});

const eur = (elements: OcpiTariff['elements'], extra: Partial<OcpiTariff> = {}): OcpiTariff => ({
  currency: 'EUR',
  elements,
  ...extra,
});

describe('component types and step sizes', () => {
  const cases: { name: string; tariff: OcpiTariff; start?: string; segments: Segment[]; excl: number }[] = [
    {
      name: 'FLAT once per session, whatever the periods',
      tariff: eur([{ price_components: [{ type: 'FLAT', price: 1.5, step_size: 1 }] }]),
      segments: [
        { minutes: 30, kwh: 5 },
        { minutes: 30, kwh: 5 },
        { minutes: 10, parking: true },
      ],
      excl: 1.5,
    },
    {
      name: 'ENERGY per Wh: 115.2 Wh billed 116 (mod_tariffs step_size note)',
      tariff: eur([{ price_components: [{ type: 'ENERGY', price: 0.25, step_size: 1 }] }]),
      segments: [{ minutes: 5, kwh: 0.1152 }],
      excl: 0.03, // 0.029
    },
    {
      name: 'ENERGY per 500 Wh: 115.2 Wh billed 500',
      tariff: eur([{ price_components: [{ type: 'ENERGY', price: 0.25, step_size: 500 }] }]),
      segments: [{ minutes: 5, kwh: 0.1152 }],
      excl: 0.13, // 0.125
    },
    {
      name: 'ENERGY step once per session: 4.3 kWh before 17:00 + 1.1 after, per 500 Wh → 5.5 total',
      tariff: eur([
        {
          price_components: [{ type: 'ENERGY', price: 0.2, step_size: 500 }],
          restrictions: { start_time: '00:00', end_time: '17:00' },
        },
        { price_components: [{ type: 'ENERGY', price: 0.27, step_size: 500 }] },
      ]),
      start: '2026-06-01T16:00:00Z',
      segments: [
        { minutes: 60, kwh: 4.3 },
        { minutes: 30, kwh: 1.1 },
      ],
      // 4.3 × 0.20 + 1.2 × 0.27 = 0.86 + 0.324
      excl: 1.18,
    },
    {
      name: 'TIME step once per session: 6 min before 17:00 + 22 after, per 10 min → 30 total',
      tariff: eur([
        {
          price_components: [{ type: 'TIME', price: 5, step_size: 600 }],
          restrictions: { end_time: '17:00' },
        },
        { price_components: [{ type: 'TIME', price: 7, step_size: 600 }] },
      ]),
      start: '2026-06-01T16:54:00Z',
      segments: [{ minutes: 28, kwh: 3 }],
      // 6 min × 5/h + 24 min × 7/h = 0.50 + 2.80
      excl: 3.3,
    },
    {
      name: 'TIME then PARKING_TIME: only parking is stepped (21 min charging, 16 parking → 20)',
      tariff: eur([
        {
          price_components: [
            { type: 'TIME', price: 1, step_size: 600 },
            { type: 'PARKING_TIME', price: 2, step_size: 600 },
          ],
        },
      ]),
      segments: [
        { minutes: 21, kwh: 3 },
        { minutes: 16, parking: true },
      ],
      // 21/60 × 1 + 20/60 × 2 = 0.35 + 0.6667
      excl: 1.02,
    },
    {
      name: 'TIME and PARKING_TIME step 5 min: 21 min charging stays 21, 7 parking → 10',
      tariff: eur([
        {
          price_components: [
            { type: 'TIME', price: 6, step_size: 300 },
            { type: 'PARKING_TIME', price: 6, step_size: 300 },
          ],
        },
      ]),
      segments: [
        { minutes: 21, kwh: 3 },
        { minutes: 7, parking: true },
      ],
      excl: 3.1,
    },
    {
      name: 'decimal noise in a CDR: 0.0833333 h with a 5 min step is 5 min, not 10',
      tariff: eur([{ price_components: [{ type: 'TIME', price: 12, step_size: 300 }] }]),
      segments: [{ minutes: 5 }],
      excl: 1,
    },
  ];

  it.each(cases)('$name', ({ tariff, start, segments, excl }) => {
    expect(price(tariff, start ?? '2026-06-01T12:00:00Z', segments).ocpi.total_cost.excl_vat).toBe(excl);
  });

  it('energy from a partner CDR as hours of 7 digits prices without binary float drift', () => {
    const tariff = eur([{ price_components: [{ type: 'ENERGY', price: 0.1, step_size: 1 }] }]);
    // 0.1 + 0.2 in binary floats is 0.30000000000000004: three periods of 0.1 kWh × 0.1 each are 0.03 exactly.
    const result = price(tariff, '2026-06-01T10:00:00Z', [
      { minutes: 1, kwh: 0.1 },
      { minutes: 1, kwh: 0.1 },
      { minutes: 1, kwh: 0.1 },
    ]);
    expect(result.cost.lines[0]).toMatchObject({ quantity: 0.3, exclVat: 3 });
  });
});

describe('restrictions', () => {
  const tiered = (restrictions: OcpiTariff['elements'][number]['restrictions']) =>
    eur([
      { price_components: [{ type: 'ENERGY', price: 1, step_size: 1 }], restrictions },
      { price_components: [{ type: 'ENERGY', price: 0.1, step_size: 1 }] },
    ]);
  const cases: {
    name: string;
    restrictions: OcpiTariff['elements'][number]['restrictions'];
    start?: string;
    segments: Segment[];
    /** kWh priced at 1 (the rest at 0.10). */
    restricted: number;
    total: number;
  }[] = [
    {
      name: 'start_time/end_time: 10 kWh 16:00–18:00, 17:00–18:00 restricted',
      restrictions: { start_time: '17:00', end_time: '18:00' },
      start: '2026-06-01T16:00:00Z',
      segments: [{ minutes: 120, kwh: 10 }],
      restricted: 5,
      total: 10,
    },
    {
      name: 'start_date inclusive / end_date exclusive: 2 days, 2026-06-02 only',
      restrictions: { start_date: '2026-06-02', end_date: '2026-06-03' },
      start: '2026-06-01T00:00:00Z',
      segments: [{ minutes: 3 * 1440, kwh: 30 }],
      restricted: 10,
      total: 30,
    },
    {
      name: 'day_of_week: Sunday 2026-06-07 of Sat–Mon',
      restrictions: { day_of_week: ['SUNDAY'] },
      start: '2026-06-06T00:00:00Z',
      segments: [{ minutes: 3 * 1440, kwh: 30 }],
      restricted: 10,
      total: 30,
    },
    {
      name: 'max_kwh: the first 10 kWh of 15, in one period',
      restrictions: { max_kwh: 10 },
      segments: [{ minutes: 60, kwh: 15 }],
      restricted: 10,
      total: 15,
    },
    {
      name: 'min_kwh: from 10 kWh on, across periods',
      restrictions: { min_kwh: 10 },
      segments: [
        { minutes: 30, kwh: 8 },
        { minutes: 30, kwh: 8 },
      ],
      restricted: 6,
      total: 16,
    },
    {
      name: 'min_current inclusive: a period at 32 A',
      restrictions: { min_current: 32 },
      segments: [
        { minutes: 30, kwh: 4, dimensions: [{ type: 'MIN_CURRENT', volume: 32 }] },
        { minutes: 30, kwh: 2, dimensions: [{ type: 'MIN_CURRENT', volume: 16 }] },
      ],
      restricted: 4,
      total: 6,
    },
    {
      name: 'max_current exclusive: a period that reached 32 A is out',
      restrictions: { max_current: 32 },
      segments: [
        { minutes: 30, kwh: 4, dimensions: [{ type: 'MAX_CURRENT', volume: 32 }] },
        { minutes: 30, kwh: 2, dimensions: [{ type: 'MAX_CURRENT', volume: 31.9 }] },
      ],
      restricted: 2,
      total: 6,
    },
    {
      name: 'min_power from MIN_POWER, else the average power',
      restrictions: { min_power: 22 },
      segments: [
        { minutes: 30, kwh: 11, dimensions: [{ type: 'MIN_POWER', volume: 22 }] },
        { minutes: 60, kwh: 22 }, // 22 kW on average
        { minutes: 60, kwh: 11 }, // 11 kW
      ],
      restricted: 33,
      total: 44,
    },
    {
      name: 'max_power exclusive',
      restrictions: { max_power: 11 },
      segments: [
        { minutes: 60, kwh: 11 },
        { minutes: 60, kwh: 7.4 },
      ],
      restricted: 7.4,
      total: 18.4,
    },
    {
      name: 'min_duration inclusive: from the second hour, one period of two hours',
      restrictions: { min_duration: 3600 },
      segments: [{ minutes: 120, kwh: 20 }],
      restricted: 10,
      total: 20,
    },
    {
      name: 'max_duration exclusive: the first 15 minutes',
      restrictions: { max_duration: 900 },
      segments: [{ minutes: 60, kwh: 20 }],
      restricted: 5,
      total: 20,
    },
    {
      name: 'a restriction on a quantity the periods do not report does not hold',
      restrictions: { min_current: 1 },
      segments: [{ minutes: 60, kwh: 20 }],
      restricted: 0,
      total: 20,
    },
    {
      name: 'reservation elements never price charging',
      restrictions: { reservation: 'RESERVATION' },
      segments: [{ minutes: 60, kwh: 20 }],
      restricted: 0,
      total: 20,
    },
  ];

  it.each(cases)('$name', ({ restrictions, start, segments, restricted, total }) => {
    const result = price(tiered(restrictions), start ?? '2026-06-01T10:00:00Z', segments);
    const energy = (index: number) =>
      result.cost.lines.find((line) => line.kind === 'ENERGY' && line.elementIndex === index)?.quantity ?? 0;
    expect(energy(0)).toBeCloseTo(restricted, 4);
    expect(energy(0) + energy(1)).toBeCloseTo(total, 4);
  });

  it('the first matching element with a component of the dimension wins, per dimension', () => {
    const tariff = eur([
      { price_components: [{ type: 'TIME', price: 9, step_size: 1 }], restrictions: { max_kwh: 0.0001 } },
      { price_components: [{ type: 'ENERGY', price: 0.3, step_size: 1 }] },
      {
        price_components: [
          { type: 'ENERGY', price: 99, step_size: 1 },
          { type: 'TIME', price: 1, step_size: 1 },
        ],
      },
    ]);
    const result = price(tariff, '2026-06-01T10:00:00Z', [{ minutes: 60, kwh: 10 }]);
    expect(result.cost.lines.map((line) => [line.kind, line.elementIndex])).toEqual([
      ['ENERGY', 1],
      ['TIME', 0],
      ['TIME', 2],
    ]);
    // 10 × 0.30 + 1 h at 1 + 0.036 s at 9/h (the first 0.1 Wh)
    expect(result.ocpi.total_cost.excl_vat).toBe(4);
  });
});

describe('time of use in a non-UTC time zone', () => {
  // Night 23:00–07:00 at 1/hour, else 2/hour; in Amsterdam's local time.
  const nightAndDay = eur([
    {
      price_components: [{ type: 'TIME', price: 1, step_size: 1 }],
      restrictions: { start_time: '23:00', end_time: '07:00' },
    },
    { price_components: [{ type: 'TIME', price: 2, step_size: 1 }] },
  ]);
  const amsterdam = 'Europe/Amsterdam';
  const hoursAt = (result: ReturnType<typeof priceSession>, elementIndex: number) =>
    result.cost.lines.find((line) => line.elementIndex === elementIndex)?.quantity;

  it('across midnight: 22:00–08:00 CEST is 1 h day, 8 h night, 1 h day', () => {
    // 2026-06-01 22:00 CEST = 20:00Z
    const result = price(nightAndDay, '2026-06-01T20:00:00Z', [{ minutes: 600, kwh: 30 }], amsterdam);
    expect([hoursAt(result, 0), hoursAt(result, 1)]).toEqual([8, 2]);
    expect(result.ocpi.total_cost.excl_vat).toBe(12);
  });

  it('across the spring DST change: 22:00 CET to 08:00 CEST lasts 9 h, 7 of them at night', () => {
    // 2026-03-29 02:00 CET → 03:00 CEST. 2026-03-28 22:00 CET = 21:00Z; 08:00 CEST = 06:00Z.
    const result = price(nightAndDay, '2026-03-28T21:00:00Z', [{ minutes: 540, kwh: 30 }], amsterdam);
    expect([hoursAt(result, 0), hoursAt(result, 1)]).toEqual([7, 2]);
    expect(result.ocpi.total_cost.excl_vat).toBe(11);
  });

  it('across the autumn DST change: 22:00 CEST to 08:00 CET lasts 11 h, 9 of them at night', () => {
    // 2026-10-25 03:00 CEST → 02:00 CET. 2026-10-24 22:00 CEST = 20:00Z; 08:00 CET = 07:00Z.
    const result = price(nightAndDay, '2026-10-24T20:00:00Z', [{ minutes: 660, kwh: 30 }], amsterdam);
    expect([hoursAt(result, 0), hoursAt(result, 1)]).toEqual([9, 2]);
    expect(result.ocpi.total_cost.excl_vat).toBe(13);
  });

  it('the same instant is read in the zone: day of week and date change at local midnight', () => {
    const saturday = eur([
      {
        price_components: [{ type: 'ENERGY', price: 1, step_size: 1 }],
        restrictions: { day_of_week: ['SATURDAY'] },
      },
      { price_components: [{ type: 'ENERGY', price: 0, step_size: 1 }] },
    ]);
    // Friday 2026-06-05 23:00 to Saturday 01:00 in New York (EDT, UTC−4) = 03:00Z–05:00Z Saturday UTC.
    const newYork = price(saturday, '2026-06-06T03:00:00Z', [{ minutes: 120, kwh: 10 }], 'America/New_York');
    const utc = price(saturday, '2026-06-06T03:00:00Z', [{ minutes: 120, kwh: 10 }], 'UTC');
    expect(newYork.ocpi.total_cost.excl_vat).toBe(5);
    expect(utc.ocpi.total_cost.excl_vat).toBe(10);
  });
});

describe('VAT, min/max price, rounding', () => {
  it('VAT per component: 20% on the start fee, 9% on energy, none on parking', () => {
    const tariff = eur([
      {
        price_components: [
          { type: 'FLAT', price: 1, vat: 20, step_size: 1 },
          { type: 'ENERGY', price: 0.3, vat: 9, step_size: 1 },
          { type: 'PARKING_TIME', price: 6, step_size: 60 },
        ],
      },
    ]);
    const result = price(tariff, '2026-06-01T10:00:00Z', [
      { minutes: 60, kwh: 10 },
      { minutes: 10, parking: true },
    ]);
    expect(result.cost.lines.map((line) => [line.kind, line.exclVat, line.vat, line.inclVat])).toEqual([
      ['FLAT', 100, 20, 120],
      ['ENERGY', 300, 27, 327],
      ['PARKING_TIME', 100, 0, 100],
    ]);
    expect(result.cost).toMatchObject({ totalExclVat: 500, totalVat: 47, totalInclVat: 547 });
  });

  it('min_price without incl_vat takes the session VAT ratio; the difference is a line', () => {
    const tariff = eur([{ price_components: [{ type: 'ENERGY', price: 0.25, vat: 10, step_size: 1 }] }], {
      min_price: { excl_vat: 2 },
    });
    const result = price(tariff, '2026-06-01T10:00:00Z', [{ minutes: 10, kwh: 1 }]);
    expect(result.ocpi.total_cost).toEqual({ excl_vat: 2, incl_vat: 2.2 });
    expect(result.ocpi.total_energy_cost).toEqual({ excl_vat: 0.25, incl_vat: 0.28 });
    expect(result.cost.lines.at(-1)).toMatchObject({ kind: 'MIN_PRICE', exclVat: 175, inclVat: 192 });
    const sum = result.cost.lines.reduce((total, line) => total + line.inclVat, 0);
    expect(sum).toBe(result.cost.totalInclVat);
  });

  it('max_price bounds excl. and incl. VAT each', () => {
    const result = price(ocpiExamples.startMaxPrice025kwh, '2026-06-01T10:00:00Z', [
      { minutes: 300, kwh: 50 },
    ]);
    expect(result.cost.lines.at(-1)).toMatchObject({ kind: 'MAX_PRICE', exclVat: -300, inclVat: -335 });
  });

  it.each([
    ['JPY', 0, 1235], // 12.345 kWh × 100 = 1234.5 → 1235 yen
    ['KWD', 3, 1235], // × 0.1 = 1.2345 → 1.235
    ['EUR', 2, 1235], // × 1 = 12.345 → 12.35
  ])('rounds half up to the minor unit of %s (%i digits)', (currency, _digits, minor) => {
    const unit = { JPY: 100, KWD: 0.1, EUR: 1 }[currency]!;
    const tariff: OcpiTariff = {
      currency,
      elements: [{ price_components: [{ type: 'ENERGY', price: unit, step_size: 0 }] }],
    };
    expect(price(tariff, '2026-06-01T10:00:00Z', [{ minutes: 60, kwh: 12.345 }]).cost.totalExclVat).toBe(
      minor,
    );
  });

  it('an idle fee after a grace period: parking is free for the first 2 hours of the session', () => {
    const tariff = eur([
      { price_components: [{ type: 'ENERGY', price: 0.3, vat: 20, step_size: 1 }] },
      {
        price_components: [{ type: 'PARKING_TIME', price: 12, vat: 20, step_size: 60 }],
        restrictions: { min_duration: 7200 },
      },
    ]);
    const within = price(tariff, '2026-06-01T10:00:00Z', [
      { minutes: 90, kwh: 20 },
      { minutes: 30, parking: true },
    ]);
    const beyond = price(tariff, '2026-06-01T10:00:00Z', [
      { minutes: 90, kwh: 20 },
      { minutes: 45, parking: true },
    ]);
    expect(within.ocpi.total_parking_cost.excl_vat).toBe(0);
    expect(within.ocpi.total_parking_time).toBe(0.5);
    // 15 minutes beyond the grace period at 12/hour
    expect(beyond.ocpi.total_parking_cost).toEqual({ excl_vat: 3, incl_vat: 3.6 });
    expect(beyond.ocpi.total_cost).toEqual({ excl_vat: 9, incl_vat: 10.8 });
  });

  it('a live session so far and the final bill are the same function: so far ≤ final', () => {
    const tariff = ocpiExamples.parkingStart025kwh;
    const live = price(tariff, '2026-06-01T10:00:00Z', [{ minutes: 60, kwh: 10 }]);
    const final = price(tariff, '2026-06-01T10:00:00Z', [
      { minutes: 60, kwh: 10 },
      { minutes: 20, kwh: 3 },
    ]);
    expect(live.ocpi.total_cost.excl_vat).toBe(3);
    expect(final.ocpi.total_cost.excl_vat).toBe(3.75);
  });

  it('gives the tariff version back with the cost', () => {
    const result = priceSession({
      tariff: ocpiExamples.simple025kwh,
      tariffId: 'T-1',
      tariffVersion: 3,
      start_date_time: '2026-06-01T10:00:00Z',
      end_date_time: '2026-06-01T10:00:00Z',
      charging_periods: [],
      timeZone: 'UTC',
    });
    expect(result.cost).toEqual({
      currency: 'EUR',
      totalExclVat: 0,
      totalVat: 0,
      totalInclVat: 0,
      tariffId: 'T-1',
      tariffVersion: 3,
      lines: [],
    });
  });
});
