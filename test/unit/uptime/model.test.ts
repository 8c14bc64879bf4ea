import { describe, expect, it } from 'vitest';
import {
  availabilityOf,
  classifyStatus,
  closedIntervals,
  daysOfMonth,
  figuresOf,
  incrementsOfIntervals,
  isOfflineGap,
  localDayBounds,
  offlineGapIncrements,
  reconnectGraceMs,
  rollUp,
  splitByLocalDay,
  uptimeStartOf,
} from '../../../shared/slices/uptime/model.ts';

/*
 * Issue 14 item 4: uptime by hand. Each row is a status history whose usable and counted time is computed on
 * paper; days are local days of the site's time zone (Europe/Amsterdam: CET +1, CEST +2).
 */

const at = (iso: string) => Date.parse(iso);
const hours = (n: number) => n * 3_600_000;

describe('local days', () => {
  it.each([
    ['an ordinary day in Amsterdam', '2026-01-15', 'Europe/Amsterdam', '2026-01-14T23:00:00Z', 24],
    ['the spring-forward day (23 h)', '2026-03-29', 'Europe/Amsterdam', '2026-03-28T23:00:00Z', 23],
    ['the fall-back day (25 h)', '2026-10-25', 'Europe/Amsterdam', '2026-10-24T22:00:00Z', 25],
    ['a UTC day', '2026-10-25', 'UTC', '2026-10-25T00:00:00Z', 24],
    ['New York spring-forward', '2026-03-08', 'America/New_York', '2026-03-08T05:00:00Z', 23],
  ])('%s', (_name, day, timeZone, start, length) => {
    // Act
    const bounds = localDayBounds(day, timeZone);

    // Assess
    expect(new Date(bounds.start).toISOString()).toBe(new Date(start).toISOString());
    expect(bounds.end - bounds.start).toBe(hours(length));
  });

  it('cuts an interval at each local midnight it spans, across a month boundary', () => {
    // Prepare: 20:00 local on 31 October (CET) to 02:00 local on 2 November.
    const interval = { from: at('2026-10-31T19:00:00Z'), to: at('2026-11-02T01:00:00Z') };

    // Act
    const pieces = splitByLocalDay(interval, 'Europe/Amsterdam');

    // Assess
    expect(pieces).toEqual([
      ['2026-10-31', hours(4)],
      ['2026-11-01', hours(24)],
      ['2026-11-02', hours(2)],
    ]);
  });

  it('lists the days of a month, leap February included', () => {
    expect(daysOfMonth('2028-02')).toHaveLength(29);
    expect(daysOfMonth('2026-02').at(-1)).toBe('2026-02-28');
  });
});

describe('status classes', () => {
  it.each([
    ['Available', 'usable'],
    ['Charging', 'usable'],
    ['SuspendedEV', 'usable'],
    ['Occupied', 'usable'],
    ['Reserved', 'usable'],
    ['Faulted', 'down'],
    ['Offline', 'down'],
    ['Unavailable', 'maintenance'],
  ])('%s is %s', (status, kind) => {
    expect(classifyStatus(status)).toBe(kind);
  });
});

