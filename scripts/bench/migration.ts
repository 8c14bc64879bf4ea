import { parseArgs } from 'node:util';
import { runMigrationBench } from './migration-run.ts';

/**
 * `npm run bench:migration`: the migration run of issue 15 (see migration-run.ts) against a local runtime of its
 * own on 127.0.0.1. Defaults: 1,000 chargers with legacy passwords connecting at once, 10,000 id tokens with
 * 5,000 drivers, a cohort of 5. Not a CI test (minutes on 2 cores); the CI runs it at a tiny scale.
 *
 * Chargers that fail to connect retry with OCPP 2.0.1's backoff (1 s minimum, doubled each time, plus up to 1 s
 * at random) within `--connect-bound-seconds` (180); the run passes when every charger connected within it. Then
 * every charger is cut off and reconnects at once (`--no-reconnect-storm` skips that).
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
    'connect-bound-seconds': { type: 'string', default: '180' },
    'no-reconnect-storm': { type: 'boolean', default: false },
  },
});

const chargers = Number(values.chargers);
const figures = await runMigrationBench({
  chargers,
  idTokens: Number(values['id-tokens']),
  cohortSize: Number(values.cohort),
  connectConcurrency: Number(values.concurrency ?? chargers),
  deadlineMs: Number(values['deadline-seconds']) * 1000,
  connectBoundMs: Number(values['connect-bound-seconds']) * 1000,
  reconnectStorm: !values['no-reconnect-storm'],
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
    `all chargers connect at once and boot (UV_THREADPOOL_SIZE ${figures.threadPoolSize}, ≤ ${figures.peakAuthorizersInFlight} authorizers at once, ≤ ${figures.peakAuthorizersWaiting} queued)`,
    `${figures.connected} connected in ${ms(figures.connectAllMs)}: ${figures.connectedFirstAttempt} on the first attempt, ${figures.connectedAfterRetries} after retries (at most ${figures.maxAttempts} attempts), ${figures.neverConnected} never; ${figures.connectFailures} failed attempts; ${figures.bootAccepted} boots accepted`,
  ],
  [
    'upgrade + BootNotification per charger (from its first attempt)',
    `p50 ${ms(figures.connectLatency.p50)}, p95 ${ms(figures.connectLatency.p95)}, p99 ${ms(figures.connectLatency.p99)}, max ${ms(figures.connectLatency.max)}`,
  ],
  ...(figures.reconnect
    ? ([
        [
          'all cut off, reconnect at once (scrypt matches cached per container)',
          `${figures.reconnect.connected} connected in ${ms(figures.reconnect.allMs)}: ${figures.reconnect.firstAttempt} on the first attempt, ${figures.reconnect.afterRetries} after retries, ${figures.reconnect.never} never; p50 ${ms(figures.reconnect.latency.p50)}, p99 ${ms(figures.reconnect.latency.p99)}`,
        ],
      ] as [string, string][])
    : []),
  [
    'fleet audit report',
    `${figures.fleetReportPages} pages in ${ms(figures.fleetReportMs)}: ${figures.fleetSummary.chargers} chargers, ${figures.fleetSummary.online} online, ${figures.fleetSummary.neverConnected} never connected`,
  ],
  ['cohort report', `${ms(figures.cohortReportMs)}: today ${JSON.stringify(figures.cohortToday)}`],
];
console.log('\n| migration run | measured |\n|---|---|');
for (const [name, value] of rows) console.log(`| ${name} | ${value} |`);
const allConnected = (storm: { connected: number; never: number } | undefined) =>
  storm === undefined || (storm.never === 0 && storm.connected === figures.chargers);
process.exitCode =
  allConnected({ connected: figures.connected, never: figures.neverConnected }) &&
  allConnected(figures.reconnect)
    ? 0
    : 1;
