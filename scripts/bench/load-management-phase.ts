import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startLocalRuntime } from '../../local/runtime.ts';
import { defaultTransactionUpdatedIntervalSeconds } from '../../shared/config.ts';
import { type ProtocolChoice, provisionFleet } from '../simulator/provision.ts';
import type { LoadManagementSummary } from '../simulator/site-draw.ts';
import type { FleetSummary } from '../simulator/stats.ts';
import { type AllocationTiming, allocationTargetMs, measureAllocation } from './allocation-timing.ts';
import { runChild } from './child-process.ts';
import type { TargetCheck } from './results.ts';

export interface LoadManagementPhaseOptions {
  readonly chargers: number;
  readonly protocol: ProtocolChoice;
  readonly siteSize: number;
  readonly siteLimitA: number;
  readonly timeScale: number;
  readonly steadySeconds: number;
  readonly rampPerSecond: number;
  readonly workDir: string;
  readonly log: (line: string) => void;
}

export interface LoadManagementFigures {
  readonly options: Omit<LoadManagementPhaseOptions, 'workDir' | 'log'>;
  readonly fleet: FleetSummary;
  readonly loadManagement: LoadManagementSummary;
  readonly allocation: AllocationTiming;
  readonly runtimeErrors: number;
  readonly targets: readonly TargetCheck[];
}

/** Target (issue 12): from a session's start to its TxProfile being accepted, p99 under 2 s locally. */
export const txProfileTargetMs = 2000;

/**
 * The load-management phase: a fleet whose sites are all under load management (every charger boots, so each
 * gets its fail-safe default first), run against the local runtime with the simulator's site physics; then the
 * allocation function's time for a 500-charger site. Reports the site-seconds above a limit, the time from a
 * session's start to its first TxProfile, and the SetChargingProfile messages per session.
 */
export const runLoadManagementPhase = async (
  options: LoadManagementPhaseOptions,
): Promise<LoadManagementFigures> => {
  const { log, workDir, ...shown } = options;
  let runtimeErrors = 0;
  const runtime = await startLocalRuntime({
    ocppPort: 0,
    apiPort: 0,
    dataDir: join(workDir, 'lm-data'),
    quotas: { idleTimeoutMs: 600_000 / options.timeScale, maxConnectionMs: 7_200_000 / options.timeScale },
    transactionUpdatedIntervalSeconds: Math.max(
      1,
      Math.round(defaultTransactionUpdatedIntervalSeconds / options.timeScale),
    ),
    apiRateLimitPerSecond: 10_000,
    logger: {
      info: () => undefined,
      error: (...args: unknown[]) => {
        runtimeErrors += 1;
        if (runtimeErrors <= 5) console.error('runtime error:', ...args);
      },
    },
  });
  try {
    log(
      `load management: ${options.chargers} chargers in sites of ${options.siteSize}, ${options.siteLimitA} A per site`,
    );
    const fleet = await provisionFleet({
      apiUrl: runtime.apiUrl,
      adminKey: runtime.adminKey,
      chargers: options.chargers,
      protocol: options.protocol,
      siteSize: options.siteSize,
      siteLimitA: options.siteLimitA,
      // One per charger: with few tokens most sessions would be refused as concurrent use (ConcurrentTx), and
      // the sites would see too few sessions to be at their limits.
      idTokens: options.chargers,
    });
    const fleetFile = join(workDir, 'lm-fleet.json');
    writeFileSync(fleetFile, JSON.stringify(fleet), { mode: 0o600 });
    const summary = await runChild<FleetSummary & { loadManagement?: LoadManagementSummary }>(
      'scripts/simulator/main.ts',
      [
        '--fleet-file',
        fleetFile,
        '--chargers',
        String(options.chargers),
        '--time-scale',
        String(options.timeScale),
        '--duration',
        String(options.steadySeconds),
        '--ramp',
        String(options.rampPerSecond),
        '--cold-start',
        '--commands-per-day',
        '0',
      ],
    );
    await runtime.settled();
    const { loadManagement, ...fleetSummary } = summary;
    if (!loadManagement) throw new Error('the simulator reported no site physics');
    log('allocation: a 500-charger site under a 3-level tree');
    const allocation = measureAllocation();
    const latency = loadManagement.txProfileLatencyMs;
    const targets: TargetCheck[] = [
      {
        target: 'no site above its limit (site-seconds)',
        measured: `${loadManagement.secondsAboveLimit} site-seconds above, ${loadManagement.sites.length} sites`,
        met: loadManagement.secondsAboveLimit === 0,
      },
      {
        target: `session start to TxProfile accepted, p99 < ${txProfileTargetMs} ms`,
        measured:
          latency.samples > 0
            ? `p50 ${latency.p50} ms, p90 ${latency.p90} ms, p99 ${latency.p99} ms, max ${latency.max} ms (${latency.samples} sessions)`
            : 'no TxProfile received',
        met: latency.samples > 0 && (latency.p99 ?? Number.POSITIVE_INFINITY) < txProfileTargetMs,
      },
      {
        target: `allocation of a ${allocation.chargers}-charger site, 3-level tree, CPU p99 < ${allocationTargetMs} ms`,
        measured: `p50 ${allocation.cpuMs.p50.toFixed(2)} ms, p99 ${allocation.cpuMs.p99.toFixed(2)} ms`,
        met: allocation.met,
      },
      {
        target: 'zero lost or unanswered messages',
        measured: `${fleetSummary.totals.lost} lost, ${fleetSummary.totals.invalidAnswers} invalid answers`,
        met: fleetSummary.totals.lost === 0 && fleetSummary.totals.invalidAnswers === 0,
      },
    ];
    return { options: shown, fleet: fleetSummary, loadManagement, allocation, runtimeErrors, targets };
  } finally {
    await runtime.close();
  }
};

/** The phase's figures as Markdown: the targets, then the per-session figures. */
export const loadManagementReport = (figures: LoadManagementFigures): string => {
  const { options, loadManagement } = figures;
  const highest = [...loadManagement.sites].sort((x, y) => y.maxA / y.limitA - x.maxA / x.limitA)[0];
  return [
    `## Load management (${options.chargers} chargers, sites of ${options.siteSize} at ${options.siteLimitA} A, ` +
      `${options.protocol}, time scale ${options.timeScale}, ${options.steadySeconds} s)`,
    '',
    '| target | measured | met |',
    '| --- | --- | --- |',
    ...figures.targets.map((t) => `| ${t.target} | ${t.measured} | ${t.met ? 'yes' : 'NO'} |`),
    '',
    `Sessions: ${loadManagement.sessions} (${loadManagement.sessionsOnDefault} started under a fail-safe default, ` +
      `${loadManagement.sessionsWithoutTxProfile} without a TxProfile by the end); TxProfiles per session ` +
      `${loadManagement.txProfilesPerSession.toFixed(2)} (first limit, re-allocations, lease renewals); ` +
      `${loadManagement.failSafeDefaults} fail-safe defaults for ${options.chargers} chargers; highest site draw ` +
      `${highest ? `${highest.maxA} A of ${highest.limitA} A (${highest.siteId})` : 'none'}; runtime errors ${figures.runtimeErrors}.`,
    '',
  ].join('\n');
};