describe('availability of a known history', () => {
  it.each([
    {
      name: 'a whole ordinary day Available: 100 %',
      day: '2026-01-15',
      history: [{ status: 'Available', from: '2026-01-14T23:00:00Z', to: '2026-01-15T23:00:00Z' }],
      usable: 24,
      counted: 24,
      percent: 100,
    },
    {
      name: '6 h Faulted of 24: 75 %',
      day: '2026-01-15',
      history: [
        { status: 'Available', from: '2026-01-14T23:00:00Z', to: '2026-01-15T05:00:00Z' },
        { status: 'Faulted', from: '2026-01-15T05:00:00Z', to: '2026-01-15T11:00:00Z' },
        { status: 'Charging', from: '2026-01-15T11:00:00Z', to: '2026-01-15T23:00:00Z' },
      ],
      usable: 18,
      counted: 24,
      percent: 75,
    },
    {
      name: '4 h planned maintenance leaves the denominator: 2 h faulted of 20 counted is 90 %',
      day: '2026-01-15',
      history: [
        { status: 'Available', from: '2026-01-14T23:00:00Z', to: '2026-01-15T09:00:00Z' },
        { status: 'Unavailable', from: '2026-01-15T09:00:00Z', to: '2026-01-15T13:00:00Z' },
        { status: 'Faulted', from: '2026-01-15T13:00:00Z', to: '2026-01-15T15:00:00Z' },
        { status: 'Available', from: '2026-01-15T15:00:00Z', to: '2026-01-15T23:00:00Z' },
      ],
      usable: 18,
      counted: 20,
      percent: 90,
    },
    {
      name: 'spring-forward day: 23 h, 1 h 9 min offline → 20 h 51 min / 23 h',
      day: '2026-03-29',
      history: [
        { status: 'Available', from: '2026-03-28T23:00:00Z', to: '2026-03-29T10:00:00Z' },
        { status: 'Offline', from: '2026-03-29T10:00:00Z', to: '2026-03-29T12:09:00Z' },
        { status: 'Available', from: '2026-03-29T12:09:00Z', to: '2026-03-29T22:00:00Z' },
      ],
      usable: 23 - 129 / 60,
      counted: 23,
      percent: 90.6522,
    },
    {
      name: 'fall-back day: 25 h, 5 h Faulted → 80 %',
      day: '2026-10-25',
      history: [
        { status: 'Faulted', from: '2026-10-24T22:00:00Z', to: '2026-10-25T03:00:00Z' },
        { status: 'Available', from: '2026-10-25T03:00:00Z', to: '2026-10-25T23:00:00Z' },
      ],
      usable: 20,
      counted: 25,
      percent: 80,
    },
  ])('$name', ({ day, history, usable, counted, percent }) => {
    // Prepare
    const intervals = history.map((row) => ({ status: row.status, from: at(row.from), to: at(row.to) }));

    // Act
    const days = incrementsOfIntervals(intervals, 'Europe/Amsterdam');
    const figures = figuresOf(rollUp([...days.values()]));

    // Assess: one local day, and the hand figures.
    expect([...days.keys()]).toEqual([day]);
    expect(figures.usableSeconds).toBeCloseTo(usable * 3600, 6);
    expect(figures.countedSeconds).toBe(counted * 3600);
    expect(figures.availabilityPercent).toBe(percent);
  });

  it('rolls a month up from its days: an interval across 31 October → 1 November counts in each month', () => {
    // Prepare: Faulted from 22:00 local on 31 Oct to 02:00 local on 1 Nov, Available the rest of both days.
    const intervals = [
      { status: 'Available', from: at('2026-10-30T23:00:00Z'), to: at('2026-10-31T21:00:00Z') },
      { status: 'Faulted', from: at('2026-10-31T21:00:00Z'), to: at('2026-11-01T01:00:00Z') },
      { status: 'Available', from: at('2026-11-01T01:00:00Z'), to: at('2026-11-01T23:00:00Z') },
    ];

    // Act
    const days = incrementsOfIntervals(intervals, 'Europe/Amsterdam');
    const october = figuresOf(rollUp([...days].filter(([d]) => d.startsWith('2026-10')).map(([, c]) => c)));
    const november = figuresOf(rollUp([...days].filter(([d]) => d.startsWith('2026-11')).map(([, c]) => c)));

    // Assess: 2 h faulted of 24 in each month.
    expect(october).toMatchObject({ countedSeconds: 86_400, faultedSeconds: 7200 });
    expect(november).toMatchObject({ countedSeconds: 86_400, faultedSeconds: 7200 });
    expect(october.availabilityPercent).toBe(91.6667);
  });

  it('has no availability when everything was maintenance', () => {
    expect(availabilityOf({ usableMs: 0, faultedMs: 0, offlineMs: 0 })).toBeUndefined();
  });
});

describe('the intervals a status change closes', () => {
  it.each([
    {
      name: 'no disconnect: the previous status throughout',
      input: { previousStatus: 'Available', previousAt: 0, at: hours(5) },
      expected: [{ status: 'Available', from: 0, to: hours(5) }],
    },
    {
      name: 'still away (a long gap open at the end): offline from the last-seen time',
      input: { previousStatus: 'Charging', previousAt: 0, at: hours(5), offlineAt: hours(2) },
      expected: [
        { status: 'Charging', from: 0, to: hours(2) },
        { status: 'Offline', from: hours(2), to: hours(5) },
      ],
    },
    {
      name: 'away since before the status: offline throughout',
      input: { previousStatus: 'Available', previousAt: hours(1), at: hours(5), offlineAt: 0 },
      expected: [{ status: 'Offline', from: hours(1), to: hours(5) }],
    },
    {
      name: 'a late (older) status closes nothing',
      input: { previousStatus: 'Available', previousAt: hours(5), at: hours(4) },
      expected: [],
    },
  ])('$name', ({ input, expected }) => {
    expect(closedIntervals(input)).toEqual(expected);
  });
});

