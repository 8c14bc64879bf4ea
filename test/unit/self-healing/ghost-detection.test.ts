import { describe, expect, it } from 'vitest';
import {
  type ChargerPresence,
  type EndedSession,
  failedRun,
  type GhostDecision,
  ghostDecision,
  recordOutcome,
  sessionOutcome,
} from '../../../shared/slices/self-healing/ghost-detection.ts';
import type {
  GhostCounter,
  RecordedOutcome,
  SessionOutcome,
} from '../../../shared/slices/self-healing/model.ts';

const ended = (minute: number) => `2026-12-01T10:${String(minute).padStart(2, '0')}:00.000Z`;
const failed = (id: string, minute: number): RecordedOutcome => ({
  sessionId: id,
  endedAt: ended(minute),
  outcome: 'failed',
});
const succeeded = (id: string, minute: number): RecordedOutcome => ({
  sessionId: id,
  endedAt: ended(minute),
  outcome: 'succeeded',
});
const counterOf = (outcomes: RecordedOutcome[], more: Partial<GhostCounter> = {}): GhostCounter => ({
  tenantId: 't1',
  chargerId: 'cp-1',
  outcomes,
  revision: 1,
  ...more,
});
const usable: ChargerPresence = { online: true, available: true };

describe('sessionOutcome', () => {
  const cases: [string, EndedSession, SessionOutcome][] = [
    ['energy delivered', { idToken: 'T', energyWh: 1200, metered: true }, 'succeeded'],
    [
      'energy delivered though no Charging state',
      { idToken: 'T', energyWh: 5, chargingStarted: false },
      'succeeded',
    ],
    ['measured zero', { idToken: 'T', energyWh: 0, metered: true }, 'failed'],
    [
      'measured zero though the charger said Charging',
      { idToken: 'T', energyWh: 0, metered: true, chargingStarted: true },
      'failed',
    ],
    [
      'no readings, never Charging',
      { idToken: 'T', energyWh: 0, metered: false, chargingStarted: false },
      'failed',
    ],
    [
      'no readings, Charging seen',
      { idToken: 'T', energyWh: 0, metered: false, chargingStarted: true },
      'succeeded',
    ],
    ['neither readings nor states', { idToken: 'T', energyWh: 0, metered: false }, 'unknown'],
    ['an event from before the fields, zero energy', { idToken: 'T', energyWh: 0 }, 'unknown'],
    ['no token: not an authorised session', { energyWh: 0, metered: true }, 'unknown'],
    [
      'stopped because the CSMS refused the token',
      { idToken: 'T', energyWh: 0, metered: true, stoppedReason: 'DeAuthorized' },
      'unknown',
    ],
  ];
  it.each(cases)('%s', (_name, session, expected) => {
    // Act
    const outcome = sessionOutcome(session);

    // Assess
    expect(outcome).toBe(expected);
  });
});

describe('recordOutcome', () => {
  it('keeps outcomes newest first, whatever order they come in', () => {
    // Prepare
    const counter = counterOf([failed('S3', 3), failed('S1', 1)]);

    // Act
    const { counter: next, changed } = recordOutcome(counter, succeeded('S2', 2));

    // Assess
    expect(changed).toBe(true);
    expect(next.outcomes.map((kept) => kept.sessionId)).toEqual(['S3', 'S2', 'S1']);
  });

  it('counts a session once: the same session again changes nothing', () => {
    // Prepare
    const counter = counterOf([failed('S1', 1)]);

    // Act
    const result = recordOutcome(counter, failed('S1', 1));

    // Assess
    expect(result).toEqual({ counter, changed: false });
  });

  it('keeps ten, dropping the oldest; a session older than all ten changes nothing', () => {
    // Prepare
    const ten = Array.from({ length: 10 }, (_, i) => failed(`S${10 + i}`, 10 + i)).reverse();
    const counter = counterOf(ten);

    // Act
    const newer = recordOutcome(counter, failed('S30', 30));
    const older = recordOutcome(counter, failed('S01', 1));

    // Assess
    expect(newer.changed).toBe(true);
    expect(newer.counter.outcomes).toHaveLength(10);
    expect(newer.counter.outcomes.map((kept) => kept.sessionId)).not.toContain('S10');
    expect(older.changed).toBe(false);
  });
});

