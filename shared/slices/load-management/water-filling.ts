/** One consumer of the water-filling: its rows, share weight, the floor it already has and its cap. */
export interface FillLoad {
  readonly rows: readonly number[];
  readonly weight: number;
  /** Already counted in the capacity: the fill only adds above it. */
  readonly floor: number;
  readonly cap: number;
}

const epsilon = 1e-9;

/**
 * Weighted max-min fair sharing (progressive filling): every load gets `max(floor, weight × λ)` up to its cap,
 * λ raised until each load is capped or on a row with no capacity left. `spare` is what each row has left
 * beyond the floors; it is used up in place. Each step caps, saturates or lifts off the floor at least one load,
 * so there are at most about twice as many steps as loads.
 */
export const fillWeighted = (spare: Float64Array, loads: readonly FillLoad[]): number[] => {
  const n = loads.length;
  const value = loads.map((load) => load.floor);
  // 0: waiting on its floor, 1: rising, 2: frozen.
  const state = new Uint8Array(n);
  const rate = new Float64Array(spare.length);
  let lambda = 0;
  let open = 0;
  for (let i = 0; i < n; i++) {
    const load = loads[i]!;
    if (load.cap <= load.floor + epsilon || load.weight <= 0 || load.rows.some((r) => spare[r]! <= epsilon))
      state[i] = 2;
    else open++;
  }
  const lift = (i: number) => {
    state[i] = 1;
    for (const r of loads[i]!.rows) rate[r]! += loads[i]!.weight;
  };
  const freeze = (i: number) => {
    if (state[i] === 1) for (const r of loads[i]!.rows) rate[r]! -= loads[i]!.weight;
    state[i] = 2;
    open--;
  };
  for (let i = 0; i < n; i++) if (state[i] === 0 && loads[i]!.floor <= epsilon) lift(i);
  while (open > 0) {
    let next = Number.POSITIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      const load = loads[i]!;
      if (state[i] === 0) next = Math.min(next, load.floor / load.weight);
      else if (state[i] === 1) next = Math.min(next, load.cap / load.weight);
    }
    for (let r = 0; r < spare.length; r++)
      if (rate[r]! > epsilon) next = Math.min(next, lambda + spare[r]! / rate[r]!);
    for (let i = 0; i < n; i++)
      if (state[i] === 1) {
        const load = loads[i]!;
        const added = Math.min(load.cap, load.weight * next) - value[i]!;
        value[i]! += added;
        for (const r of load.rows) spare[r]! -= added;
      }
    lambda = next;
    for (let i = 0; i < n; i++) {
      const load = loads[i]!;
      if (state[i] === 2) continue;
      if (load.rows.some((r) => spare[r]! <= epsilon)) freeze(i);
      else if (state[i] === 1 && value[i]! >= load.cap - epsilon) freeze(i);
      else if (state[i] === 0 && load.weight * lambda >= load.floor - epsilon) lift(i);
    }
  }
  return value;
};
