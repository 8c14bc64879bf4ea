import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  measuredCode,
  measuredCodeHash,
  measuredFiles,
  regenerateDefaultsCommand,
} from '../../scripts/cost/code-hash.ts';
import { readDefaultFigures } from '../../scripts/cost/default-figures.ts';

describe('default figures (scripts/cost/default-figures.json)', () => {
  it('were measured on the code as it is', () => {
    // Act
    const defaults = readDefaultFigures();

    // Assess
    expect(
      defaults.codeHash,
      `scripts/cost/default-figures.json was measured on other code (commit ${defaults.source?.commit}): ` +
        `run \`${regenerateDefaultsCommand}\` (a benchmark of about 8 minutes) and commit the file it rewrites`,
    ).toBe(measuredCodeHash());
    expect(defaults.source.commit).toMatch(/^[0-9a-f]{40}$/);
  });
});

describe('measuredCodeHash', () => {
  const roots: string[] = [];
  afterEach(() => {
    for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
  });

  /** A repository of the measured layout with these files (each path relative to the root). */
  const aRepository = (files: Record<string, string>): string => {
    const root = mkdtempSync(join(tmpdir(), 'csms-code-hash-'));
    roots.push(root);
    for (const directory of measuredCode.directories) mkdirSync(join(root, directory), { recursive: true });
    const all = {
      ...Object.fromEntries(measuredCode.files.map((file) => [file, `// ${file}\n`])),
      ...files,
    };
    for (const [path, text] of Object.entries(all)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    return root;
  };

  it('does not depend on line endings or on the order files are found in', () => {
    // Prepare
    const lf = aRepository({
      'shared/b.ts': 'export const b = 1;\nexport const c = 2;\n',
      'local/a.ts': 'a\n',
    });
    const crlf = aRepository({
      'local/a.ts': 'a\r\n',
      'shared/b.ts': 'export const b = 1;\r\nexport const c = 2;\r\n',
    });

    // Act, Assess
    expect(measuredCodeHash(crlf)).toBe(measuredCodeHash(lf));
    expect(measuredFiles(lf)).toEqual([...measuredFiles(lf)].sort());
  });

  it('ignores tests and documentation, and changes with any measured file', () => {
    // Prepare
    const base = { 'shared/handler.ts': 'export const x = 1;\n' };
    const hash = measuredCodeHash(aRepository(base));

    // Act
    const withNoise = measuredCodeHash(
      aRepository({
        ...base,
        'shared/handler.test.ts': 'test',
        'shared/README.md': '# doc',
        'test/x.ts': 'x',
      }),
    );
    const edited = measuredCodeHash(aRepository({ 'shared/handler.ts': 'export const x = 2;\n' }));
    const renamed = measuredCodeHash(aRepository({ 'shared/other.ts': 'export const x = 1;\n' }));
    const scenario = measuredCodeHash(aRepository({ ...base, 'scripts/simulator/mix.ts': 'export {};\n' }));

    // Assess
    expect(withNoise).toBe(hash);
    expect(new Set([hash, edited, renamed, scenario]).size).toBe(4);
  });

  it('covers the handlers, the topology and the benchmark scenario of this repository', () => {
    // Act
    const files = measuredFiles();

    // Assess
    expect(files).toEqual(
      expect.arrayContaining([
        'functions/ws-default.ts',
        'shared/topology/functions.ts',
        'shared/composition-root.ts',
        'local/runtime.ts',
        'scripts/simulator/reference-mix.ts',
        'scripts/bench/runtime-meter.ts',
      ]),
    );
    expect(files.filter((file) => file.endsWith('.test.ts') || !file.endsWith('.ts'))).toEqual([]);
  });
});
