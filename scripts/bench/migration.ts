import { parseArgs } from 'node:util';
import { runMigrationBench } from './migration-run.ts';

/**
 * `npm run bench:migration`: the migration run of issue 15 (see migration-run.ts) against a local runtime of its
 * own on 127.0.0.1. Defaults: 1,000 chargers with legacy passwords connecting at once, 10,000 id tokens with
 * 5,000 drivers, a cohort of 5. Not a CI test (minutes on 2 cores); the CI runs it at a tiny scale.
 *
 * The npm script sets UV_THREADPOOL_SIZE=32: scrypt (the legacy passwords, at import and at every connection's
 * authorizer) and the local table's LevelDB files share libuv's thread pool (4 threads by default), and a storm of
 * scrypt checks then starves the table's I/O until the authorizers time out.
 */
const { values } = parseArgs({
  options: {
    chargers: { type: 'string', default: '1000' },
    'id-tokens': { type: 'string', default: '10000' },
    cohort: { type: 'string', default: '5' },
    concurrency: { type: 'string' },
    'charger-batch': { type: 'string', default: '200' },
    'deadline-seconds': { type: 'string', default: '600' },
  },
});

const chargers = Number(values.chargers);
const figures = await runMigrationBench({
  chargers,
  idTokens: Number(values['id-tokens']),
  cohortSize: Number(values.cohort),
  connectConcurrency: Number(values.concurrency ?? chargers),
  deadlineMs: Number(values['deadline-seconds']) * 1000,
  chargerBatch: Number(values['charger-batch']),
  log: (line) => console.log(`[migration] ${line}`),
});

const ms = (value: number) => `${value.toFixed(0)} ms`;
const perSecond = (rows: number, elapsed: number) => `${((rows / elapsed) * 1000).toFixed(0)}/s`;
const rows: [string, string][] = [
  [
    `${figures.chargers} chargers imported (legacy passwords, scrypt)`,
    `${figures.chargersImported} in ${ms(figures.chargerImportMs)} (${perSecond(figures.chargersImported, figures.chargerImportMs)})`,
  ],
  [
    `${figures.idTokens} id tokens imported with drivers`,
    `${figures.tokensCreated} tokens, ${figures.driversCreated} drivers in ${ms(figures.tokenImportMs)} (${perSecond(figures.tokensCreated, figures.tokenImportMs)})`,
  ],
  ['re-run of 1,000 token rows', `${figures.tokenReRunUnchanged} unchanged in ${ms(figures.tokenReRunMs)}`],
  [
    'all chargers connect at once and boot',
    `${figures.connected} connected, ${figures.connectFailures} failed, ${figures.bootAccepted} boots accepted, all in ${ms(figures.connectAllMs)}`,
  ],
  [
    'upgrade + BootNotification per charger',
    `p50 ${ms(figures.connectLatency.p50)}, p95 ${ms(figures.connectLatency.p95)}, p99 ${ms(figures.connectLatency.p99)}, max ${ms(figures.connectLatency.max)}`,
  ],
  [
    'fleet audit report',
    `${figures.fleetReportPages} pages in ${ms(figures.fleetReportMs)}: ${figures.fleetSummary.chargers} chargers, ${figures.fleetSummary.online} online, ${figures.fleetSummary.neverConnected} never connected`,
  ],
  ['cohort report', `${ms(figures.cohortReportMs)}: today ${JSON.stringify(figures.cohortToday)}`],
];
console.log('\n| migration run | measured |\n|---|---|');
for (const [name, value] of rows) console.log(`| ${name} | ${value} |`);
process.exitCode = figures.connectFailures === 0 && figures.connected === figures.chargers ? 0 : 1;
