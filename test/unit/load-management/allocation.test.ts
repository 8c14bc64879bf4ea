import { describe, expect, it } from 'vitest';
import { benchSite } from '../../../scripts/bench/allocation-site.ts';
import {
  type AllocationCharger,
  type AllocationSession,
  allocate,
  type RotationState,
  trackUnderUse,
} from '../../../shared/slices/load-management/allocation.ts';
import type { Circuit, Phase } from '../../../shared/slices/load-management/model.ts';
import { aCharger, aCircuit, aSession, aSite, excessOf, limitsOf, seeded } from './builders.ts';

const now = new Date('2026-06-01T10:00:00.000Z');
const minutesLater = (minutes: number) => new Date(now.getTime() + minutes * 60_000);
const minutesAgo = (minutes: number) => minutesLater(-minutes).toISOString();

describe('allocate: within every limit', () => {
  it.each<[string, number, string[], Record<string, number>]>([
    ['one session: its rated current', 63, ['A'], { 'S-A': 32 }],
    ['two sessions share equally', 63, ['A', 'B'], { 'S-A': 31.5, 'S-B': 31.5 }],
    ['three sessions share equally', 63, ['A', 'B', 'C'], { 'S-A': 21, 'S-B': 21, 'S-C': 21 }],
    ['shares rounded down to tenths', 20, ['A', 'B', 'C'], { 'S-A': 6.6, 'S-B': 6.6, 'S-C': 6.6 }],
  ])('a single circuit: %s', (_, gridA, ids, expected) => {
    // Prepare
    const site = aSite(gridA);
    const chargers = ids.map((id) => aCharger(id));

    // Act
    const allocation = allocate({ site, chargers, sessions: ids.map((id) => aSession(id)), now });

    // Assess
    expect(limitsOf(allocation)).toEqual(expected);
    expect(excessOf(site, chargers, allocation)).toEqual([]);
  });

  it('a nested 3-level tree: every node holds, a feeder above its parent’s limit included', () => {
    // Prepare: main 100 → feeder-1 40 → fuse-1 16; feeder-2 125 under main (oversubscribed); grid 150.
    const site = aSite(150, [
      aCircuit('main', 100),
      aCircuit('feeder-1', 40, 'main'),
      aCircuit('fuse-1', 16, 'feeder-1'),
      aCircuit('feeder-2', 125, 'main'),
    ]);
    const chargers = [
      aCharger('c1', { circuitId: 'fuse-1' }),
      aCharger('c2', { circuitId: 'fuse-1' }),
      aCharger('c3', { circuitId: 'feeder-1' }),
      aCharger('c4', { circuitId: 'feeder-2' }),
      aCharger('c5', { circuitId: 'feeder-2' }),
      aCharger('c6'),
    ];

    // Act
    const allocation = allocate({
      site,
      chargers,
      sessions: chargers.map((c) => aSession(c.chargerId)),
      now,
    });

    // Assess: the fuse caps c1, c2; feeder-1 caps c3; main (not feeder-2) caps c4, c5; c6 gets its rated current.
    expect(limitsOf(allocation)).toEqual({
      'S-c1': 8,
      'S-c2': 8,
      'S-c3': 24,
      'S-c4': 30,
      'S-c5': 30,
      'S-c6': 32,
    });
    expect(excessOf(site, chargers, allocation)).toEqual([]);
  });

  it('single-phase chargers on different phases under a three-phase limit: each phase holds', () => {
    // Prepare
    const site = aSite(32);
    const onPhase = (id: string, phase: Phase) => aCharger(id, { phases: 1, phase });
    const chargers = [onPhase('p1', 'L1'), onPhase('p2', 'L1'), onPhase('p3', 'L2'), aCharger('t1')];

    // Act
    const allocation = allocate({
      site,
      chargers,
      sessions: chargers.map((c) => aSession(c.chargerId)),
      now,
    });

    // Assess: L1 carries p1, p2 and t1; L2 only p3 and t1, so p3 gets what L1 leaves t1 short of.
    expect(limitsOf(allocation)).toEqual({ 'S-p1': 10.6, 'S-p2': 10.6, 'S-t1': 10.6, 'S-p3': 21.3 });
    expect(excessOf(site, chargers, allocation)).toEqual([]);
  });

  it('on a single-phase site every charger draws from its one phase', () => {
    // Prepare
    const site = aSite(40, [], { phases: 1 });
    const chargers = [aCharger('t1'), aCharger('p1', { phases: 1, phase: 'L3' })];

    // Act
    const allocation = allocate({
      site,
      chargers,
      sessions: chargers.map((c) => aSession(c.chargerId)),
      now,
    });

    // Assess
    expect(limitsOf(allocation)).toEqual({ 'S-t1': 20, 'S-p1': 20 });
  });

  it('keeps the defaults of idle chargers in reserve (their rated current when they have none)', () => {
    // Prepare
    const site = aSite(50);
    const chargers = [
      aCharger('busy'),
      aCharger('idle-6', { defaultLimitA: 6 }),
      aCharger('idle-0', { defaultLimitA: 0 }),
      aCharger('idle-none', { defaultLimitA: undefined, maxCurrentA: 16 }),
    ];

    // Act
    const allocation = allocate({ site, chargers, sessions: [aSession('busy')], now });

    // Assess
    expect(limitsOf(allocation)).toEqual({ 'S-busy': 28 });
    expect(excessOf(site, chargers, allocation)).toEqual([]);
  });

  it.each<[string, Partial<AllocationSession>, number, number]>([
    ['rejecting, never accepted: its rated current', { charger: 'rejecting' }, 32, 18],
    ['rejecting, accepted 10 A before', { charger: 'rejecting', lastAcceptedLimitA: 10 }, 10, 32],
    ['unresponsive, accepted 16 A before', { charger: 'unresponsive', lastAcceptedLimitA: 16 }, 16, 32],
  ])('budgets a session whose charger is %s', (_, fault, budgetA, otherA) => {
    // Prepare
    const site = aSite(50);
    const chargers = [aCharger('R'), aCharger('B')];

    // Act
    const allocation = allocate({ site, chargers, sessions: [aSession('R', fault), aSession('B')], now });

    // Assess
    expect(allocation.limits).toEqual(
      expect.arrayContaining([
        { sessionId: 'S-R', chargerId: 'R', limitA: budgetA, state: 'budgeted' },
        { sessionId: 'S-B', chargerId: 'B', limitA: otherA, state: 'charging' },
      ]),
    );
    expect(excessOf(site, chargers, allocation)).toEqual([]);
  });

  it('reports rows the fixed loads alone exceed, and pauses every session under them', () => {
    // Prepare: two chargers that take no limits, at their rated 32 A, on a 50 A connection.
    const site = aSite(50, [], { phases: 1 });
    const chargers = [aCharger('R1'), aCharger('R2'), aCharger('B')];
    const sessions = [
      aSession('R1', { charger: 'unresponsive' }),
      aSession('R2', { charger: 'rejecting' }),
      aSession('B'),
    ];

    // Act
    const allocation = allocate({ site, chargers, sessions, now });

    // Assess
    expect(limitsOf(allocation)).toMatchObject({ 'S-B': 0 });
    expect(allocation.overloaded).toEqual([{ row: 'grid/L1', excessA: 14 }]);
  });
});

