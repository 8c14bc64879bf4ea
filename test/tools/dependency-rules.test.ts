import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

/**
 * The layering rules of `.dependency-cruiser.cjs`, each proven to bite: a small tree that breaks one rule fails
 * `depcruise` with that rule's name; the same tree without the offending import passes.
 */
const repo = resolve(import.meta.dirname, '../..');
const cli = join(repo, 'node_modules/dependency-cruiser/bin/dependency-cruiser.mjs');
const dirs: string[] = [];

const cruise = (files: Record<string, string>) => {
  const dir = mkdtempSync(join(tmpdir(), 'depcruise-'));
  dirs.push(dir);
  copyFileSync(join(repo, '.dependency-cruiser.cjs'), join(dir, '.dependency-cruiser.cjs'));
  copyFileSync(join(repo, 'tsconfig.json'), join(dir, 'tsconfig.json'));
  symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const roots = [...new Set(Object.keys(files).map((path) => path.split('/')[0] as string))];
  const run = spawnSync(
    process.execPath,
    [cli, '--config', '.dependency-cruiser.cjs', '--output-type', 'err', ...roots],
    { cwd: dir, encoding: 'utf8' },
  );
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
};

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const useCase = 'shared/slices/demo/start-demo.ts';
const repository = 'shared/slices/demo/adapters/dynamodb-demo-repository.ts';

const cases: readonly { rule: string; files: Record<string, string> }[] = [
  {
    rule: 'no-circular',
    files: {
      'shared/slices/demo/a.ts': "import { b } from './b.ts';\nexport const a = () => b;\n",
      'shared/slices/demo/b.ts': "import { a } from './a.ts';\nexport const b = () => a;\n",
    },
  },
  {
    rule: 'domain-imports-no-adapter',
    files: {
      [useCase]:
        "import { save } from './adapters/dynamodb-demo-repository.ts';\nexport const start = save;\n",
      [repository]: 'export const save = () => 1;\n',
    },
  },
  {
    rule: 'domain-imports-no-aws',
    files: {
      [useCase]:
        "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nexport const c = DynamoDBClient;\n",
    },
  },
  {
    rule: 'adapters-import-no-use-case',
    files: {
      [useCase]: 'export const start = () => 1;\n',
      [repository]: "import { start } from '../start-demo.ts';\nexport const save = start;\n",
    },
  },
  {
    rule: 'handlers-import-no-adapter',
    files: {
      'shared/slices/demo/http/demo.ts':
        "import { save } from '../adapters/dynamodb-demo-repository.ts';\nexport const handle = save;\n",
      [repository]: 'export const save = () => 1;\n',
    },
  },
  {
    rule: 'composition-root-imports-no-slice-implementation',
    files: {
      'shared/composition-root.ts':
        "import { slices } from './slices/index.ts';\nexport const all = slices;\n",
      'shared/slices/index.ts': 'export const slices = [];\n',
    },
  },
  {
    rule: 'lambda-imports-no-cdk-app',
    files: {
      'functions/demo.ts': "import { stack } from '../lib/demo-stack.ts';\nexport const handler = stack;\n",
      'lib/demo-stack.ts': 'export const stack = 1;\n',
    },
  },
];

describe('dependency rules (npm run check)', () => {
  it.each(cases)('$rule bites', ({ rule, files }) => {
    const { status, output } = cruise(files);
    expect(output).toContain(rule);
    expect(status).not.toBe(0);
  });

  it('passes a tree that keeps the rules', () => {
    const { status, output } = cruise({
      [useCase]:
        "import type { Demo } from '../../UNKNOWN/Demo';\nexport const start = (demo: Demo) => demo.save();\n",
      'shared/slices/demo/ports.ts': 'export interface Demo {\n  save(): number;\n}\n',
      [repository]:
        "import type { Demo } from '../../UNKNOWN/Demo';\nexport const repository: Demo = { save: () => 1 };\n",
    });
    expect(output).toContain('no dependency violations found');
    expect(status).toBe(0);
  });
});
