import { describe, expect, it } from 'vitest';
import type { SessionLimit } from '../../../shared/slices/load-management/allocation.ts';
import {
  chargerStateOf,
  planProfiles,
  possibleDrawA,
  recordAfter,
  rejectingAfter,
  retryBackoffSeconds,
} from '../../../shared/slices/load-management/apply-plan.ts';
import type { SessionAllocation } from '../../../shared/slices/load-management/model.ts';

const now = new Date('2026-12-02T10:00:00.000Z');

const aRecord = (overrides: Partial<SessionAllocation> = {}): SessionAllocation => ({
  chargerId: 'CP-1',
  evseId: 1,
  connectorId: 1,
  sessionId: 'S-1',
  chargerTransactionId: 'TX-1',
  limitA: 16,
  acceptedLimitA: 16,
  validTo: '2026-12-02T10:14:00.000Z',
  sentAt: '2026-12-02T09:59:00.000Z',
  status: 'Accepted',
  rejections: 0,
  ...overrides,
});

const aLimit = (limitA: number, overrides: Partial<SessionLimit> = {}): SessionLimit => ({
  sessionId: 'S-1',
  chargerId: 'CP-1',
  limitA,
  state: 'charging',
  ...overrides,
});

describe('possibleDrawA: what a session may be drawing, as far as the CSMS knows', () => {
  it.each([
    ['no profile yet: its rated current', undefined, 32],
    ['accepted 16 A', aRecord(), 16],
    ['sent 10 A, unanswered: the higher, 16 A', aRecord({ limitA: 10, status: 'Unanswered' }), 16],
    ['sent 20 A, pending (a run died): the higher, 20 A', aRecord({ limitA: 20, status: 'Pending' }), 20],
    ['sent 10 A, rejected: what it accepted, 16 A', aRecord({ limitA: 10, status: 'Rejected' }), 16],
    ['rejected, never accepted: rated', aRecord({ status: 'Rejected', acceptedLimitA: undefined }), 32],
    ['flagged (rejects every profile): rated', aRecord({ status: 'Budgeted', flagged: true }), 32],
  ])('%s', (_, record, expected) => {
    // Act
    const draw = possibleDrawA(record, 32);

    // Assess
    expect(draw).toBe(expected);
  });
});

describe('planProfiles: reductions first, increases after, renewals of running leases', () => {
  const plan = (limits: SessionLimit[], records: SessionAllocation[], leaseSeconds = 900) =>
    planProfiles({
      limits,
      records: new Map(records.map((record) => [record.sessionId, record])),
      ratedA: () => 32,
      now,
      leaseSeconds,
      renewWithinSeconds: leaseSeconds / 2,
    });

  it.each([
    ['a lower limit is a reduction', [aLimit(10)], [aRecord()], ['reduction'], []],
    ['a higher limit is an increase', [aLimit(20)], [aRecord()], [], ['increase']],
    ['a new session (rated current until told) is a reduction', [aLimit(10)], [], ['reduction'], []],
    [
      'the same limit, lease far off: nothing',
      [aLimit(16)],
      [aRecord({ validTo: '2026-12-02T10:14:00.000Z' })],
      [],
      [],
    ],
    [
      'the same limit, lease ends within half its length: a renewal, with the reductions',
      [aLimit(16)],
      [aRecord({ validTo: '2026-12-02T10:05:00.000Z' })],
      ['renewal'],
      [],
    ],
    [
      'the same limit, rejected before: sent again',
      [aLimit(16)],
      [aRecord({ status: 'Rejected' })],
      ['renewal'],
      [],
    ],
    ['a budgeted session: nothing', [aLimit(32, { state: 'budgeted' })], [aRecord()], [], []],
    [
      'an increase above an unanswered reduction counts from the higher limit',
      [aLimit(18)],
      [aRecord({ limitA: 10, status: 'Unanswered' })],
      [],
      ['increase'],
    ],
  ])('%s', (_, limits, records, reductions, increases) => {
    // Act
    const planned = plan(limits, records);

    // Assess
    expect(planned.reductions.map((p) => p.kind)).toEqual(reductions);
    expect(planned.increases.map((p) => p.kind)).toEqual(increases);
  });

  it('a new session draws its fail-safe default until told: its first limit above it is an increase', () => {
    // Act
    const planned = planProfiles({
      limits: [aLimit(20), aLimit(4, { sessionId: 'S-2', chargerId: 'CP-2' })],
      records: new Map(),
      ratedA: () => 32,
      defaultA: () => 6,
      now,
      leaseSeconds: 900,
      renewWithinSeconds: 450,
    });

    // Assess
    expect(planned.increases.map((p) => [p.sessionId, p.fromA, p.limitA])).toEqual([['S-1', 6, 20]]);
    expect(planned.reductions.map((p) => [p.sessionId, p.fromA, p.limitA])).toEqual([['S-2', 6, 4]]);
  });

  it('without a lease (0) an accepted limit is never re-sent', () => {
    // Act
    const planned = plan([aLimit(16)], [aRecord({ validTo: undefined })], 0);

    // Assess
    expect(planned).toEqual({ reductions: [], increases: [] });
  });
});

describe('recordAfter: what an answer makes of the allocation record', () => {
  const sent = { ...aRecord(), limitA: 10, sentAt: now.toISOString() };

  it('accepted: the new limit is the accepted one, rejections reset', () => {
    // Act
    const record = recordAfter(aRecord({ rejections: 2 }), sent, 'Accepted', now);

    // Assess
    expect(record).toMatchObject({ status: 'Accepted', limitA: 10, acceptedLimitA: 10, rejections: 0 });
    expect(record.flagged).toBeUndefined();
  });

  it('unanswered: the last accepted limit stays', () => {
    // Act
    const record = recordAfter(aRecord(), sent, 'Unanswered', now);

    // Assess
    expect(record).toMatchObject({ status: 'Unanswered', limitA: 10, acceptedLimitA: 16 });
  });

  it(`rejected ${rejectingAfter} times in a row: flagged, budgeted, retried after a back-off`, () => {
    // Act
    const first = recordAfter(aRecord(), sent, 'Rejected', now);
    const second = recordAfter(first, sent, 'Rejected', now);
    const third = recordAfter(second, sent, 'Rejected', now);

    // Assess
    expect([first.status, second.status, third.status]).toEqual(['Rejected', 'Rejected', 'Budgeted']);
    expect(third).toMatchObject({ flagged: true, rejections: 3, retryAt: '2026-12-02T10:01:00.000Z' });
    expect(chargerStateOf(third, { ratedA: 32, online: true, now })).toEqual({ charger: 'rejecting' });
    expect(
      chargerStateOf(third, { ratedA: 32, online: true, now: new Date('2026-12-02T10:01:01.000Z') }),
    ).toEqual({ charger: 'accepting' });
  });

  it.each([
    [3, 60],
    [4, 120],
    [6, 480],
    [20, 3600],
  ])('back-off after %i rejections: %i s', (rejections, seconds) => {
    // Act / Assess
    expect(retryBackoffSeconds(rejections)).toBe(seconds);
  });

  it('an offline charger is unresponsive, counted at what it may draw', () => {
    // Act
    const state = chargerStateOf(aRecord({ limitA: 20, status: 'Pending' }), {
      ratedA: 32,
      online: false,
      now,
    });

    // Assess
    expect(state).toEqual({ charger: 'unresponsive', lastAcceptedLimitA: 20 });
  });
});
