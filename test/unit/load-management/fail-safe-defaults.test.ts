import { describe, expect, it } from 'vitest';
import type { AllocationCharger, AllocationSite } from '../../../shared/slices/load-management/allocation.ts';
import { buildRows, rowLoads } from '../../../shared/slices/load-management/electrical-grid.ts';
import { failSafeDefaults } from '../../../shared/slices/load-management/fail-safe-defaults.ts';
import type { Circuit } from '../../../shared/slices/load-management/model.ts';
import { aCharger, aCircuit, aSite, seeded } from './builders.ts';

/** Rows whose chargers' defaults, summed, exceed the row's limit. */
const excessOf = (
  site: AllocationSite,
  chargers: readonly AllocationCharger[],
  limits: Map<string, number>,
) => {
  const rows = buildRows(site, site.circuits);
  const loads = rowLoads(
    rows,
    chargers.map((charger) => ({ charger, currentA: limits.get(charger.chargerId)! })),
  );
  return [...loads]
    .map((load, r) => [rows.names[r], load - rows.limits[r]!] as const)
    .filter(([, x]) => x > 1e-6);
};

const ids = (prefix: string, count: number, overrides: Partial<AllocationCharger> = {}) =>
  Array.from({ length: count }, (_, i) => aCharger(`${prefix}${i}`, overrides));

describe('failSafeDefaults', () => {
  it.each<[string, AllocationSite, AllocationCharger[], { ceilingA?: number }, Record<string, number>]>([
    ['room for all: the minimum each', aSite(63), ids('c', 3), {}, { c0: 6, c1: 6, c2: 6 }],
    [
      'a higher ceiling: an equal share of it',
      aSite(63),
      ids('c', 3),
      { ceilingA: 16 },
      { c0: 16, c1: 16, c2: 16 },
    ],
    [
      'an equal share below the ceiling',
      aSite(45),
      ids('c', 3),
      { ceilingA: 32 },
      { c0: 15, c1: 15, c2: 15 },
    ],
    [
      'too little for all at the minimum: some start paused (0), the others at the minimum',
      aSite(20),
      ids('c', 5),
      {},
      { c0: 6, c1: 6, c2: 6, c3: 0, c4: 0 },
    ],
    [
      'a fuse too small for two: one of them gets the minimum',
      aSite(100, [aCircuit('fuse', 10)]),
      [...ids('f', 2, { circuitId: 'fuse' }), aCharger('g')],
      {},
      { f0: 6, f1: 0, g: 6 },
    ],
    [
      'a 3-level tree with a feeder above its parent’s limit',
      aSite(200, [aCircuit('main', 30), aCircuit('feeder', 80, 'main'), aCircuit('fuse', 13, 'feeder')], {}),
      [...ids('u', 3, { circuitId: 'fuse' }), ...ids('v', 3, { circuitId: 'feeder' })],
      { ceilingA: 32 },
      // fuse: 13/3 = 4.33 < 6 → 0, then two get 6; main 30 holds fuse 12 + v 3 × 6.
      { u0: 6, u1: 6, u2: 0, v0: 6, v1: 6, v2: 6 },
    ],
    [
      'single-phase chargers on three phases of a 20 A connection',
      aSite(20),
      [
        aCharger('a', { phases: 1, phase: 'L1' }),
        aCharger('b', { phases: 1, phase: 'L1' }),
        aCharger('c', { phases: 1, phase: 'L1' }),
        aCharger('d', { phases: 1, phase: 'L2' }),
        aCharger('e', { phases: 1, phase: 'L3' }),
      ],
      { ceilingA: 32 },
      { a: 6.6, b: 6.6, c: 6.6, d: 20, e: 20 },
    ],
    [
      'a charger rated below the minimum: its rated current',
      aSite(63),
      [aCharger('s', { maxCurrentA: 4 })],
      {},
      { s: 4 },
    ],
    ['ceiling 0: every start paused', aSite(63), ids('c', 2), { ceilingA: 0 }, { c0: 0, c1: 0 }],
  ])('%s', (_, site, chargers, options, expected) => {
    // Act
    const limits = failSafeDefaults(site, chargers, options);

    // Assess
    expect(Object.fromEntries(limits)).toEqual(expected);
    expect(excessOf(site, chargers, limits)).toEqual([]);
  });

  it('holds every node and phase of 200 random trees (fixed seed)', () => {
    const random = seeded(7);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    for (let trial = 0; trial < 200; trial++) {
      // Prepare
      const circuits: Circuit[] = Array.from({ length: Math.floor(random() * 10) }, (_, i) =>
        aCircuit(
          `k${i}`,
          Math.round(5 + random() * 60),
          i > 0 && random() < 0.7 ? `k${Math.floor(random() * i)}` : undefined,
        ),
      );
      const site = aSite(Math.round(6 + random() * 150), circuits, { phases: random() < 0.2 ? 1 : 3 });
      const chargers = Array.from({ length: 1 + Math.floor(random() * 50) }, (_, i) =>
        aCharger(`c${i}`, {
          maxCurrentA: pick([16, 32]),
          ...(random() < 0.4 && { phases: 1 as const, phase: pick(['L1', 'L2', 'L3'] as const) }),
          ...(circuits.length > 0 && random() < 0.8 && { circuitId: pick(circuits).circuitId }),
        }),
      );

      // Act
      const limits = failSafeDefaults(site, chargers, { ceilingA: pick([6, 10, 32]) });

      // Assess
      expect(excessOf(site, chargers, limits), `trial ${trial}`).toEqual([]);
      for (const limit of limits.values()) expect(limit === 0 || limit >= site.minCurrentA).toBe(true);
    }
  });
});
