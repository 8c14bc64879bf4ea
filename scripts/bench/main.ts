import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startLocalRuntime } from '../../local/runtime.ts';
import { defaultTransactionUpdatedIntervalSeconds } from '../../shared/config.ts';
import { anchor, target } from '../cost/assumptions.ts';
import { measuredCodeHash } from '../cost/code-hash.ts';
import { costReport } from '../cost/cost-report.ts';
import { defaultFiguresFile, defaultFiguresOf, writeDefaultFigures } from '../cost/default-figures.ts';
import { loadPriceFile } from '../cost/prices.ts';
import { type ProtocolChoice, provisionFleet } from '../simulator/provision.ts';
import { referenceMix } from '../simulator/reference-mix.ts';
import type { FleetSummary } from '../simulator/stats.ts';
import { measureApiOperations } from './api-operations.ts';
import { startBareServer } from './bare-server.ts';
import { measureBundles } from './bundles.ts';
import { runChild } from './child-process.ts';
import { kindFigures, perSessionFigures, withSteadyStateHeartbeats, workflowFigures } from './kinds.ts';
import { loadManagementReport, runLoadManagementPhase } from './load-management-phase.ts';
import { measurePricing } from './pricing.ts';
import { apiReport, benchReport } from './report.ts';
import {
  type ApiOnlyResults,
  apiOnlySuffix,
  type BenchOptions,
  type BenchResults,
  loadManagementSuffix,
  resultsDir,
  type TargetCheck,
} from './results.ts';
import { createRuntimeMeter } from './runtime-meter.ts';
import type { SaturationSummary } from './saturation-types.ts';

const usage = `npm run bench -- [options]    the local runtime under a simulated fleet, against a bare ocpp-rpc server

  --chargers N               fleet size (default 1000; the issue's target run: 10000)
  --protocol P               2.0.1 | 1.6 | mix (default mix: every other charger 1.6)
  --time-scale X             the reference mix X times faster (default 4; 30 with --load-management); costs come
                             from counts, not rates
  --duration S               steady seconds once every charger is ready (default 120)
  --ramp R                   connections per second while the fleet comes up (default 20: each $connect
                             starts a load-balancing workflow, the local runtime's limit)
  --baseline-ramp R          the same for the bare ocpp-rpc server (default: --ramp)
  --site-size N              chargers per site (default 10; 20 with --load-management)
  --saturation-chargers K    chargers of the throughput phase (default 100)
  --saturation-seconds S     seconds per message type in the throughput phase (default 10)
  --skip-bundles             do not build and time the Lambda bundles
  --skip-baseline            do not run the bare ocpp-rpc server
  --metered-throughput       run the throughput phase on the metered runtime of the fleet phase (by default it
                             runs on the same data restarted without the meter, which is instrumentation)
  --sdk-over-http            the handlers' SDK clients call the emulators over signed loopback HTTP instead of
                             in-process (to compare)
  --write-defaults           also write scripts/cost/default-figures.json from this run, with its commit and the
                             hash of the code it measured (\`npm run figures\` does this with the defaults above;
                             \`npm test\` fails when that hash no longer matches the code)
  --api-only                 only the API phase (DynamoDB per call of a few tenant API operations; seconds);
                             writes bench-results/<time>.api.json and .md
  --load-management          only the load-management phase (default 1000 chargers = 50 sites of 20, every site
                             under load management, every charger booting; minutes): site-seconds above a limit
                             (target 0), session start to TxProfile (target p99 < 2 s), SetChargingProfile per
                             session, the allocation of a 500-charger site (target < 10 ms); writes
                             bench-results/<time>.load-management.json and .md
  --site-limit-a A           the sites' grid limit in the load-management phase (default 63 A per phase)
`;

