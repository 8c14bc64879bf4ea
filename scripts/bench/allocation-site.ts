import type {
  AllocationCharger,
  AllocationSession,
  AllocationSite,
} from '../../shared/slices/load-management/allocation.ts';
import type { Circuit } from '../../shared/slices/load-management/model.ts';

/** A small deterministic PRNG (mulberry32): the same site at every run. */
const seeded = (seed: number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

/**
 * A depot of `feeders × fusesPerFeeder × chargersPerFuse` chargers under a 3-level tree (main → feeders →
 * fuses), a third of them single-phase, 80 % with a session (priorities, some under-using, some with charging
 * needs, a few on chargers that reject limits): the allocation's worst realistic case for one site.
 */
export const benchSite = (
  options: { feeders?: number; fusesPerFeeder?: number; chargersPerFuse?: number; seed?: number } = {},
  now = new Date('2026-06-01T10:00:00.000Z'),
) => {
  const { feeders = 10, fusesPerFeeder = 5, chargersPerFuse = 10, seed = 500 } = options;
  const random = seeded(seed);
  const circuits: Circuit[] = [{ circuitId: 'main', maxCurrentA: 1600 }];
  const chargers: AllocationCharger[] = [];
  for (let f = 0; f < feeders; f++) {
    circuits.push({ circuitId: `feeder-${f}`, maxCurrentA: 250, parentCircuitId: 'main' });
    for (let u = 0; u < fusesPerFeeder; u++) {
      const fuse = `fuse-${f}-${u}`;
      circuits.push({ circuitId: fuse, maxCurrentA: 125, parentCircuitId: `feeder-${f}` });
      for (let c = 0; c < chargersPerFuse; c++) {
        const single = random() < 1 / 3;
        chargers.push({
          chargerId: `CP-${f}-${u}-${c}`,
          maxCurrentA: single ? 32 : random() < 0.5 ? 16 : 32,
          phases: single ? 1 : 3,
          ...(single && { phase: (['L1', 'L2', 'L3'] as const)[c % 3] }),
          circuitId: fuse,
          defaultLimitA: 6,
        });
      }
    }
  }
  const site: AllocationSite = { maxCurrentA: 1250, phases: 3, voltageV: 230, minCurrentA: 6, circuits };
  const sessions: AllocationSession[] = chargers
    .filter(() => random() < 0.8)
    .map((charger, i) => ({
      sessionId: `S-${i}`,
      chargerId: charger.chargerId,
      priority: random() < 0.2 ? 2 : 1,
      ...(random() < 0.2 && {
        measuredA: random() * 10,
        underUseSince: new Date(now.getTime() - 600_000).toISOString(),
      }),
      ...(random() < 0.3 && {
        needs: {
          departureAt: new Date(now.getTime() + (1 + random() * 8) * 3_600_000).toISOString(),
          energyWh: random() * 50_000,
        },
      }),
      ...(random() < 0.02 && { charger: 'rejecting' as const }),
    }));
  return { site, chargers, sessions, now };
};
