import { tenantApi } from './api.ts';
import { type ChargerIdentity, SimulatedCharger } from './charger.ts';
import { runOperator } from './operator.ts';
import { startProgress } from './progress.ts';
import { seededRandom, sleep } from './random.ts';
import type { ReferenceMix } from './reference-mix.ts';
import type { LoadObserver } from './site-draw.ts';
import { FleetStats, type FleetSummary } from './stats.ts';

export interface FleetOptions {
  /** Shown in the progress bar and the summary. */
  readonly label: string;
  /** `ws://host:port/ocpp/{tenantId}`. */
  readonly endpoint: string;
  readonly chargers: readonly ChargerIdentity[];
  readonly idTokens: readonly string[];
  readonly mix: ReferenceMix;
  readonly timeScale: number;
  /** New connections per second while the fleet comes up (API Gateway allows 500/s per account). */
  readonly rampPerSecond: number;
  /** How long the fleet runs once every charger is ready. */
  readonly steadySeconds: number;
  readonly seed: number;
  /** Start like a fleet that has been running (reconnects, sessions under way, connections of random age). */
  readonly steadyStart: boolean;
  /**
   * With `steadyStart`: the share of chargers that boot when they connect (power-up), measured as a sample;
   * the others reconnect. @default 0.1
   */
  readonly bootShare?: number;
  /** Operator commands through the tenant API; absent: none (e.g. a bare OCPP server has no API). */
  readonly operator?: { readonly apiUrl: string; readonly apiKey: string; readonly commandsPerDay: number };
  /** @default 30_000 */
  readonly callTimeoutMs?: number;
  /** How long the fleet waits for unanswered calls after it stopped sending. @default 30 */
  readonly drainSeconds?: number;
  /**
   * Connections closed per second at the end: all at once would be a `$disconnect` storm that a one-process
   * runtime queues beyond the functions' timeouts (Lambda would scale out). @default 4 × rampPerSecond
   */
  readonly closePerSecond?: number;
  readonly progress?: boolean;
  /** Stops the run early (e.g. Ctrl-C); the summary still comes. */
  readonly signal?: AbortSignal;
  /** Told each charger's draw and profiles (the site physics). */
  readonly observer?: LoadObserver;
}

/**
 * Runs a fleet: connects the chargers at the ramp rate, lets it run for the steady time, stops sending, waits
 * for the answers, closes every connection, and summarizes. Everything it measures is in the summary.
 */
export const runFleet = async (options: FleetOptions): Promise<FleetSummary> => {
  const stats = new FleetStats();
  const stop = new AbortController();
  const shutdown = new AbortController();
  options.signal?.addEventListener('abort', () => stop.abort(), { once: true });
  const bootShare = options.bootShare ?? 0.1;
  const chargers = options.chargers.map((identity, index) => {
    stats.protocols[identity.protocol] = (stats.protocols[identity.protocol] ?? 0) + 1;
    return new SimulatedCharger({
      identity,
      endpoint: options.endpoint,
      mix: options.mix,
      timeScale: options.timeScale,
      random: seededRandom(options.seed * 1_000_003 + index),
      stats,
      idTokens: options.idTokens,
      callTimeoutMs: options.callTimeoutMs ?? 30_000,
      signal: stop.signal,
      shutdown: shutdown.signal,
      steadyStart: options.steadyStart,
      // Spread evenly over the fleet, so that the boots do not all come first in the ramp.
      boots: Math.floor((index + 1) * bootShare) > Math.floor(index * bootShare),
      ...(options.observer && { observer: options.observer }),
    });
  });
  const progress = options.progress
    ? startProgress(stats, {
        label: options.label,
        chargers: chargers.length,
        steadySeconds: options.steadySeconds,
      })
    : undefined;
  const cpuAtStart = process.cpuUsage();

  // Ramp: one connection every 1/rate seconds; a charger counts once it is ready (booted or resumed).
  const rampStartedAt = performance.now();
  const ready: Promise<void>[] = [];
  for (const [index, charger] of chargers.entries()) {
    const wait = rampStartedAt + (index / options.rampPerSecond) * 1000 - performance.now();
    if (wait > 1 && !(await sleep(wait, stop.signal))) break;
    ready.push(charger.start());
  }
  await Promise.all(ready);

  stats.startSteadyWindow();
  progress?.steady();
  const operator = options.operator
    ? runOperator({
        api: tenantApi(options.operator.apiUrl, options.operator.apiKey),
        chargers: chargers.map((charger, index) => ({
          chargerId: options.chargers[index]!.chargerId,
          charger,
        })),
        commandsPerDay: options.operator.commandsPerDay,
        timeScale: options.timeScale,
        random: seededRandom(options.seed),
        stats,
        signal: stop.signal,
      })
    : Promise.resolve();
  await sleep(options.steadySeconds * 1000, stop.signal);
  stop.abort();
  stats.finish();

  await Promise.all([
    operator,
    ...chargers.map((charger) => charger.drain((options.drainSeconds ?? 30) * 1000)),
  ]);
  stats.unfinishedAtEnd = chargers.reduce((sum, charger) => sum + charger.unanswered, 0);
  shutdown.abort();
  // Closed in tenths of a second's share, paced like the ramp.
  const closePerSecond = options.closePerSecond ?? options.rampPerSecond * 4;
  const batch = Math.max(1, Math.round(closePerSecond / 10));
  const closeStartedAt = performance.now();
  for (let start = 0; start < chargers.length; start += batch) {
    await Promise.all(chargers.slice(start, start + batch).map((charger) => charger.close()));
    await sleep(closeStartedAt + ((start + batch) / closePerSecond) * 1000 - performance.now());
  }
  progress?.stop();
  const cpu = process.cpuUsage(cpuAtStart);
  return stats.summary({
    target: options.endpoint,
    chargers: chargers.length,
    timeScale: options.timeScale,
    cpuSeconds: Math.round((cpu.user + cpu.system) / 10_000) / 100,
  });
};