describe('allocate: minimum current, pauses and their rotation', () => {
  it('pauses what does not fit at the minimum current, and gives the rest to those charging', () => {
    // Prepare: 20 A holds three 6 A slots.
    const site = aSite(20);
    const chargers = ['A', 'B', 'C', 'D', 'E'].map((id) => aCharger(id));

    // Act
    const allocation = allocate({
      site,
      chargers,
      sessions: chargers.map((c) => aSession(c.chargerId)),
      now,
    });

    // Assess
    const limits = Object.values(limitsOf(allocation));
    expect(limits.filter((limit) => limit === 0)).toHaveLength(2);
    expect(limits.filter((limit) => limit > 0)).toEqual([6.6, 6.6, 6.6]);
    expect(allocation.limits.filter((limit) => limit.state === 'paused')).toHaveLength(2);
  });

  it('rotates the pauses over runs: the set paused changes, and every session charges its fair part', () => {
    // Prepare
    const site = aSite(20);
    const chargers = ['A', 'B', 'C', 'D', 'E'].map((id) => aCharger(id));
    const sessions = chargers.map((c) => aSession(c.chargerId));
    let rotation: RotationState | undefined;
    const pausedSets: string[] = [];
    const runsCharged: Record<string, number> = {};

    // Act: a run every 16 minutes (past the 15-minute rotation period), and one a minute after each.
    for (let run = 0; run < 10; run++) {
      const allocation = allocate({ site, chargers, sessions, rotation, now: minutesLater(run * 16) });
      const again = allocate({
        site,
        chargers,
        sessions,
        rotation: allocation.rotation,
        now: minutesLater(run * 16 + 1),
      });
      expect(limitsOf(again)).toEqual(limitsOf(allocation));
      rotation = allocation.rotation;
      const paused = allocation.limits.filter((l) => l.limitA === 0).map((l) => l.sessionId);
      pausedSets.push(paused.sort().join());
      for (const limit of allocation.limits)
        if (limit.limitA > 0) runsCharged[limit.sessionId] = (runsCharged[limit.sessionId] ?? 0) + 1;
      expect(excessOf(site, chargers, allocation)).toEqual([]);
    }

    // Assess: 3 slots for 5 sessions is 6 runs of 10 each, give or take one; no run pauses the same set as the one before.
    for (let run = 1; run < 10; run++) expect(pausedSets[run]).not.toBe(pausedSets[run - 1]);
    expect(Object.keys(runsCharged)).toHaveLength(5);
    for (const runs of Object.values(runsCharged)) expect(runs).toBeGreaterThanOrEqual(5);
    for (const runs of Object.values(runsCharged)) expect(runs).toBeLessThanOrEqual(7);
  });

  it('lets a new session wait behind those that waited longer', () => {
    // Prepare
    const site = aSite(12);
    const chargers = ['A', 'B', 'C', 'D'].map((id) => aCharger(id));
    const rotation: RotationState = {
      'S-A': { state: 'charging', since: minutesAgo(5) },
      'S-B': { state: 'charging', since: minutesAgo(5) },
      'S-C': { state: 'paused', since: minutesAgo(5) },
    };

    // Act: A and B are within their rotation period: they keep their slots; C and the new D wait.
    const early = allocate({
      site,
      chargers,
      sessions: chargers.map((c) => aSession(c.chargerId)),
      rotation,
      now,
    });
    const later = allocate({
      site,
      chargers,
      sessions: chargers.map((c) => aSession(c.chargerId)),
      rotation: early.rotation,
      now: minutesLater(11),
    });

    // Assess
    expect(limitsOf(early)).toEqual({ 'S-A': 6, 'S-B': 6, 'S-C': 0, 'S-D': 0 });
    expect(early.rotation['S-D']).toEqual({ state: 'paused', since: now.toISOString() });
    // C has waited a whole period: it takes the slot of A or B (a tie goes by session id: A keeps its slot); D has waited 11 minutes.
    expect(limitsOf(later)).toEqual({ 'S-A': 6, 'S-B': 0, 'S-C': 6, 'S-D': 0 });
  });

  it('gives a session on a charger rated below the minimum what the charger takes', () => {
    // Prepare
    const site = aSite(20);
    const chargers = [aCharger('small', { maxCurrentA: 5 })];

    // Act
    const allocation = allocate({ site, chargers, sessions: [aSession('small')], now });

    // Assess
    expect(limitsOf(allocation)).toEqual({ 'S-small': 5 });
  });
});

