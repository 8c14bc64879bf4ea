import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { defaultSettings, settingsEnvironment } from '../../shared/settings.ts';
import { type FunctionId, functions } from '../../shared/topology/functions.ts';

const run = promisify(execFile);

/** The banner of lib/constructs/csms-function.ts (not exported there): `require` & co. inside an ESM bundle. */
const esmRequireShim = [
  "import { createRequire as __csmsCreateRequire } from 'node:module';",
  "import { fileURLToPath as __csmsFileURLToPath } from 'node:url';",
  "import { dirname as __csmsDirname } from 'node:path';",
  'const require = __csmsCreateRequire(import.meta.url);',
  'const __filename = __csmsFileURLToPath(import.meta.url);',
  'const __dirname = __csmsDirname(__filename);',
].join(' ');

/** The environment the stack gives every function, from the settings schema, with dummy wiring. */
const lambdaEnvironment = {
  PATH: process.env.PATH ?? '',
  AWS_REGION: 'us-east-1',
  ...settingsEnvironment({
    ...defaultSettings,
    tableName: 'csms',
    eventBusName: 'csms',
    connectionsEndpoint: 'https://example.execute-api.us-east-1.amazonaws.com/ocpp',
    adminKeySha256: '',
    ocppBaseUrl: 'wss://example.cloudfront.net/ocpp',
    callQueueTimerUrl: 'https://sqs.us-east-1.amazonaws.com/000000000000/call-queue-timer',
    webhookDeliveryQueueUrl: 'https://sqs.us-east-1.amazonaws.com/000000000000/webhook-deliveries',
    filesBucket: 'csms-files',
    tenantRoleArn: '',
  }),
  AWS_ACCESS_KEY_ID: 'none',
  AWS_SECRET_ACCESS_KEY: 'none',
  POWERTOOLS_SERVICE_NAME: 'csms',
  POWERTOOLS_LOG_LEVEL: 'WARN',
};

export interface BundleFigures {
  readonly functionId: FunctionId;
  readonly bytes: number;
  /** Roughly what the deployment zip holds. */
  readonly gzipBytes: number;
  readonly sourceMapBytes: number;
  /** Median time to `import()` the bundle in a fresh Node process: the init part of a cold start. */
  readonly importMs: number;
  readonly importRuns: readonly number[];
}

const medianOf = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Times `import()` of a bundle in a new process; the process start itself is not counted. */
const importTime = async (bundle: string): Promise<number> => {
  const script = `const t = performance.now(); await import(${JSON.stringify(bundle)}); process.stdout.write(String(performance.now() - t));`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    env: lambdaEnvironment,
    timeout: 60_000,
  });
  return Number(stdout);
};

/**
 * Builds every function of the topology as the stack does (esbuild: ESM, node24, minified, source maps, the
 * same banner, AWS SDK bundled) and measures bundle sizes and import times. Sequential, so that the timings do
 * not compete for the two cores.
 */
export const measureBundles = async (
  options: { readonly runs?: number; readonly log?: (line: string) => void } = {},
): Promise<BundleFigures[]> => {
  const outDir = mkdtempSync(join(tmpdir(), 'csms-bundles-'));
  try {
    const results: BundleFigures[] = [];
    for (const [functionId, spec] of Object.entries(functions) as [
      FunctionId,
      (typeof functions)[FunctionId],
    ][]) {
      const outfile = join(outDir, functionId, 'index.mjs');
      await build({
        entryPoints: [resolve(spec.entry)],
        outfile,
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node24',
        mainFields: ['module', 'main'],
        minify: true,
        sourcemap: true,
        banner: { js: esmRequireShim },
        logLevel: 'error',
      });
      const runs: number[] = [];
      for (let i = 0; i < (options.runs ?? 3); i += 1) runs.push(await importTime(outfile));
      const figures: BundleFigures = {
        functionId,
        bytes: statSync(outfile).size,
        gzipBytes: gzipSync(readFileSync(outfile)).byteLength,
        sourceMapBytes: statSync(`${outfile}.map`).size,
        importMs: Math.round(medianOf(runs) * 10) / 10,
        importRuns: runs.map((ms) => Math.round(ms * 10) / 10),
      };
      options.log?.(`${functionId}: ${(figures.bytes / 1024).toFixed(0)} KiB, import ${figures.importMs} ms`);
      results.push(figures);
    }
    return results;
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
};
