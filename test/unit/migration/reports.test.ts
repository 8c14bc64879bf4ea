import { describe, expect, it } from 'vitest';
import type { ChargerView } from '../../../shared/slices/chargers/model.ts';
import { addCounts, buildCohortReport, daysBetween } from '../../../shared/slices/migration/cohort-report.ts';
import {
  fleetChargerOf,
  securityProfileOf,
  summarizeFleet,
} from '../../../shared/slices/migration/fleet-report.ts';
import type { CohortDayCounts } from '../../../shared/slices/migration/model.ts';

/* Issue 15, fleet migration: the pure aggregations behind the cohort and fleet reports. */

const day = (overrides: Partial<CohortDayCounts> & { day: string }): CohortDayCounts => ({
  connections: 0,
  disconnections: 0,
  sessionsStarted: 0,
  sessionsEnded: 0,
  zeroEnergySessions: 0,
  rejectedAuthorizations: 0,
  billed: {},
  ...overrides,
});

describe('cohort report', () => {
  it.each([
    ['one day', '2026-12-01', '2026-12-01', ['2026-12-01']],
    [
      'across a month end',
      '2026-11-29',
      '2026-12-02',
      ['2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02'],
    ],
    ['across a leap day', '2028-02-28', '2028-03-01', ['2028-02-28', '2028-02-29', '2028-03-01']],
    ['from after to', '2026-12-02', '2026-12-01', []],
  ])('lists the days %s', (_case, from, to, expected) => {
    // Act & Assess
    expect(daysBetween(from, to)).toEqual(expected);
  });

  it.each([
    ['no activity: zeros, no success rate', [], { connections: 0, sessionsFailed: 0, billed: {} }, undefined],
    [
      'ended sessions, one without energy, one refused authorization',
      [
        day({
          day: '2026-12-01',
          sessionsStarted: 4,
          sessionsEnded: 4,
          zeroEnergySessions: 1,
          rejectedAuthorizations: 2,
        }),
      ],
      { sessionsStarted: 4, sessionsEnded: 4, sessionsFailed: 3 },
      0.75,
    ],
    [
      'three ended, one without energy (the rate rounded to 4 places)',
      [day({ day: '2026-12-01', sessionsEnded: 3, zeroEnergySessions: 1 })],
      { sessionsFailed: 1 },
      0.6667,
    ],
  ])('derives the day of %s', (_case, stored, expected, rate) => {
    // Act
    const report = buildCohortReport('wave-1', '2026-12-01', '2026-12-01', stored);

    // Assess
    expect(report.days).toHaveLength(1);
    expect(report.days[0]).toMatchObject({ day: '2026-12-01', ...expected });
    expect(report.days[0]?.sessionSuccessRate).toBe(rate);
  });

  it('fills the days without activity and totals the period, billed amounts per currency', () => {
    // Prepare
    const stored = [
      day({
        day: '2026-12-01',
        connections: 5,
        disconnections: 1,
        billed: { EUR: { sessions: 2, totalInclVat: 900 } },
      }),
      day({
        day: '2026-12-03',
        connections: 1,
        disconnections: 4,
        sessionsEnded: 2,
        billed: { EUR: { sessions: 1, totalInclVat: -100 }, CHF: { sessions: 1, totalInclVat: 300 } },
      }),
      // Outside the period asked for: not counted.
      day({ day: '2026-12-09', connections: 99 }),
    ];

    // Act
    const report = buildCohortReport('wave-1', '2026-12-01', '2026-12-03', stored);

    // Assess
    expect(report.days.map((d) => [d.day, d.connections, d.disconnections])).toEqual([
      ['2026-12-01', 5, 1],
      ['2026-12-02', 0, 0],
      ['2026-12-03', 1, 4],
    ]);
    expect(report.totals).toMatchObject({
      connections: 6,
      disconnections: 5,
      sessionsEnded: 2,
      sessionSuccessRate: 1,
      billed: { EUR: { sessions: 3, totalInclVat: 800 }, CHF: { sessions: 1, totalInclVat: 300 } },
    });
    expect(report.totals).not.toHaveProperty('day');
  });

  it('adds two days whatever their order', () => {
    // Prepare
    const a = day({ day: 'a', connections: 1, billed: { EUR: { sessions: 1, totalInclVat: 5 } } });
    const b = day({ day: 'b', sessionsStarted: 2, billed: { EUR: { sessions: 2, totalInclVat: 7 } } });

    // Act
    const [ab, ba] = [addCounts(a, b), addCounts(b, a)];

    // Assess
    expect({ ...ab, day: '' }).toEqual({ ...ba, day: '' });
    expect(ab.billed).toEqual({ EUR: { sessions: 3, totalInclVat: 12 } });
  });
});

