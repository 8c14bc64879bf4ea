import { describe, expect, it } from 'vitest';
import type { ChargingState } from '../../../shared/slices/transactions/model.ts';
import {
  chargingStatesOf,
  foldSessionEvents,
  type SessionEvent,
} from '../../../shared/slices/transactions/session-fold.ts';
import { aReading, aSessionEvent } from './session-builders.ts';

/** Every order of `items`. */
const permutations = <T>(items: readonly T[]): T[][] =>
  items.length <= 1
    ? [[...items]]
    : items.flatMap((item, i) =>
        permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
      );

const time = (hhmm: string) => `2026-03-02T${hhmm}:00.000Z`;

/** OCPP 1.6 as the handlers map it: start seqNo 0, meter values in between, stop last. */
const start16 = (hhmm: string, wh: number) =>
  aSessionEvent({
    eventType: 'Started',
    at: time(hhmm),
    seqNo: 0,
    evseId: 1,
    connectorId: 1,
    meterValues: [aReading(time(hhmm), wh)],
  });
const meter16 = (hhmm: string, wh: number, seqNo: number) =>
  aSessionEvent({ eventType: 'Updated', at: time(hhmm), seqNo, meterValues: [aReading(time(hhmm), wh)] });
const stop16 = (hhmm: string, wh: number) =>
  aSessionEvent({
    eventType: 'Ended',
    at: time(hhmm),
    seqNo: 2 ** 31 - 1,
    stoppedReason: 'Local',
    meterValues: [aReading(time(hhmm), wh)],
  });

const figures = (events: readonly SessionEvent[]) => {
  const { status, startedAt, endedAt, energyWh } = foldSessionEvents(events);
  return { status, startedAt, endedAt, energyWh };
};

describe('foldSessionEvents: the window', () => {
  const billed = { status: 'Completed', startedAt: time('08:00'), endedAt: time('09:00'), energyWh: 10_000 };

  it.each([
    ['the transaction alone', [], billed],
    ['a second stop with other figures (a discrepancy, left out)', [stop16('09:01', 99_000)], billed],
    ['meter values after the stop', [meter16('09:30', 50_000, 7)], billed],
    ['meter values before the start', [meter16('07:30', 0, 8)], billed],
    ['all of them', [stop16('09:01', 99_000), meter16('09:30', 50_000, 7), meter16('07:30', 0, 8)], billed],
    ['an in-window reading', [meter16('08:45', 17_000, 9)], billed],
  ])('1.6: start 10,000 Wh, 15,000 in between, stop 20,000, then %s', (_case, late, expected) => {
    // Prepare
    const transaction = [start16('08:00', 10_000), meter16('08:30', 15_000, 5), stop16('09:00', 20_000)];

    // Act & Assess
    expect(figures([...transaction, ...late])).toEqual(expected);
  });

  it('counts readings the start and the stop carried a moment before or after their own time', () => {
    // Prepare
    const started = { ...start16('08:00', 0), meterValues: [aReading(time('07:59'), 1000)] };
    const ended = { ...stop16('09:00', 0), meterValues: [aReading(time('09:01'), 3000)] };

    // Act & Assess
    expect(figures([started, ended])).toMatchObject({ energyWh: 2000 });
  });

  it('without a Started, has no start yet: the earliest event starts it', () => {
    // Prepare
    const ended = aSessionEvent({
      eventType: 'Ended',
      at: time('09:00'),
      seqNo: 5,
      meterValues: [aReading(time('09:00'), 14_000)],
    });
    const updated = aSessionEvent({
      at: time('08:30'),
      seqNo: 2,
      meterValues: [aReading(time('08:30'), 12_000)],
    });

    // Act & Assess
    expect(figures([ended])).toEqual({
      status: 'Completed',
      startedAt: time('09:00'),
      endedAt: time('09:00'),
      energyWh: 0,
    });
    expect(figures([ended, updated])).toMatchObject({ startedAt: time('08:30'), energyWh: 2000 });
  });
});

