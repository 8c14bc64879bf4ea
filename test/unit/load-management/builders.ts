import type {
  Allocation,
  AllocationCharger,
  AllocationSession,
  AllocationSite,
} from '../../../shared/slices/load-management/allocation.ts';
import { buildRows, rowLoads } from '../../../shared/slices/load-management/electrical-grid.ts';
import type { Circuit } from '../../../shared/slices/load-management/model.ts';

export const aSite = (
  maxCurrentA: number,
  circuits: Circuit[] = [],
  overrides: Partial<AllocationSite> = {},
) => ({
  maxCurrentA,
  phases: 3 as const,
  voltageV: 230,
  minCurrentA: 6,
  circuits,
  ...overrides,
});

export const aCircuit = (circuitId: string, maxCurrentA: number, parentCircuitId?: string): Circuit => ({
  circuitId,
  maxCurrentA,
  ...(parentCircuitId !== undefined && { parentCircuitId }),
});

export const aCharger = (
  chargerId: string,
  overrides: Partial<AllocationCharger> = {},
): AllocationCharger => ({
  chargerId,
  maxCurrentA: 32,
  phases: 3,
  defaultLimitA: 0,
  ...overrides,
});

export const aSession = (
  chargerId: string,
  overrides: Partial<AllocationSession> = {},
): AllocationSession => ({
  sessionId: `S-${chargerId}`,
  chargerId,
  ...overrides,
});

export const limitsOf = (allocation: Allocation): Record<string, number> =>
  Object.fromEntries(allocation.limits.map((limit) => [limit.sessionId, limit.limitA]));

/**
 * How far above its limit each row of the site would be with every session at its limit and every idle charger
 * at its default (its rated current without one): the promise of the allocation is that none is.
 */
export const excessOf = (
  site: AllocationSite,
  chargers: readonly AllocationCharger[],
  allocation: Allocation,
): { row: string; excessA: number }[] => {
  const rows = buildRows(site, site.circuits);
  const byId = new Map(chargers.map((charger) => [charger.chargerId, charger]));
  const busy = new Set(allocation.limits.map((limit) => limit.chargerId));
  const loads = rowLoads(rows, [
    ...allocation.limits.map((limit) => ({ charger: byId.get(limit.chargerId)!, currentA: limit.limitA })),
    ...chargers
      .filter((charger) => !busy.has(charger.chargerId))
      .map((charger) => ({ charger, currentA: charger.defaultLimitA ?? charger.maxCurrentA })),
  ]);
  return [...loads]
    .map((load, r) => ({ row: rows.names[r]!, excessA: load - rows.limits[r]! }))
    .filter((row) => row.excessA > 1e-6);
};

/** A small deterministic PRNG (mulberry32), so the random trees are the same at every run. */
export const seeded = (seed: number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};