/*
 * The interval model with reconnects, replayed as the paths do it: a status closes the previous one's interval
 * (from when it counted, `uptimeStartOf`), a reconnect after a gap longer than the grace moves the gap to
 * offline (`offlineGapIncrements`), a routine reconnect changes nothing. Each row is computed by hand.
 */
type HistoryEvent =
  | { readonly status: string; readonly at: string; readonly connectedAt?: string }
  | { readonly disconnect: string; readonly reconnect: string };

const replay = (events: readonly HistoryEvent[], timeZone: string) => {
  const days = new Map<string, Record<'usableMs' | 'faultedMs' | 'offlineMs' | 'maintenanceMs', number>>();
  const add = (increments: typeof days) => {
    for (const [day, sums] of increments) {
      const total = days.get(day) ?? { usableMs: 0, faultedMs: 0, offlineMs: 0, maintenanceMs: 0 };
      for (const name of Object.keys(sums) as (keyof typeof sums)[]) total[name] += sums[name];
      days.set(day, total);
    }
  };
  let current: { status: string; since: number } | undefined;
  for (const event of events) {
    if ('status' in event) {
      const since = at(uptimeStartOf(new Date(at(event.at)).toISOString(), event.connectedAt));
      if (current)
        add(
          incrementsOfIntervals(
            closedIntervals({ previousStatus: current.status, previousAt: current.since, at: since }),
            timeZone,
          ),
        );
      current = { status: event.status, since };
    } else if (current && isOfflineGap(at(event.disconnect), at(event.reconnect)))
      add(offlineGapIncrements([current], { from: at(event.disconnect), to: at(event.reconnect) }, timeZone));
  }
  return Object.fromEntries(
    [...days].map(([day, sums]) => [
      day,
      Object.fromEntries(Object.entries(sums).map(([name, ms]) => [name, ms / 3_600_000])),
    ]),
  );
};

const h = (usable: number, offline = 0, faulted = 0, maintenance = 0) => ({
  usableMs: usable,
  faultedMs: faulted,
  offlineMs: offline,
  maintenanceMs: maintenance,
});