describe('foldSessionEvents: arrival order does not matter (2.0.1, folded by seqNo)', () => {
  const events: SessionEvent[] = [
    aSessionEvent({
      eventType: 'Started',
      at: time('08:00'),
      seqNo: 0,
      evseId: 1,
      connectorId: 1,
      idToken: { idToken: 'TAG-1', type: 'ISO14443' },
      remoteStartId: 7,
      meterValues: [aReading(time('08:00'), 10_000)],
    }),
    aSessionEvent({
      at: time('08:30'),
      seqNo: 1,
      idToken: { idToken: 'TAG-2' },
      meterValues: [aReading(time('08:30'), 12_000)],
    }),
    aSessionEvent({ at: time('08:45'), seqNo: 3, evseId: 2, meterValues: [aReading(time('08:45'), 13_000)] }),
    aSessionEvent({
      eventType: 'Ended',
      at: time('09:00'),
      seqNo: 5,
      stoppedReason: 'EVDisconnected',
      meterValues: [aReading(time('09:00'), 14_000)],
    }),
    // After the end by seqNo: its token, EVSE and reading never count, whatever its time says.
    aSessionEvent({
      at: time('08:50'),
      seqNo: 6,
      evseId: 9,
      idToken: { idToken: 'LATE' },
      meterValues: [aReading(time('08:50'), 50_000)],
    }),
  ];
  const expected = {
    status: 'Completed',
    startedAt: time('08:00'),
    endedAt: time('09:00'),
    stoppedReason: 'EVDisconnected',
    evseId: 1,
    connectorId: 1,
    idToken: 'TAG-1',
    idTokenType: 'ISO14443',
    remoteStartId: 7,
    energyWh: 4000,
    meterStart: { at: time('08:00'), seqNo: 0, wh: 10_000 },
    meterStop: { at: time('09:00'), seqNo: 5, wh: 14_000 },
  };

  it.each(permutations([0, 1, 2, 3, 4]).map((order) => [order.join(','), order] as const))(
    'order %s',
    (_name, order) => {
      // Act
      const { heads: _heads, ...session } = foldSessionEvents(order.map((i) => events[i]!));

      // Assess
      expect(session).toEqual(expected);
    },
  );
});

describe('foldSessionEvents: charging states', () => {
  const state = (
    hhmm: string,
    seqNo: number,
    chargingState: ChargingState,
    eventType: 'Updated' | 'Started' = 'Updated',
  ) => aSessionEvent({ eventType, at: time(hhmm), seqNo, chargingState });
  const start = state('08:00', 0, 'EVConnected', 'Started');
  const end = aSessionEvent({ eventType: 'Ended', at: time('10:00'), seqNo: 9, stoppedReason: 'Local' });

  it.each<[string, SessionEvent[], { at: string; state: ChargingState }[] | undefined]>([
    [
      'each change in time order',
      [state('08:05', 1, 'Charging'), state('09:00', 2, 'SuspendedEV')],
      [
        { at: time('08:00'), state: 'EVConnected' },
        { at: time('08:05'), state: 'Charging' },
        { at: time('09:00'), state: 'SuspendedEV' },
      ],
    ],
    [
      'a repeat of the state in force adds nothing',
      [state('08:05', 1, 'Charging'), state('08:30', 2, 'Charging'), state('08:45', 3, 'Charging')],
      [
        { at: time('08:00'), state: 'EVConnected' },
        { at: time('08:05'), state: 'Charging' },
      ],
    ],
    [
      'states outside the window (after the end, before the start by seqNo) and at the end are left out',
      [
        state('10:30', 4, 'Idle'),
        state('10:00', 5, 'Idle'),
        aSessionEvent({ at: time('07:00'), seqNo: 0, chargingState: 'Charging' }),
      ],
      [{ at: time('08:00'), state: 'EVConnected' }],
    ],
  ])('%s', (_case, events, expected) => {
    // Act
    const session = foldSessionEvents([start, ...events, end]);

    // Assess
    expect(session.chargingStates).toEqual(expected);
  });

  it('keeps no states (the field is absent) when none was reported', () => {
    // Act & Assess
    expect(
      foldSessionEvents([start16('08:00', 0), meter16('08:30', 10, 1), stop16('09:00', 20)]),
    ).not.toHaveProperty('chargingStates');
  });

  const changes = [
    state('08:05', 1, 'Charging'),
    state('09:00', 2, 'SuspendedEVSE'),
    state('09:20', 3, 'Charging'),
  ];
  it.each(permutations([0, 1, 2, 3]).map((order) => [order.join(','), order] as const))(
    'changes in the order %s give the same states, and a replay of each changes nothing',
    (_name, order) => {
      // Prepare
      const events = [start, ...changes];
      const reference = chargingStatesOf(foldSessionEvents(events).heads);

      // Act
      const reordered = foldSessionEvents(order.map((i) => events[i]!));
      const replayed = foldSessionEvents([...order.map((i) => events[i]!), ...events]);

      // Assess
      expect(reordered.chargingStates).toEqual(reference);
      expect(replayed.chargingStates).toEqual(reference);
      expect(reference).toHaveLength(4);
    },
  );
});
