import { pathToRoot } from './circuit-tree.ts';
import type { Circuit, Phase, PhaseCount } from './model.ts';
import { phasesOfGrid } from './model.ts';

/** The grid connection of a site, as the allocation sees it: a limit per phase. */
export interface GridConnection {
  readonly maxCurrentA: number;
  readonly phases: PhaseCount;
}

/** What of a charger decides which limits its current counts against. */
export interface Wired {
  readonly phases: PhaseCount;
  /** Single-phase chargers: the phase of the site they are wired to (absent: L1). */
  readonly phase?: Phase;
  readonly circuitId?: string;
}

/**
 * The limits to hold, one row per node (the grid connection, then every circuit) and phase of the site. A
 * charger's current counts against the rows of each node from its circuit up to the grid connection, on each
 * phase it draws from; a node's limit holds whatever its parent's is (oversubscribed feeders).
 */
export interface Rows {
  /** The limit of each row, in A. */
  readonly limits: Float64Array;
  /** `grid/L1`, `feeder-1/L2`, …: what each row is, for reports and tests. */
  readonly names: readonly string[];
  /** The rows a charger's current counts against. */
  rowsOf(charger: Wired): readonly number[];
}

export const buildRows = (grid: GridConnection, circuits: readonly Circuit[]): Rows => {
  const phases = grid.phases === 3 ? phasesOfGrid : phasesOfGrid.slice(0, 1);
  const nodes = ['grid', ...circuits.map((circuit) => circuit.circuitId)];
  const nodeLimits = [grid.maxCurrentA, ...circuits.map((circuit) => circuit.maxCurrentA)];
  const nodeIndex = new Map(nodes.map((node, index) => [node, index]));
  const byId = new Map(circuits.map((circuit) => [circuit.circuitId, circuit]));
  const limits = new Float64Array(nodes.length * phases.length);
  const names: string[] = [];
  nodes.forEach((node, n) => {
    phases.forEach((phase, p) => {
      limits[n * phases.length + p] = nodeLimits[n]!;
      names.push(`${node}/${phase}`);
    });
  });
  const cache = new Map<string, readonly number[]>();
  return {
    limits,
    names,
    rowsOf(charger) {
      // A single-phase site has one phase: every charger draws from it. A circuit unknown to the tree (it was
      // removed) leaves the charger on the grid connection, whose limit still holds.
      const drawn =
        phases.length === 1
          ? [0]
          : charger.phases === 3
            ? [0, 1, 2]
            : [phases.indexOf(charger.phase ?? 'L1')];
      const key = `${charger.circuitId ?? ''}|${drawn.join()}`;
      let rows = cache.get(key);
      if (!rows) {
        const path = [0, ...pathToRoot(byId, charger.circuitId).map((id) => nodeIndex.get(id)!)];
        rows = path.flatMap((n) => drawn.map((p) => n * phases.length + p));
        cache.set(key, rows);
      }
      return rows;
    },
  };
};

/** The current each row carries when each charger draws its given current. */
export const rowLoads = (
  rows: Rows,
  draws: readonly { charger: Wired; currentA: number }[],
): Float64Array => {
  const loads = new Float64Array(rows.limits.length);
  for (const { charger, currentA } of draws) for (const row of rows.rowsOf(charger)) loads[row]! += currentA;
  return loads;
};
