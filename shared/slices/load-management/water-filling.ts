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
 * beyond the floors; it is used up in place.
 *
 * Event by event: λ jumps to the next load lifting off its floor, reaching its cap, or row running full. A rising
 * load is at exactly `weight × λ`, so only the rows are updated per step (by their rate, the weight rising on
 * them); there are at most about twice as many steps as loads, each over the rows: a few hundred chargers under a
 * few dozen circuits take about a millisecond.
 */
export const fillWeighted = (spare: Float64Array, loads: readonly FillLoad[]): number[] => {
  const n = loads.length;
  const value = loads.map((load) => load.floor);
  // 0: waiting on its floor, 1: rising, 2: frozen.
  const state = new Uint8Array(n);
  const rate = new Float64Array(spare.length);
  const full = new Uint8Array(spare.length);
  const loadsOfRow: number[][] = Array.from({ length: spare.length }, () => []);
  let open = 0;
  for (let i = 0; i < n; i++) {
    const load = loads[i]!;
    for (const r of load.rows) loadsOfRow[r]!.push(i);
    if (load.cap <= load.floor + epsilon || load.weight <= 0 || load.rows.some((r) => spare[r]! <= epsilon))
      state[i] = 2;
    else open++;
  }
  for (let r = 0; r < spare.length; r++) if (spare[r]! <= epsilon) full[r] = 1;
  let lambda = 0;
  const lift = (i: number) => {
    state[i] = 1;
    for (const r of loads[i]!.rows) rate[r]! += loads[i]!.weight;
  };
  const freeze = (i: number) => {
    const load = loads[i]!;
    if (state[i] === 1) {
      value[i] = Math.min(load.cap, load.weight * lambda);
      for (const r of load.rows) rate[r]! -= load.weight;
    }
    state[i] = 2;
    open--;
  };
  const activationOf = (i: number) => loads[i]!.floor / loads[i]!.weight;
  const capOf = (i: number) => loads[i]!.cap / loads[i]!.weight;
  const open0 = [...Array(n).keys()].filter((i) => state[i] !== 2);
  const activations = [...open0].sort((x, y) => activationOf(x) - activationOf(y));
  const caps = [...open0].sort((x, y) => capOf(x) - capOf(y));
  let a = 0;
  let c = 0;
  while (open > 0) {
    for (; a < activations.length; a++) {
      const i = activations[a]!;
      if (state[i] === 0 && activationOf(i) > lambda + epsilon) break;
      if (state[i] === 0) lift(i);
    }
    while (c < caps.length && state[caps[c]!] === 2) c++;
    let next = Number.POSITIVE_INFINITY;
    if (a < activations.length) next = activationOf(activations[a]!);
    if (c < caps.length) next = Math.min(next, capOf(caps[c]!));
    for (let r = 0; r < spare.length; r++)
      if (rate[r]! > epsilon) next = Math.min(next, lambda + spare[r]! / rate[r]!);
    if (next === Number.POSITIVE_INFINITY) break;
    const step = next - lambda;
    for (let r = 0; r < spare.length; r++) if (rate[r]! > epsilon) spare[r]! -= rate[r]! * step;
    lambda = next;
    for (; c < caps.length; c++) {
      const i = caps[c]!;
      if (state[i] === 0) break;
      if (state[i] === 1 && capOf(i) > lambda + epsilon) break;
      if (state[i] === 1) freeze(i);
    }
    for (let r = 0; r < spare.length; r++)
      if (!full[r] && spare[r]! <= epsilon) {
        full[r] = 1;
        for (const i of loadsOfRow[r]!) if (state[i] !== 2) freeze(i);
      }
  }
  return value;
};