describe('the interval model with reconnects (hours per local day)', () => {
  it.each<{ name: string; timeZone: string; events: HistoryEvent[]; expected: Record<string, unknown> }>([
    {
      name: 'a routine reconnect (30 s away, no new status) keeps the previous status: all usable',
      timeZone: 'UTC',
      events: [
        { status: 'Available', at: '2026-12-01T00:00:00Z' },
        { disconnect: '2026-12-01T02:00:00Z', reconnect: '2026-12-01T02:00:30Z' },
        { disconnect: '2026-12-01T04:00:30Z', reconnect: '2026-12-01T04:01:00Z' },
        { status: 'Charging', at: '2026-12-01T05:00:00Z' },
      ],
      expected: { '2026-12-01': h(5) },
    },
    {
      name: 'a gap of exactly the grace is still routine',
      timeZone: 'UTC',
      events: [
        { status: 'Available', at: '2026-12-01T00:00:00Z' },
        { disconnect: '2026-12-01T01:00:00Z', reconnect: '2026-12-01T01:05:00Z' },
        { status: 'Charging', at: '2026-12-01T02:00:00Z' },
      ],
      expected: { '2026-12-01': h(2) },
    },
    {
      name: 'a long gap is offline from the disconnect to the reconnect, then the status holds again',
      timeZone: 'UTC',
      events: [
        { status: 'Available', at: '2026-12-01T00:00:00Z' },
        { disconnect: '2026-12-01T02:00:00Z', reconnect: '2026-12-01T03:00:00Z' },
        { status: 'Faulted', at: '2026-12-01T05:00:00Z' },
        { status: 'Available', at: '2026-12-01T06:00:00Z' },
        { status: 'Charging', at: '2026-12-01T08:00:00Z' },
      ],
      expected: { '2026-12-01': h(6, 1, 1) },
    },
    {
      name: 'several gaps under one status: each long one offline, the routine one not',
      timeZone: 'UTC',
      events: [
        { status: 'Available', at: '2026-12-01T00:00:00Z' },
        { disconnect: '2026-12-01T01:00:00Z', reconnect: '2026-12-01T02:00:00Z' },
        { disconnect: '2026-12-01T03:00:00Z', reconnect: '2026-12-01T03:02:00Z' },
        { disconnect: '2026-12-01T04:00:00Z', reconnect: '2026-12-01T06:00:00Z' },
        { status: 'Charging', at: '2026-12-01T08:00:00Z' },
      ],
      expected: { '2026-12-01': h(5, 3) },
    },
    {
      name: 'a gap under planned maintenance moves maintenance time, not usable time, to offline',
      timeZone: 'UTC',
      events: [
        { status: 'Unavailable', at: '2026-12-01T00:00:00Z' },
        { disconnect: '2026-12-01T01:00:00Z', reconnect: '2026-12-01T02:00:00Z' },
        { status: 'Available', at: '2026-12-01T03:00:00Z' },
        { status: 'Charging', at: '2026-12-01T04:00:00Z' },
      ],
      expected: { '2026-12-01': h(1, 1, 0, 2) },
    },
    {
      name: 'a status stamped inside a long gap counts from the reconnect it came over',
      timeZone: 'UTC',
      events: [
        { status: 'Available', at: '2026-12-01T00:00:00Z' },
        { disconnect: '2026-12-01T01:00:00Z', reconnect: '2026-12-01T03:00:00Z' },
        { status: 'Faulted', at: '2026-12-01T02:00:00Z', connectedAt: '2026-12-01T03:00:00.000Z' },
        { status: 'Available', at: '2026-12-01T04:00:00Z' },
        { status: 'Charging', at: '2026-12-01T05:00:00Z' },
      ],
      expected: { '2026-12-01': h(2, 2, 1) },
    },
    {
      name: 'a long gap across the fall-back night (Amsterdam: 24 Oct 23:00 CEST to 25 Oct 02:00 CET)',
      timeZone: 'Europe/Amsterdam',
      events: [
        { status: 'Available', at: '2026-10-24T20:00:00Z' },
        { disconnect: '2026-10-24T21:00:00Z', reconnect: '2026-10-25T01:00:00Z' },
        { status: 'Charging', at: '2026-10-25T23:00:00Z' },
      ],
      // 24 Oct: 22:00–23:00 usable, 23:00–24:00 offline. 25 Oct (25 h): 3 h offline, 22 h usable.
      expected: { '2026-10-24': h(1, 1), '2026-10-25': h(22, 3) },
    },
    {
      name: 'a long gap across the month boundary (UTC): each month gets its part',
      timeZone: 'UTC',
      events: [
        { status: 'Available', at: '2026-11-30T20:00:00Z' },
        { disconnect: '2026-11-30T22:30:00Z', reconnect: '2026-12-01T00:30:00Z' },
        { status: 'Charging', at: '2026-12-01T02:00:00Z' },
      ],
      expected: { '2026-11-30': h(2.5, 1.5), '2026-12-01': h(1.5, 0.5) },
    },
  ])('$name', ({ events, timeZone, expected }) => {
    // Act
    const days = replay(events, timeZone);

    // Assess
    expect(days).toEqual(expected);
  });

  it('names a grace of minutes: longer than a reconnect back-off, far shorter than an outage', () => {
    expect(reconnectGraceMs).toBe(5 * 60_000);
    expect(isOfflineGap(0, reconnectGraceMs)).toBe(false);
    expect(isOfflineGap(0, reconnectGraceMs + 1)).toBe(true);
  });

  it('counts a status from its own time when it came after the connection opened', () => {
    expect(uptimeStartOf('2026-12-01T03:00:00.000Z', '2026-12-01T02:00:00.000Z')).toBe(
      '2026-12-01T03:00:00.000Z',
    );
    expect(uptimeStartOf('2026-12-01T03:00:00.000Z', undefined)).toBe('2026-12-01T03:00:00.000Z');
  });
});