const view = (
  charger: Partial<ChargerView['charger']>,
  connection?: Partial<NonNullable<ChargerView['connection']>>,
): ChargerView =>
  ({
    charger: {
      tenantId: 't',
      chargerId: 'CP',
      passwordHash: 'h',
      createdAt: '',
      createdBy: '',
      updatedAt: '',
      updatedBy: '',
      ...charger,
    },
    ...(connection && {
      connection: {
        tenantId: 't',
        chargerId: 'CP',
        connectionId: 'c',
        ocppVersion: 'ocpp2.0.1',
        connectedAt: 'x',
        lastSeenAt: 'y',
        ...connection,
      },
    }),
    connectors: [],
  }) as ChargerView;

describe('fleet report', () => {
  it.each([
    ['wss://csms.example.test/ocpp', 2],
    ['WSS://csms.example.test/ocpp', 2],
    ['ws://127.0.0.1:9000/ocpp', 1],
  ])('serves %s with security profile %s', (url, profile) => {
    // Act & Assess
    expect(securityProfileOf(url)).toBe(profile);
  });

  it.each([
    ['provisioned only', view({}), { neverConnected: true, online: false }],
    [
      'booted, offline now',
      view({ bootedAt: 'b', lastSeenAt: 's', ocppVersion: 'ocpp1.6' }),
      { neverConnected: false, online: false, lastBootAt: 'b', lastSeenAt: 's', ocppVersion: 'ocpp1.6' },
    ],
    [
      'connected without a boot yet',
      view({}, { lastSeenAt: 'now' }),
      { neverConnected: false, online: true, lastSeenAt: 'now', ocppVersion: 'ocpp2.0.1' },
    ],
  ])('describes a charger %s', (_case, charger, expected) => {
    // Act & Assess
    expect(fleetChargerOf(charger, 2)).toMatchObject({ chargerId: 'CP', securityProfile: 2, ...expected });
  });

  it('counts by vendor, by vendor and model, firmware and OCPP version; unreported values as unknown', () => {
    // Prepare
    const chargers = [
      view({ vendor: 'A', model: 'X', firmwareVersion: '1', ocppVersion: 'ocpp1.6', bootedAt: 'b' }),
      view({ vendor: 'A', model: 'X', firmwareVersion: '2', ocppVersion: 'ocpp1.6', bootedAt: 'b' }),
      view({ vendor: 'B', model: 'X', firmwareVersion: '2', bootedAt: 'b' }, { ocppVersion: 'ocpp2.0.1' }),
      view({}),
    ].map((v) => fleetChargerOf(v, 1));

    // Act
    const summary = summarizeFleet(chargers);

    // Assess
    expect(summary).toEqual({
      chargers: 4,
      online: 1,
      neverConnected: 1,
      byVendor: { A: 2, B: 1, unknown: 1 },
      byModel: { 'A X': 2, 'B X': 1, unknown: 1 },
      byFirmwareVersion: { '1': 1, '2': 2, unknown: 1 },
      byOcppVersion: { 'ocpp1.6': 2, 'ocpp2.0.1': 1, unknown: 1 },
    });
  });
});
