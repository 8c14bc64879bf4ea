import type { AllocationCharger, AllocationSite } from './allocation.ts';
import { buildRows } from './electrical-grid.ts';
import { fillWeighted } from './water-filling.ts';

const epsilon = 1e-9;
const tenthsDown = (value: number): number => Math.floor(value * 10 + epsilon) / 10;

/**
 * The limit of each charger's TxDefaultProfile: summed over the chargers of every circuit and of the grid
 * connection, on every phase, within the limit, so that the site holds its limits with the cloud unreachable,
 * and a session starts safely before the load-balancing run. An equal share up to `ceilingA` (default the
 * minimum current: idle defaults are kept in reserve by the allocation, so small ones leave more to the running
 * sessions); a charger whose share is below the minimum current gets 0 (a paused start) unless a minimum slot
 * is still free for it where the others were left at 0.
 */
export const failSafeDefaults = (
  site: AllocationSite,
  chargers: readonly Omit<AllocationCharger, 'defaultLimitA'>[],
  options: { ceilingA?: number } = {},
): Map<string, number> => {
  const rows = buildRows(site, site.circuits);
  const ceiling = options.ceilingA ?? site.minCurrentA;
  const sorted = [...chargers].sort((x, y) => (x.chargerId < y.chargerId ? -1 : 1));
  const rowsOf = sorted.map((charger) => rows.rowsOf(charger));
  const shares = fillWeighted(
    Float64Array.from(rows.limits),
    sorted.map((charger, i) => ({
      rows: rowsOf[i]!,
      weight: 1,
      floor: 0,
      cap: Math.min(charger.maxCurrentA, ceiling),
    })),
  );
  const minimum = (i: number) => Math.min(site.minCurrentA, sorted[i]!.maxCurrentA);
  // A share below the minimum current charges no EV: it becomes 0, and what it frees may give others a slot.
  const limits = shares.map((share, i) => (share >= minimum(i) - epsilon ? tenthsDown(share) : 0));
  const spare = Float64Array.from(rows.limits);
  limits.forEach((limit, i) => {
    for (const r of rowsOf[i]!) spare[r]! -= limit;
  });
  limits.forEach((limit, i) => {
    if (limit > 0 || minimum(i) > Math.min(sorted[i]!.maxCurrentA, ceiling)) return;
    if (rowsOf[i]!.every((r) => spare[r]! >= minimum(i) - epsilon)) {
      limits[i] = minimum(i);
      for (const r of rowsOf[i]!) spare[r]! -= minimum(i);
    }
  });
  return new Map(sorted.map((charger, i) => [charger.chargerId, limits[i]!]));
};