describe('allocate: weights', () => {
  it.each<[string, number, number, number, number]>([
    ['equal priorities', 1, 1, 15, 15],
    ['priority 2 against 1', 2, 1, 20, 10],
    ['priority 3 against 1, the minimum holds', 3, 1, 22.5, 7.5],
    ['priority 10 against 1: the other keeps its minimum', 10, 1, 24, 6],
  ])('%s', (_, priorityA, priorityB, expectedA, expectedB) => {
    // Prepare
    const chargers = [aCharger('A'), aCharger('B')];
    const sessions = [aSession('A', { priority: priorityA }), aSession('B', { priority: priorityB })];

    // Act
    const allocation = allocate({ site: aSite(30), chargers, sessions, now });

    // Assess
    expect(limitsOf(allocation)).toEqual({ 'S-A': expectedA, 'S-B': expectedB });
  });

  it.each<[string, { departureAt: string; energyWh: number } | undefined, number, number]>([
    ['no charging needs', undefined, 15, 15],
    // 11 kWh in 1 h at 230 V on 3 phases: 15.9 A of its 32 A, so its weight is 1 + 3 × 0.498 = 2.49.
    [
      'half of its current needed until departure',
      { departureAt: '2026-06-01T11:00:00.000Z', energyWh: 11_000 },
      21.4,
      8.5,
    ],
    [
      'more than it can get (departure passed)',
      { departureAt: '2026-06-01T09:00:00.000Z', energyWh: 5_000 },
      24,
      6,
    ],
  ])('urgency: %s', (_, needs, urgentA, otherA) => {
    // Prepare
    const chargers = [aCharger('U'), aCharger('O')];
    const sessions = [aSession('U', needs ? { needs } : {}), aSession('O')];

    // Act
    const allocation = allocate({ site: aSite(30), chargers, sessions, now });

    // Assess
    expect(limitsOf(allocation)).toEqual({ 'S-U': urgentA, 'S-O': otherA });
  });

  it('an EV’s own maximum caps it, and the others get the rest', () => {
    // Act
    const allocation = allocate({
      site: aSite(40),
      chargers: [aCharger('A'), aCharger('B')],
      sessions: [aSession('A', { evMaxCurrentA: 10 }), aSession('B')],
      now,
    });

    // Assess
    expect(limitsOf(allocation)).toEqual({ 'S-A': 10, 'S-B': 30 });
  });
});