describe('failedRun', () => {
  it('stops at the newest success and at the session an incident was opened for', () => {
    // Prepare
    const outcomes = [failed('S5', 5), failed('S4', 4), succeeded('S3', 3), failed('S2', 2)];

    // Act
    const run = failedRun(counterOf(outcomes));
    const afterReport = failedRun(counterOf(outcomes, { reportedThrough: 'S4' }));

    // Assess
    expect(run).toEqual(['S5', 'S4']);
    expect(afterReport).toEqual(['S5']);
  });
});

describe('ghostDecision', () => {
  const three = [failed('S3', 3), failed('S2', 2), failed('S1', 1)];
  const openIncident = { incidentId: 'I1', openedAt: ended(3), sessionIds: ['S3', 'S2', 'S1'] };
  const cases: [string, number, GhostCounter, ChargerPresence | undefined, GhostDecision][] = [
    [
      'three failures in a row on a usable charger: a ghost incident',
      3,
      counterOf(three),
      usable,
      { action: 'open', sessionIds: ['S3', 'S2', 'S1'] },
    ],
    [
      'more failures than N: the newest N',
      2,
      counterOf(three),
      usable,
      { action: 'open', sessionIds: ['S3', 'S2'] },
    ],
    [
      'two failures of three',
      3,
      counterOf(three.slice(0, 2)),
      usable,
      { action: 'none', reason: 'fewerFailures' },
    ],
    [
      'a success in between starts the count again',
      3,
      counterOf([failed('S4', 4), failed('S3', 3), succeeded('S2', 2), failed('S1', 1)]),
      usable,
      { action: 'none', reason: 'fewerFailures' },
    ],
    ['N = 0: off', 0, counterOf(three), usable, { action: 'none', reason: 'off' }],
    [
      'offline charger',
      3,
      counterOf(three),
      { online: false, available: true },
      { action: 'none', reason: 'offline' },
    ],
    ['charger unknown', 3, counterOf(three), undefined, { action: 'none', reason: 'offline' }],
    [
      'a charger that says it is not Available (Faulted: self-healing’s case)',
      3,
      counterOf(three),
      { online: true, available: false },
      { action: 'none', reason: 'unavailable' },
    ],
    [
      'never a second open ghost incident',
      3,
      counterOf([failed('S4', 4), ...three], { openIncident, reportedThrough: 'S3' }),
      usable,
      { action: 'none', reason: 'alreadyOpen' },
    ],
    [
      'a success after the incident resolves it',
      3,
      counterOf([succeeded('S4', 4), ...three], { openIncident, reportedThrough: 'S3' }),
      usable,
      { action: 'resolve', incidentId: 'I1' },
    ],
    [
      'a late success older than the failures resolves nothing',
      3,
      counterOf([...three, succeeded('S0', 0)], { openIncident, reportedThrough: 'S3' }),
      usable,
      { action: 'none', reason: 'alreadyOpen' },
    ],
    [
      'after an incident was resolved by hand, N new failures are needed',
      3,
      counterOf([failed('S5', 5), failed('S4', 4), ...three], { reportedThrough: 'S3' }),
      usable,
      { action: 'none', reason: 'fewerFailures' },
    ],
    [
      '… and with N new failures, a new incident',
      3,
      counterOf([failed('S6', 6), failed('S5', 5), failed('S4', 4), ...three], { reportedThrough: 'S3' }),
      usable,
      { action: 'open', sessionIds: ['S6', 'S5', 'S4'] },
    ],
  ];
  it.each(cases)('%s', (_name, ghostSessions, counter, charger, expected) => {
    // Act
    const decision = ghostDecision({ ghostSessions, counter, ...(charger && { charger }) });

    // Assess
    expect(decision).toEqual(expected);
  });
});
