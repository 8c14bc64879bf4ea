import { describe, expect, it } from 'vitest';
import {
  aggregateFleetReport,
  monthStart,
  nextMonth,
  type ReportedSession,
} from '../../../shared/slices/drivers/fleet-report.ts';

const eur = (totalExclVat: number, totalVat: number) => ({
  currency: 'EUR',
  totalExclVat,
  totalVat,
  totalInclVat: totalExclVat + totalVat,
});

const aSession = (overrides: Partial<ReportedSession> = {}): ReportedSession => ({
  startedAt: '2026-01-10T08:00:00.000Z',
  driverId: 'D1',
  vehicleId: 'V1',
  energyWh: 1000,
  cost: eur(100, 19),
  ...overrides,
});

describe('aggregateFleetReport', () => {
  it.each<[string, ReportedSession[], ReturnType<typeof aggregateFleetReport>]>([
    ['no sessions', [], []],
    [
      'one billed session',
      [aSession()],
      [
        {
          month: '2026-01',
          vehicleId: 'V1',
          sessions: 1,
          energyKwh: 1,
          currency: 'EUR',
          totalExclVat: 100,
          totalVat: 19,
          totalInclVat: 119,
        },
      ],
    ],
    [
      'two sessions of a vehicle in a month, summed exactly',
      [
        aSession({ energyWh: 0.1, cost: eur(1, 0) }),
        aSession({ energyWh: 0.2, cost: eur(2, 1), startedAt: '2026-01-31T23:59:59.999Z' }),
      ],
      [
        {
          month: '2026-01',
          vehicleId: 'V1',
          sessions: 2,
          energyKwh: 0,
          currency: 'EUR',
          totalExclVat: 3,
          totalVat: 1,
          totalInclVat: 4,
        },
      ],
    ],
    [
      'energy to the Wh, decimals summed without binary error',
      [aSession({ energyWh: 1234.4, cost: undefined }), aSession({ energyWh: 1000.1, cost: undefined })],
      [{ month: '2026-01', vehicleId: 'V1', sessions: 2, energyKwh: 2.235 }],
    ],
    [
      'months apart, in month order (UTC)',
      [
        aSession({ startedAt: '2026-02-01T00:00:00.000Z' }),
        aSession({ startedAt: '2026-01-31T23:00:00.000Z' }),
      ],
      [
        expect.objectContaining({ month: '2026-01', sessions: 1 }),
        expect.objectContaining({ month: '2026-02', sessions: 1 }),
      ],
    ],
    [
      'vehicles apart; sessions without a vehicle per driver, after the vehicles; of nobody last',
      [
        aSession({ vehicleId: 'V2' }),
        aSession({ vehicleId: undefined, driverId: 'D2' }),
        aSession({ vehicleId: 'V1' }),
        aSession({ vehicleId: undefined, driverId: undefined }),
        aSession({ vehicleId: undefined, driverId: 'D1' }),
      ],
      [
        expect.objectContaining({ vehicleId: 'V1' }),
        expect.objectContaining({ vehicleId: 'V2' }),
        expect.objectContaining({ driverId: 'D1' }),
        expect.objectContaining({ driverId: 'D2' }),
        {
          month: '2026-01',
          sessions: 1,
          energyKwh: 1,
          currency: 'EUR',
          totalExclVat: 100,
          totalVat: 19,
          totalInclVat: 119,
        },
      ],
    ],
    [
      'a vehicle row does not name the driver (a vehicle may have had several)',
      [aSession({ driverId: 'D1' }), aSession({ driverId: 'D2' })],
      [expect.not.objectContaining({ driverId: expect.anything() })],
    ],
    [
      'currencies apart, and sessions not billed yet in a row without currency',
      [
        aSession({ cost: { currency: 'SEK', totalExclVat: 1000, totalVat: 250, totalInclVat: 1250 } }),
        aSession({ cost: undefined, energyWh: 500 }),
        aSession(),
      ],
      [
        expect.objectContaining({ currency: 'EUR', sessions: 1, totalInclVat: 119 }),
        expect.objectContaining({ currency: 'SEK', sessions: 1, totalInclVat: 1250 }),
        { month: '2026-01', vehicleId: 'V1', sessions: 1, energyKwh: 0.5 },
      ],
    ],
  ])('%s', (_case, sessions, expected) => {
    // Act
    const rows = aggregateFleetReport(sessions);

    // Assess
    expect(rows).toEqual(expected);
  });

  it('refuses a money sum that would no longer be exact', () => {
    // Prepare
    const huge = eur(Number.MAX_SAFE_INTEGER, 0);

    // Act & Assess
    expect(() => aggregateFleetReport([aSession({ cost: huge }), aSession({ cost: huge })])).toThrow(
      RangeError,
    );
  });
});

describe('report months', () => {
  it.each([
    ['2026-01', '2026-02'],
    ['2026-09', '2026-10'],
    ['2026-12', '2027-01'],
  ])('nextMonth(%s) is %s', (month, expected) => {
    // Act & Assess
    expect(nextMonth(month)).toBe(expected);
  });

  it('a month starts at midnight UTC, as session start times are written', () => {
    // Act & Assess
    expect(monthStart('2026-02')).toBe('2026-02-01T00:00:00.000Z');
  });
});
