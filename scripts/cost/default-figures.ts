import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BenchResults } from '../bench/results.ts';
import type { MeasuredFigures } from './cost-model.ts';

export const defaultFiguresFile = fileURLToPath(new URL('./default-figures.json', import.meta.url));

/** Where the default figures came from: a benchmark run of one commit, on code of one hash. */
export interface DefaultFiguresSource {
  /** The commit the benchmark ran on; `dirty` when the working tree had uncommitted changes. */
  readonly commit: string;
  readonly dirty: boolean;
  readonly benchStartedAt: string;
  readonly chargers: number;
  readonly protocol: string;
  readonly timeScale: number;
  readonly machine: string;
}

/** scripts/cost/default-figures.json: what `npm run cost` prices without bench results. */
export interface DefaultFigures extends MeasuredFigures {
  readonly source: DefaultFiguresSource;
  /** `measuredCodeHash()` of the code the benchmark ran (scripts/cost/code-hash.ts); checked by `npm test`. */
  readonly codeHash: string;
}

export const readDefaultFigures = (path = defaultFiguresFile): DefaultFigures =>
  JSON.parse(readFileSync(path, 'utf8')) as DefaultFigures;

/** The default figures of a whole benchmark run, with its provenance. */
export const defaultFiguresOf = (results: BenchResults, codeHash: string): DefaultFigures => ({
  source: {
    commit: results.git.commit,
    dirty: results.git.dirty,
    benchStartedAt: results.startedAt,
    chargers: results.options.chargers,
    protocol: results.options.protocol,
    timeScale: results.options.timeScale,
    machine: `${results.machine.cpus} cores (${results.machine.cpuModel}), node ${results.machine.node}`,
  },
  codeHash,
  kinds: results.kinds,
  workflows: results.workflows,
});

export const writeDefaultFigures = (figures: DefaultFigures, path = defaultFiguresFile): void =>
  writeFileSync(path, `${JSON.stringify(figures, null, 2)}\n`);

export const describeSource = (source: DefaultFiguresSource | string): string =>
  // Files written before the provenance was recorded say it in words.
  typeof source === 'string'
    ? source
    : `npm run bench of ${source.benchStartedAt}, ${source.chargers} chargers, ${source.protocol}, time scale ` +
      `${source.timeScale}, commit ${source.commit.slice(0, 12)}${source.dirty ? ' with uncommitted changes' : ''}; ` +
      source.machine;
