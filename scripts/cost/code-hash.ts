import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is scripts/cost/code-hash.ts). */
export const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The code whose behaviour the default figures count: the Lambda entries and everything they run (shared/), the
 * local runtime the benchmark drives them in (local/), the simulated fleet (scripts/simulator/) and the parts of
 * the benchmark that meter, label and derive the figures. Not in it: tests, documentation, the benchmark's
 * reports, bundle timing and throughput phase (no count comes from them), and the cost model itself (it prices
 * the counts, it does not produce them; it reads the topology live).
 */
export const measuredCode = {
  directories: ['functions', 'shared', 'local', 'scripts/simulator'],
  files: [
    'scripts/bench/main.ts',
    'scripts/bench/kinds.ts',
    'scripts/bench/runtime-meter.ts',
    'scripts/bench/message-labels.ts',
  ],
} as const;

const isMeasuredSource = (path: string) =>
  path.endsWith('.ts') && !path.endsWith('.test.ts') && !path.endsWith('.d.ts');

/** The files of `measuredCode`, as sorted POSIX paths relative to the root. */
export const measuredFiles = (root = repositoryRoot): string[] => {
  const found = new Set<string>();
  for (const directory of measuredCode.directories) {
    for (const entry of readdirSync(join(root, directory), { recursive: true, encoding: 'utf8' })) {
      const path = join(root, directory, entry);
      if (isMeasuredSource(path) && statSync(path).isFile())
        found.add(relative(root, path).split(sep).join('/'));
    }
  }
  for (const file of measuredCode.files) found.add(file);
  // Sorted by code unit, not by locale: the same order on every machine.
  return [...found].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
};

/**
 * SHA-256 over every measured file's path and text, line endings normalized to LF (a Windows checkout hashes
 * alike), in sorted order: it changes exactly when a measured file is added, removed, renamed or edited.
 */
export const measuredCodeHash = (root = repositoryRoot): string => {
  const hash = createHash('sha256');
  for (const path of measuredFiles(root)) {
    const text = readFileSync(join(root, path), 'utf8').replace(/\r\n?/g, '\n');
    hash.update(path).update('\0').update(text).update('\0');
  }
  return `sha256:${hash.digest('hex')}`;
};

/** The command that regenerates scripts/cost/default-figures.json from a benchmark of the code as it is. */
export const regenerateDefaultsCommand = 'npm run figures';
