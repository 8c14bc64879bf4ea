import { parseArgs } from 'node:util';
import { allocationTargetMs, measureAllocation } from './allocation-timing.ts';

/**
 * `npm run bench:allocation`: the allocation function's time for one large site (default 500 chargers under a
 * 3-level tree). Target (issue 12): under 10 ms (CPU p99). `npm run bench -- --load-management` reports it too.
 */
const { values } = parseArgs({
  options: {
    feeders: { type: 'string', default: '10' },
    'fuses-per-feeder': { type: 'string', default: '5' },
    'chargers-per-fuse': { type: 'string', default: '10' },
    runs: { type: 'string', default: '200' },
  },
});

const timing = measureAllocation({
  feeders: Number(values.feeders),
  fusesPerFeeder: Number(values['fuses-per-feeder']),
  chargersPerFuse: Number(values['chargers-per-fuse']),
  runs: Number(values.runs),
});
const summary = (ms: { p50: number; p99: number }) =>
  `p50 ${ms.p50.toFixed(2)} ms, p99 ${ms.p99.toFixed(2)} ms`;
console.log(
  `allocation: ${timing.chargers} chargers, ${timing.circuits} circuits, ${timing.sessions} sessions, ${timing.runs} runs`,
);
console.log(`  CPU time  ${summary(timing.cpuMs)}`);
console.log(`  wall time ${summary(timing.wallMs)}`);
console.log(`  target < ${allocationTargetMs} ms (CPU p99): ${timing.met ? 'met' : 'NOT met'}`);
process.exitCode = timing.met ? 0 : 1;
