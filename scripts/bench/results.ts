import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StateMachineId } from '../../shared/topology/state-machines.ts';
import type { MessageKind, ReferenceMix } from '../simulator/reference-mix.ts';
import type { FleetSummary } from '../simulator/stats.ts';
import type { ApiBenchFigures } from './api-operations.ts';
import type { BundleFigures } from './bundles.ts';
import type { KindFigures, perSessionFigures, WorkflowFigures } from './kinds.ts';
import type { PricingFigures } from './pricing.ts';
import type { LabelUsage } from './runtime-meter.ts';
import type { SaturationSummary } from './saturation-types.ts';

export const resultsDir = 'bench-results';

export interface BenchOptions {
  readonly chargers: number;
  readonly protocol: string;
  readonly timeScale: number;
  readonly steadySeconds: number;
  readonly rampPerSecond: number;
  readonly siteSize: number;
  readonly commandsPerDay: number;
  readonly saturationChargers: number;
  readonly saturationSeconds: number;
  /** The throughput phase kept the fleet phase's meter (`--metered-throughput`); absent in older results. */
  readonly meteredThroughput?: boolean;
  /** How the handlers' SDK clients reached the emulators; absent in older results (then: HTTP). */
  readonly sdkTransport?: 'in-process' | 'http';
}

export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}

/** Everything one `npm run bench` measured; `npm run cost` reads `kinds` and `workflows`. */
export interface BenchResults {
  readonly schema: 'csms-bench/1';
  readonly startedAt: string;
  readonly seconds: number;
  readonly machine: {
    readonly cpus: number;
    readonly cpuModel: string;
    readonly memoryGiB: number;
    readonly node: string;
  };
  /** `codeHash`: the measured code's hash (scripts/cost/code-hash.ts); absent in older results. */
  readonly git: { readonly commit: string; readonly dirty: boolean; readonly codeHash?: string };
  readonly options: BenchOptions;
  readonly mix: ReferenceMix;
  readonly bundles?: readonly BundleFigures[];
  readonly fleet: { readonly local: FleetSummary; readonly bare?: FleetSummary };
  readonly saturation?: { readonly local: SaturationSummary; readonly bare?: SaturationSummary };
  /** Local runtime, fleet phase: what each kind of invocation cost, summed. */
  readonly usage: Record<string, LabelUsage>;
  readonly kinds: Partial<Record<MessageKind, KindFigures>>;
  readonly workflows: Partial<Record<StateMachineId, WorkflowFigures>>;
  readonly perSession: ReturnType<typeof perSessionFigures>;
  /** DynamoDB per call of a few tenant API operations; absent in older results. */
  readonly api?: ApiBenchFigures;
  /** Time to price one session (pricing.ts); absent in older results. */
  readonly pricing?: PricingFigures;
  readonly runtimeErrors: number;
  readonly targets: readonly TargetCheck[];
  readonly cost: { readonly usdPerChargerMonth: Record<string, number> };
}

/** Results of `npm run bench -- --api-only`: the API phase alone. */
export interface ApiOnlyResults {
  readonly schema: 'csms-bench-api/1';
  readonly startedAt: string;
  readonly git: { readonly commit: string; readonly dirty: boolean };
  readonly api: ApiBenchFigures;
}

/** `--api-only` runs write `<time>.api.json`: no fleet figures, so `npm run cost` skips them. */
export const apiOnlySuffix = '.api';

/** `--load-management` runs write `<time>.load-management.json`: no cost figures either. */
export const loadManagementSuffix = '.load-management';

/** The newest results file of a whole run, by its timestamped name. */
export const latestResultsFile = (dir = resultsDir): string | undefined => {
  if (!existsSync(dir)) return undefined;
  const files = readdirSync(dir)
    .filter(
      (name) =>
        name.endsWith('.json') &&
        !name.endsWith(`${apiOnlySuffix}.json`) &&
        !name.endsWith(`${loadManagementSuffix}.json`),
    )
    .sort();
  return files.length > 0 ? join(dir, files.at(-1)!) : undefined;
};

export const readResults = (path: string): BenchResults =>
  JSON.parse(readFileSync(path, 'utf8')) as BenchResults;