describe('allocate: under-use and reclaim', () => {
  const site = aSite(40);
  const chargers = [aCharger('A'), aCharger('B')];

  it.each<[string, Partial<AllocationSession>, number, number]>([
    ['drawing its share', { measuredA: 20 }, 20, 20],
    ['below its limit only briefly', { measuredA: 8, underUseSince: minutesAgo(1) }, 20, 20],
    [
      'below its limit for 5 minutes: capped 1 A above its draw',
      { measuredA: 8, underUseSince: minutesAgo(5) },
      9,
      31,
    ],
    [
      'drawing nothing: keeps the minimum to show it draws again',
      { measuredA: 0, underUseSince: minutesAgo(5) },
      6,
      32,
    ],
  ])('%s', (_, use, expectedA, expectedB) => {
    // Act
    const allocation = allocate({ site, chargers, sessions: [aSession('A', use), aSession('B')], now });

    // Assess
    expect(limitsOf(allocation)).toEqual({ 'S-A': expectedA, 'S-B': expectedB });
  });

  it('gives the capacity back once the EV draws its limit again', () => {
    // Prepare: capped at 9 A after it drew 8 A for 5 minutes.
    const capped = allocate({
      site,
      chargers,
      sessions: [aSession('A', { measuredA: 8, underUseSince: minutesAgo(5) }), aSession('B')],
      now,
    });
    const limitA = limitsOf(capped)['S-A']!;

    // Act: it now draws 9 A, its whole limit: no longer under-using.
    const since = trackUnderUse({ underUseSince: minutesAgo(5) }, 9, limitA, now);
    const reclaimed = allocate({
      site,
      chargers,
      sessions: [aSession('A', { measuredA: 9, ...(since && { underUseSince: since }) }), aSession('B')],
      now: minutesLater(1),
    });

    // Assess
    expect(limitA).toBe(9);
    expect(since).toBeUndefined();
    expect(limitsOf(reclaimed)).toEqual({ 'S-A': 20, 'S-B': 20 });
  });

  it.each<[string, string | undefined, number, number, string | undefined]>([
    ['starts when it draws below its limit', undefined, 10, 20, now.toISOString()],
    ['keeps its start while it stays below', minutesAgo(3), 10, 20, minutesAgo(3)],
    ['ends when it draws within the margin', minutesAgo(3), 19.5, 20, undefined],
    ['never starts at the limit', undefined, 20, 20, undefined],
  ])('trackUnderUse %s', (_, since, measuredA, limitA, expected) => {
    expect(trackUnderUse(since ? { underUseSince: since } : {}, measuredA, limitA, now)).toBe(expected);
  });
});

