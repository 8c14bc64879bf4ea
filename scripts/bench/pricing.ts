import { performance } from 'node:perf_hooks';
import { chargingPeriodsOfSession } from '../../shared/slices/billing/charging-periods.ts';
import type { OcpiTariff } from '../../shared/slices/billing/model.ts';
import { priceSession } from '../../shared/slices/billing/pricing.ts';
import type { Session, SessionMeterValue } from '../../shared/slices/transactions/model.ts';

/**
 * The pricing benchmark of the billing issue: a 45-minute session with 45 meter values, priced with a
 * 5-element time-of-use tariff (charging periods built from the readings, then priced) — what the billing task,
 * the live cost and the price endpoint each do per session. Pure CPU: no I/O is timed.
 */
export interface PricingFigures {
  readonly sessions: number;
  readonly meterValues: number;
  readonly tariffElements: number;
  readonly periodsPerSession: number;
  readonly msPerSession: { readonly p50: number; readonly p99: number; readonly mean: number };
}

const startedAt = '2026-03-29T00:30:00.000Z'; // Europe/Berlin's spring DST change falls inside the session

const tariff: OcpiTariff = {
  currency: 'EUR',
  elements: [
    {
      price_components: [{ type: 'ENERGY', price: 0.25, vat: 19, step_size: 1 }],
      restrictions: { start_time: '00:00', end_time: '02:00' },
    },
    {
      price_components: [{ type: 'ENERGY', price: 0.3, vat: 19, step_size: 1 }],
      restrictions: { start_time: '02:00', end_time: '07:00' },
    },
    {
      price_components: [
        { type: 'ENERGY', price: 0.45, vat: 19, step_size: 1 },
        { type: 'TIME', price: 1.2, vat: 19, step_size: 60 },
      ],
      restrictions: {
        start_time: '07:00',
        end_time: '20:00',
        day_of_week: ['MONDAY', 'TUESDAY', 'WEDNESDAY'],
      },
    },
    {
      price_components: [{ type: 'PARKING_TIME', price: 6, vat: 19, step_size: 300 }],
      restrictions: { min_duration: 1800 },
    },
    { price_components: [{ type: 'ENERGY', price: 0.39, vat: 19, step_size: 1 }] },
  ],
  max_price: { excl_vat: 40 },
};

const session = (meterValues: number): { session: Session; meterValues: SessionMeterValue[] } => {
  const startMs = Date.parse(startedAt);
  const at = (minute: number) => new Date(startMs + minute * 60_000).toISOString();
  const values = Array.from({ length: meterValues }, (_, i) => ({
    at: at(i + 1),
    seqNo: i + 1,
    // 11 kW for 35 minutes, then the EV is full and stays plugged in.
    sampledValues: [
      { value: 1000 + Math.min(i + 1, 35) * 183.3, measurand: 'Energy.Active.Import.Register' },
    ],
  }));
  const endWh = values.at(-1)?.sampledValues[0]?.value ?? 1000;
  return {
    session: {
      tenantId: 'bench',
      sessionId: 'BENCH',
      chargerId: 'CP-1',
      chargerTransactionId: '1',
      status: 'Completed',
      startedAt,
      endedAt: at(meterValues),
      energyWh: endWh - 1000,
      meterStart: { at: startedAt, seqNo: 0, wh: 1000 },
      meterStop: { at: at(meterValues), seqNo: meterValues + 1, wh: endWh },
      chargingStates: [
        { at: startedAt, state: 'Charging' },
        { at: at(35), state: 'SuspendedEV' },
      ],
      version: 1,
      revision: 1,
      createdAt: startedAt,
      createdBy: 'bench',
      updatedAt: startedAt,
      updatedBy: 'bench',
    },
    meterValues: values,
  };
};

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

export const measurePricing = (sessions = 2000): PricingFigures => {
  const input = session(45);
  const timeZone = 'Europe/Berlin';
  const priceOnce = () => {
    const until = input.session.endedAt as string;
    const charging_periods = chargingPeriodsOfSession({ ...input, until, tariff, timeZone });
    priceSession({ tariff, start_date_time: startedAt, end_date_time: until, charging_periods, timeZone });
    return charging_periods.length;
  };
  // Warm-up: JIT and Intl caches, as in a warm Lambda container.
  for (let i = 0; i < 200; i += 1) priceOnce();
  const times: number[] = [];
  let periods = 0;
  for (let i = 0; i < sessions; i += 1) {
    const start = performance.now();
    periods = priceOnce();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return {
    sessions,
    meterValues: input.meterValues.length,
    tariffElements: tariff.elements.length,
    periodsPerSession: periods,
    msPerSession: {
      p50: percentile(times, 50),
      p99: percentile(times, 99),
      mean: times.reduce((sum, t) => sum + t, 0) / times.length,
    },
  };
};

if (import.meta.url === `file://${process.argv[1]}`) {
  const figures = measurePricing();
  console.log(JSON.stringify(figures, null, 2));
}