const { values } = parseArgs({
  options: {
    chargers: { type: 'string', default: '1000' },
    protocol: { type: 'string', default: 'mix' },
    'time-scale': { type: 'string' },
    duration: { type: 'string', default: '120' },
    ramp: { type: 'string', default: '20' },
    'baseline-ramp': { type: 'string' },
    'site-size': { type: 'string' },
    'site-limit-a': { type: 'string', default: '63' },
    'load-management': { type: 'boolean', default: false },
    'saturation-chargers': { type: 'string', default: '100' },
    'saturation-seconds': { type: 'string', default: '10' },
    'skip-bundles': { type: 'boolean', default: false },
    'skip-baseline': { type: 'boolean', default: false },
    'metered-throughput': { type: 'boolean', default: false },
    'sdk-over-http': { type: 'boolean', default: false },
    'api-only': { type: 'boolean', default: false },
    'write-defaults': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(usage);
  process.exit(0);
}
const protocol = ({ '2.0.1': 'ocpp2.0.1', '1.6': 'ocpp1.6', mix: 'mix' } as const)[
  values.protocol as '2.0.1' | '1.6' | 'mix'
] as ProtocolChoice | undefined;
if (!protocol) {
  console.error(usage);
  process.exit(2);
}

const chargers = Number(values.chargers);
const loadManagementOnly = values['load-management'];
const timeScale = Number(values['time-scale'] ?? (loadManagementOnly ? 30 : 4));
const steadySeconds = Number(values.duration);
// Enough operator commands for a fair sample (≥ 50), whatever the fleet size: their cost is per command.
const commandsPerDay = Math.max(
  referenceMix.commandsPerDay,
  (50 * 86_400) / (chargers * steadySeconds * timeScale),
);
const options: BenchOptions = {
  chargers,
  protocol: values.protocol!,
  timeScale,
  steadySeconds,
  rampPerSecond: Number(values.ramp),
  siteSize: Number(values['site-size'] ?? (loadManagementOnly ? 20 : 10)),
  commandsPerDay,
  saturationChargers: Math.min(chargers, Number(values['saturation-chargers'])),
  saturationSeconds: Number(values['saturation-seconds']),
  meteredThroughput: values['metered-throughput'],
  sdkTransport: values['sdk-over-http'] ? 'http' : 'in-process',
};

const startedAt = new Date();
const log = (line: string) =>
  console.log(`[bench ${((Date.now() - startedAt.getTime()) / 1000).toFixed(0)}s] ${line}`);
const simulator = 'scripts/simulator/main.ts';
const saturate = 'scripts/bench/saturate.ts';
const fleetArgs = (fleetFile: string, ramp = options.rampPerSecond) => [
  '--fleet-file',
  fleetFile,
  '--chargers',
  String(chargers),
  '--time-scale',
  String(timeScale),
  '--duration',
  String(steadySeconds),
  '--ramp',
  String(ramp),
  '--commands-per-day',
  String(commandsPerDay),
];
const saturationArgs = (fleetFile: string) => [
  '--fleet-file',
  fleetFile,
  '--chargers',
  String(options.saturationChargers),
  '--seconds',
  String(options.saturationSeconds),
];
// The gateway's fixed timeouts, scaled like the mix (the CSMS still returns its 540 s heartbeat interval).
const quotas = { idleTimeoutMs: 600_000 / timeScale, maxConnectionMs: 7_200_000 / timeScale };

// Taken before the run: the code measured is the code as it was when it started.
const codeHash = measuredCodeHash();
const git = (() => {
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { encoding: 'utf8' }).trim() !== '';
    return { commit, dirty, codeHash };
  } catch {
    return { commit: 'unknown', dirty: true, codeHash };
  }
})();
if (values['write-defaults'] && (values['api-only'] || loadManagementOnly)) {
  console.error('--write-defaults needs a whole run: one phase alone measures no fleet figures');
  process.exit(2);
}

const resultsName = (suffix = '') =>
  join(
    resultsDir,
    `${startedAt
      .toISOString()
      .replaceAll(':', '-')
      .replace(/\.\d+Z$/, 'Z')}${suffix}`,
  );