describe('allocate: random sites never exceed a limit (fixed seed)', () => {
  it('holds every node and phase of 200 random trees, with random wiring, faults, defaults and rotation', () => {
    const random = seeded(20260601);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    for (let trial = 0; trial < 200; trial++) {
      // Prepare
      const circuits: Circuit[] = [];
      const circuitCount = Math.floor(random() * 12);
      for (let i = 0; i < circuitCount; i++)
        circuits.push(
          aCircuit(
            `k${i}`,
            Math.round(5 + random() * 120),
            i > 0 && random() < 0.8 ? `k${Math.floor(random() * i)}` : undefined,
          ),
        );
      const site = aSite(Math.round(10 + random() * 200), circuits, {
        phases: random() < 0.2 ? 1 : 3,
        minCurrentA: pick([6, 6, 8]),
      });
      const chargers: AllocationCharger[] = Array.from({ length: 1 + Math.floor(random() * 40) }, (_, i) => {
        const single = random() < 0.4;
        return aCharger(`c${i}`, {
          maxCurrentA: pick([10, 16, 32, 63]),
          ...(single ? { phases: 1 as const, phase: pick(['L1', 'L2', 'L3'] as const) } : {}),
          ...(circuits.length > 0 && random() < 0.8 && { circuitId: pick(circuits).circuitId }),
          defaultLimitA: pick([0, 0, 6]),
        });
      });
      const sessions = chargers
        .filter(() => random() < 0.7)
        .map((charger) =>
          aSession(charger.chargerId, {
            priority: pick([1, 1, 2, 3]),
            ...(random() < 0.1 && { charger: pick(['rejecting', 'unresponsive'] as const) }),
            ...(random() < 0.2 && { measuredA: random() * 10, underUseSince: minutesAgo(10) }),
            ...(random() < 0.2 && {
              needs: {
                departureAt: minutesLater(30 + random() * 300).toISOString(),
                energyWh: random() * 40_000,
              },
            }),
          }),
        );

      // Act
      let rotation: RotationState | undefined;
      for (let run = 0; run < 3; run++) {
        const allocation = allocate({ site, chargers, sessions, rotation, now: minutesLater(run * 20) });
        rotation = allocation.rotation;

        // Assess: within every row, unless the fixed loads alone exceed it (then nothing else is given there).
        const excess = excessOf(site, chargers, allocation);
        const fixedOver = new Set(allocation.overloaded.map((row) => row.row));
        expect(
          excess.filter((row) => !fixedOver.has(row.row)),
          `trial ${trial}`,
        ).toEqual([]);
        for (const limit of allocation.limits) {
          const charger = chargers.find((c) => c.chargerId === limit.chargerId)!;
          if (limit.state === 'budgeted') continue;
          expect(limit.limitA).toBeLessThanOrEqual(charger.maxCurrentA);
          if (limit.state === 'paused') expect(limit.limitA).toBe(0);
          else expect(limit.limitA).toBeGreaterThanOrEqual(Math.min(site.minCurrentA, charger.maxCurrentA));
        }
      }
    }
  });
});

describe('allocate: the bench site (500 chargers, 3-level tree)', () => {
  it('holds every node and phase and gives every session a limit', () => {
    // Prepare
    const input = benchSite();

    // Act
    const allocation = allocate(input);

    // Assess
    expect(input.chargers).toHaveLength(500);
    expect(input.site.circuits.filter((c) => c.parentCircuitId?.startsWith('feeder-'))).toHaveLength(50);
    expect(allocation.limits).toHaveLength(input.sessions.length);
    expect(excessOf(input.site, input.chargers, allocation)).toEqual([]);
    expect(allocation.limits.filter((limit) => limit.state === 'charging').length).toBeGreaterThan(0);
  });
});
