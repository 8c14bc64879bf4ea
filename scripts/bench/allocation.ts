import { parseArgs } from 'node:util';
import { allocate, type RotationState } from '../../shared/slices/load-management/allocation.ts';
import { benchSite } from './allocation-site.ts';

/**
 * `npm run bench:allocation`: the allocation function's time for one large site (default 500 chargers under a
 * 3-level tree), over repeated runs that carry the rotation state from run to run, as the workflow does.
 * Target (issue 12): under 10 ms.
 */
const { values } = parseArgs({
  options: {
    feeders: { type: 'string', default: '10' },
    'fuses-per-feeder': { type: 'string', default: '5' },
    'chargers-per-fuse': { type: 'string', default: '10' },
    runs: { type: 'string', default: '200' },
  },
});

const input = benchSite({
  feeders: Number(values.feeders),
  fusesPerFeeder: Number(values['fuses-per-feeder']),
  chargersPerFuse: Number(values['chargers-per-fuse']),
});
const runs = Number(values.runs);
const targetMs = 10;
const warmup = 100;
const wall: number[] = [];
const cpu: number[] = [];
let rotation: RotationState | undefined;
for (let run = 0; run < runs + warmup; run++) {
  const now = new Date(input.now.getTime() + run * 60_000);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  rotation = allocate({ ...input, rotation, now }).rotation;
  const elapsed = performance.now() - started;
  const used = process.cpuUsage(cpuBefore);
  // The first runs warm the JIT up (its compiler threads count as CPU time); they are not counted.
  if (run < warmup) continue;
  wall.push(elapsed);
  cpu.push((used.user + used.system) / 1000);
}
const percentile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};
const summary = (values: number[]) =>
  `p50 ${percentile(values, 0.5).toFixed(2)} ms, p99 ${percentile(values, 0.99).toFixed(2)} ms`;
// On a shared machine the wall time includes time the process waited for a core; the CPU time is what the
// function costs (a Lambda has its core to itself), so the target is checked on it.
const cpuP99 = percentile(cpu, 0.99);
console.log(
  `allocation: ${input.chargers.length} chargers, ${input.site.circuits.length} circuits, ${input.sessions.length} sessions, ${runs} runs`,
);
console.log(`  CPU time  ${summary(cpu)}`);
console.log(`  wall time ${summary(wall)}`);
console.log(`  target < ${targetMs} ms (CPU p99): ${cpuP99 < targetMs ? 'met' : 'NOT met'}`);
process.exitCode = cpuP99 < targetMs ? 0 : 1;