const workDir = mkdtempSync(join(tmpdir(), 'csms-bench-'));
if (values['api-only']) {
  try {
    const meter = createRuntimeMeter();
    const runtime = await startLocalRuntime({
      ocppPort: 0,
      apiPort: 0,
      dataDir: join(workDir, 'data'),
      sdkTransport: options.sdkTransport,
      awsCallObserver: meter.observe,
      onInvocation: meter.onInvocation,
      logger: {
        info: () => undefined,
        error: (...args: unknown[]) => console.error('runtime error:', ...args),
      },
    });
    const api = await measureApiOperations({ runtime, meter, log: (line) => log(`api ${line}`) });
    await runtime.close();
    const results: ApiOnlyResults = {
      schema: 'csms-bench-api/1',
      startedAt: startedAt.toISOString(),
      git,
      api,
    };
    const markdown = apiReport(api);
    mkdirSync(resultsDir, { recursive: true });
    const name = resultsName(apiOnlySuffix);
    writeFileSync(`${name}.json`, `${JSON.stringify(results, null, 2)}\n`);
    writeFileSync(`${name}.md`, markdown);
    console.log(`\n${markdown}`);
    log(`results in ${name}.json and ${name}.md`);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  process.exit(0);
}
if (loadManagementOnly) {
  try {
    const figures = await runLoadManagementPhase({
      chargers,
      protocol,
      siteSize: options.siteSize,
      siteLimitA: Number(values['site-limit-a']),
      timeScale,
      steadySeconds,
      rampPerSecond: options.rampPerSecond,
      workDir,
      log: (line) => log(line),
    });
    const markdown = loadManagementReport(figures);
    mkdirSync(resultsDir, { recursive: true });
    const name = resultsName(loadManagementSuffix);
    const results = {
      schema: 'csms-bench-load-management/1',
      startedAt: startedAt.toISOString(),
      git,
      ...figures,
    };
    writeFileSync(`${name}.json`, `${JSON.stringify(results, null, 2)}\n`);
    writeFileSync(`${name}.md`, markdown);
    console.log(`\n${markdown}`);
    log(`results in ${name}.json and ${name}.md`);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  process.exit(0);
}
try {
  const bundles = values['skip-bundles']
    ? undefined
    : await measureBundles({ log: (line) => log(`bundle ${line}`) });

  // Phase 1: the local runtime, in this process, with the meter attached.
  const meter = createRuntimeMeter();
  let runtimeErrors = 0;
  const startRuntime = (metered: boolean) =>
    startLocalRuntime({
      ocppPort: 0,
      apiPort: 0,
      dataDir: join(workDir, 'data'),
      quotas,
      // Scaled like the mix: the simulated chargers stamp their meter values with the (faster) wall clock.
      transactionUpdatedIntervalSeconds: Math.round(defaultTransactionUpdatedIntervalSeconds / timeScale),
      apiRateLimitPerSecond: 10_000,
      sdkTransport: options.sdkTransport,
      ...(metered && { awsCallObserver: meter.observe, onInvocation: meter.onInvocation }),
      logger: {
        info: () => undefined,
        error: (...args: unknown[]) => {
          runtimeErrors += 1;
          if (runtimeErrors <= 5) console.error('runtime error:', ...args);
        },
      },
    });
  let runtime = await startRuntime(true);
  log(`local runtime at ${runtime.ocppUrl}; provisioning ${chargers} chargers`);
  const fleet = await provisionFleet({
    apiUrl: runtime.apiUrl,
    adminKey: runtime.adminKey,
    chargers,
    protocol,
    siteSize: options.siteSize,
    idTokens: 20,
    log: (line) => log(`provisioned ${line}`),
  });
  const fleetFile = join(workDir, 'fleet.json');
  writeFileSync(fleetFile, JSON.stringify(fleet), { mode: 0o600 });
  meter.reset();

  log('fleet against the local runtime');
  const localFleet = await runChild<FleetSummary>(simulator, fleetArgs(fleetFile));
  await runtime.settled();
  const usageOfFleet = meter.snapshot();

  log('tenant API operations against the local runtime');
  const api = await measureApiOperations({ runtime, meter, log: (line) => log(`api ${line}`) });
  log('pricing: a 45-minute session, 45 meter values, a 5-element time-of-use tariff');
  const pricing = measurePricing();

  // The meter asks DynamoDB for consumed capacity and attributes every call, which costs the runtime CPU that
  // Lambda would not spend: throughput is measured on the same data, restarted without it.
  const { meteredThroughput } = options;
  if (!meteredThroughput) {
    await runtime.close();
    runtime = await startRuntime(false);
  }
  log(`throughput against the local runtime (${meteredThroughput ? 'with' : 'without'} the meter)`);
  const settleRuntime = async (_: unknown, reply: (message: object) => void) => {
    const t = performance.now();
    await runtime.settled();
    reply({ type: 'settled', seconds: (performance.now() - t) / 1000 });
  };
  const localSaturation = await runChild<SaturationSummary>(
    saturate,
    [...saturationArgs(fleetFile), '--endpoint', `${runtime.ocppUrl}/${fleet.tenantId}`],
    settleRuntime,
  );
  await runtime.close();

  // Phase 2: the same load against a bare ocpp-rpc server.
  let bareFleet: FleetSummary | undefined;
  let bareSaturation: SaturationSummary | undefined;
  if (!values['skip-baseline']) {
    const bare = await startBareServer({ maxConnectionMs: quotas.maxConnectionMs });
    const endpoint = ['--ocpp-endpoint', bare.endpoint];
    log('fleet against the bare ocpp-rpc server');
    const ramp = Number(values['baseline-ramp'] ?? options.rampPerSecond);
    bareFleet = await runChild<FleetSummary>(simulator, [...fleetArgs(fleetFile, ramp), ...endpoint]);
    log('throughput against the bare ocpp-rpc server');
    bareSaturation = await runChild<SaturationSummary>(
      saturate,
      [...saturationArgs(fleetFile), '--endpoint', bare.endpoint],
      (_, reply) => reply({ type: 'settled', seconds: 0 }),
    );
    await bare.close();
  }

  // Figures, targets, cost.
  const measuredKinds = kindFigures(usageOfFleet);
  const steadyHeartbeat = withSteadyStateHeartbeats(measuredKinds.Heartbeat, referenceMix);
  const kinds = { ...measuredKinds, ...(steadyHeartbeat && { Heartbeat: steadyHeartbeat }) };
  const workflows = workflowFigures(usageOfFleet);
  const priceFile = loadPriceFile();
  const cost = costReport({ kinds, workflows }, priceFile, referenceMix);
  const mixLocal = localSaturation.results.Mix?.perSecond;
  const mixBare = bareSaturation?.results.Mix?.perSecond;
  const steady = localFleet.windows.steady.latency;
  const targets: TargetCheck[] = [
    {
      target: `${chargers.toLocaleString('en-US')} chargers connected at once`,
      measured: `peak ${localFleet.connections.peakConnected.toLocaleString('en-US')}`,
      met: localFleet.connections.peakConnected >= chargers,
    },
    {
      target: 'zero lost or unanswered messages',
      measured: `${localFleet.totals.lost} lost, ${localFleet.totals.invalidAnswers} invalid answers`,
      met: localFleet.totals.lost === 0 && localFleet.totals.invalidAnswers === 0,
    },
    { target: 'p99 round trip < 200 ms (steady)', measured: `${steady.p99} ms`, met: steady.p99 < 200 },
    {
      target: 'pricing < 1 ms per session (median; 45 meter values, 5-element TOU tariff)',
      measured: `${pricing.msPerSession.p50.toFixed(3)} ms (p99 ${pricing.msPerSession.p99.toFixed(3)} ms)`,
      met: pricing.msPerSession.p50 < 1,
    },
    {
      target: 'throughput ≥ 30 % of the bare ocpp-rpc server (reference mix)',
      measured:
        mixLocal !== undefined && mixBare
          ? `${mixLocal} / ${mixBare} msg/s = ${Math.round((mixLocal / mixBare) * 100)} %`
          : 'not run',
      met: mixLocal !== undefined && mixBare !== undefined && mixLocal / mixBare >= 0.3,
    },
    {
      target: '≤ 1 DynamoDB write per OCPP message at the mix',
      measured: `${cost.writes.writeRequestsPerMessage.toFixed(2)} write requests (${cost.writes.writeUnitsPerMessage.toFixed(2)} write units)`,
      met: cost.writes.writeRequestsPerMessage <= 1,
    },
    {
      target: 'most Heartbeats without a write',
      measured:
        cost.writes.heartbeatsWithoutWrite === undefined
          ? 'no Heartbeat measured'
          : `${(cost.writes.heartbeatsWithoutWrite * 100).toFixed(0)} % without in steady state ` +
            `(${(100 - (measuredKinds.Heartbeat?.withWrites ?? 0) * 100).toFixed(0)} % in this run)`,
      met: (cost.writes.heartbeatsWithoutWrite ?? 0) > 0.5,
    },
    {
      target: `< $${target.usdPerChargerMonth} per charger-month at ${target.chargers.toLocaleString('en-US')} (anchor $${anchor.usdPerChargerMonth})`,
      measured: `$${cost.atTarget.usdPerChargerMonth.toFixed(4)}`,
      met: cost.meetsTarget,
    },
  ];
  const cpuList = cpus();
  const results: BenchResults = {
    schema: 'csms-bench/1',
    startedAt: startedAt.toISOString(),
    seconds: (Date.now() - startedAt.getTime()) / 1000,
    machine: {
      cpus: cpuList.length,
      cpuModel: cpuList[0]?.model ?? '?',
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
    },
    git,
    options,
    mix: referenceMix,
    ...(bundles && { bundles }),
    fleet: { local: localFleet, ...(bareFleet && { bare: bareFleet }) },
    saturation: { local: localSaturation, ...(bareSaturation && { bare: bareSaturation }) },
    usage: usageOfFleet,
    kinds,
    workflows,
    perSession: perSessionFigures(kinds, workflows, referenceMix),
    api,
    pricing,
    runtimeErrors,
    targets,
    cost: {
      usdPerChargerMonth: Object.fromEntries(
        cost.fleets.map((fleet) => [fleet.chargers, fleet.usdPerChargerMonth]),
      ),
    },
  };
  const markdown = benchReport(results, cost.text);
  mkdirSync(resultsDir, { recursive: true });
  const name = resultsName();
  writeFileSync(`${name}.json`, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(`${name}.md`, markdown);
  console.log(`\n${markdown}`);
  log(`results in ${name}.json and ${name}.md`);
  if (values['write-defaults']) {
    if (localFleet.totals.lost > 0) {
      log(`not writing ${defaultFiguresFile}: the run lost ${localFleet.totals.lost} messages`);
      process.exitCode = 1;
    } else {
      if (runtimeErrors > 0) log(`warning: ${runtimeErrors} runtime errors in this run (see above)`);
      writeDefaultFigures(defaultFiguresOf(results, codeHash));
      log(`default figures written to ${defaultFiguresFile} (code ${codeHash.slice(0, 19)}…): commit it`);
    }
  }
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
process.exit(process.exitCode ?? 0);
