import { describe, expect, it } from 'vitest';
import {
  afterFailure,
  backoffSeconds,
  defaultRetryPolicy,
  wokeEarly,
} from '../../../shared/slices/webhooks/retry-schedule.ts';

const first = new Date('2026-06-01T00:00:00Z');
const plus = (seconds: number) => new Date(first.getTime() + seconds * 1000);

describe('backoffSeconds', () => {
  it.each([
    [1, 30],
    [2, 60],
    [3, 120],
    [8, 3840],
    [9, 7680],
    [10, 14_400],
    [30, 14_400],
  ])('after attempt %i: %i s (doubling, capped at 4 h)', (attempt, expected) => {
    expect(backoffSeconds(attempt, defaultRetryPolicy)).toBe(expected);
  });
});

describe('afterFailure', () => {
  it.each([
    [0, 24],
    [0.5, 30],
    [0.999_999, 36],
  ])('jitter %d puts the first retry at %i s (±20 %)', (random, seconds) => {
    expect(
      afterFailure({
        attempt: 1,
        firstAttemptAt: first,
        failedAt: first,
        policy: defaultRetryPolicy,
        random,
      }),
    ).toEqual({ kind: 'retry', delaySeconds: seconds, at: plus(seconds) });
  });

  it('never waits less than a second', () => {
    const policy = { ...defaultRetryPolicy, baseSeconds: 1 };
    expect(
      afterFailure({ attempt: 1, firstAttemptAt: first, failedAt: first, policy, random: 0 }),
    ).toMatchObject({
      delaySeconds: 1,
    });
  });

  it('retries for at least 24 hours, about 15 attempts, then dead-letters', () => {
    // Act: fail every attempt at once, without jitter, until the schedule gives up.
    let at = first;
    let attempt = 1;
    const waits: number[] = [];
    for (;;) {
      const next = afterFailure({
        attempt,
        firstAttemptAt: first,
        failedAt: at,
        policy: defaultRetryPolicy,
        random: 0.5,
      });
      if (next.kind === 'dead-letter') break;
      waits.push(next.delaySeconds);
      at = next.at;
      attempt += 1;
    }

    // Assess
    expect(waits.slice(0, 9)).toEqual([30, 60, 120, 240, 480, 960, 1920, 3840, 7680]);
    expect(waits.slice(9).every((wait) => wait === 14_400)).toBe(true);
    expect(at.getTime() - first.getTime()).toBeGreaterThanOrEqual(24 * 3600 * 1000);
    expect(attempt).toBe(15);
  });

  it('dead-letters a failure 24 hours after the first attempt, not one a second before', () => {
    const input = { attempt: 14, firstAttemptAt: first, policy: defaultRetryPolicy, random: 0.5 };
    expect(afterFailure({ ...input, failedAt: plus(24 * 3600) })).toEqual({ kind: 'dead-letter' });
    expect(afterFailure({ ...input, failedAt: plus(24 * 3600 - 1) }).kind).toBe('retry');
  });
});

describe('wokeEarly', () => {
  it.each([
    [plus(900), first, true],
    [plus(2), first, true],
    [plus(1), first, false],
    [first, plus(5), false],
  ])('due %s, now %s: %s', (at, now, expected) => {
    expect(wokeEarly(at, now)).toBe(expected);
  });
});
