import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startLocalRuntime } from '../../local/runtime.ts';
import { expectStatus, tenantApi } from '../simulator/api.ts';
import { type BlockSummary, type CaseResult, parseJunitXml, summarize, summaryTable } from './junit.ts';
import { fixturesFromEnvironment, provisionSuiteFixtures } from './suite-setup.ts';
import { startTriggerServer, type TriggerRecord } from './trigger-server.ts';

const usage = `Runs a public OCTT scenario suite (tzi-app/tzi-OCTT, pytest) against a fresh local runtime.

  npm run conformance -- --suite ../tzi-OCTT [--blocks A,B,1.6] [--concurrency 2] [--out results.json]

  --suite DIR          a checkout of the suite (kept outside this repository)
  --blocks LIST        2.0.1 blocks (A…P) and/or 1.6; default: every 2.0.1 block and 1.6
  --python CMD         the Python with pytest, pytest-asyncio, websockets (legacy API), ocpp, pyhumps, jsonschema
                       (default: python3; PYTHONPATH is passed through)
  --concurrency N      blocks run at once, each with its own tenant and trigger server (default 2)
  --action-timeout S   the suite's CSMS_ACTION_TIMEOUT: how long a case waits for the CSMS (default 15)
  --case-timeout S     per case, when pytest-timeout is installed (default 120)
  --out FILE           per-case results, summaries and the triggers the adapter could not map (JSON)`;

const { values } = parseArgs({
  options: {
    suite: { type: 'string' },
    blocks: { type: 'string' },
    python: { type: 'string', default: 'python3' },
    concurrency: { type: 'string', default: '2' },
    'action-timeout': { type: 'string', default: '15' },
    'case-timeout': { type: 'string', default: '120' },
    out: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help || !values.suite) {
  console.log(usage);
  process.exit(values.help ? 0 : 2);
}
const suite = resolve(values.suite);
const allBlocks = [...'ABCDEFGHIJKLMNOP'.split(''), '1.6'];
const blocks = (values.blocks?.split(',') ?? allBlocks).map((block) => block.trim()).filter(Boolean);
const blockDir = (block: string) => (block === '1.6' ? join(suite, '1.6') : join(suite, '2.0.1', block));
for (const block of blocks)
  if (!existsSync(blockDir(block))) throw new Error(`no block ${block} in ${suite} (${blockDir(block)})`);

/** The suite's pytest.ini `env` defaults (`D:NAME=value`), so that pytest-env is not needed. */
const iniEnvironment = (): Record<string, string> => {
  const ini = readFileSync(join(suite, 'pytest.ini'), 'utf8');
  return Object.fromEntries(
    [...ini.matchAll(/^\s*D:([A-Z0-9_]+)=(.*)$/gm)].map((match) => [match[1]!, match[2]!.trim()]),
  );
};

/** Cases that connect a profile 2 or 3 charger or use client certificates: need TLS, out of scope locally. */
const tlsOnlyFiles = (dir: string): Set<string> =>
  new Set(
    readdirSync(dir)
      .filter((file) => /^test_.*\.py$/.test(file))
      .filter((file) =>
        /CP201_SP2|CP201_SP3|CP16_SP3|TLS_CLIENT|TLS_INVALID/.test(readFileSync(join(dir, file), 'utf8')),
      )
      .map((file) => file.replace(/\.py$/, '')),
  );

const hasPytestTimeout =
  spawnSync(values.python, ['-c', 'import pytest_timeout'], { stdio: 'ignore' }).status === 0;

const dataDir = mkdtempSync(join(tmpdir(), 'csms-conformance-'));
const runtime = await startLocalRuntime({
  ocppPort: 0,
  apiPort: 0,
  dataDir,
  apiRateLimitPerSecond: 1000,
  // The suite's sessions last seconds: a running cost (2.0.1 totalCost / CostUpdated) at most every second, as
  // an operator with short sessions would set it, instead of every 5 minutes (RUNNING_COST_INTERVAL_SECONDS).
  environment: { RUNNING_COST_INTERVAL_SECONDS: '1' },
  logger: { info: () => undefined, error: () => undefined },
});
const admin = tenantApi(runtime.apiUrl, runtime.adminKey);
const ini = iniEnvironment();

interface BlockRun {
  readonly summary: BlockSummary;
  readonly cases: readonly CaseResult[];
  readonly triggers: readonly TriggerRecord[];
}

const runBlock = async (block: string): Promise<BlockRun> => {
  const created = expectStatus(
    'tenant',
    await admin.post('/v1/tenants', { name: `octt ${block} ${Date.now()}` }),
    201,
  );
  const api = tenantApi(runtime.apiUrl, created.body.apiKey);
  const environment: Record<string, string> = {
    ...ini,
    ...(Object.fromEntries(Object.entries(process.env).filter(([, value]) => value !== undefined)) as Record<
      string,
      string
    >),
  };
  await provisionSuiteFixtures(api, fixturesFromEnvironment(environment));
  const trigger = await startTriggerServer(api);
  const junit = join(dataDir, `junit-${block}.xml`);
  const args = [
    '-m',
    'pytest',
    '-q',
    '-p',
    'no:cacheprovider',
    '-p',
    'no:warnings',
    '-o',
    'asyncio_mode=strict',
    `--junitxml=${junit}`,
    ...(hasPytestTimeout ? [`--timeout=${values['case-timeout']}`] : []),
    blockDir(block),
  ];
  const started = Date.now();
  const child = spawn(values.python, args, {
    cwd: suite,
    env: {
      ...environment,
      CSMS_ADDRESS: `${runtime.ocppUrl}/${created.body.tenantId}`,
      CSMS_TRIGGER_ADDRESS: trigger.url,
      CSMS_ACTION_TIMEOUT: values['action-timeout'],
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  await new Promise((done) => child.on('close', done));
  await trigger.close();
  const cases = existsSync(junit) ? parseJunitXml(readFileSync(junit, 'utf8')) : [];
  if (cases.length === 0) console.error(`block ${block}: no results; pytest said:\n${output.slice(-3000)}`);
  const tls = tlsOnlyFiles(blockDir(block));
  const summary = summarize(block, cases, (result) => tls.has(result.file.split('.').pop() ?? ''));
  console.log(
    `block ${block}: ${summary.passed}/${summary.tests} passed (${summary.tlsOnly} TLS cases apart) in ${Math.round((Date.now() - started) / 1000)} s`,
  );
  return { summary, cases, triggers: trigger.records };
};

const queue = [...blocks];
const runs = new Map<string, BlockRun>();
await Promise.all(
  Array.from({ length: Math.max(1, Number(values.concurrency)) }, async () => {
    for (let block = queue.shift(); block !== undefined; block = queue.shift())
      runs.set(block, await runBlock(block));
  }),
);
await runtime.close();
rmSync(dataDir, { recursive: true, force: true });

const ordered = blocks.map((block) => runs.get(block)!);
console.log(`\n${summaryTable(ordered.map((run) => run.summary))}`);
const gaps = [
  ...new Set(
    ordered.flatMap((run) =>
      run.triggers
        .filter((record) => record.outcome === 'unsupported')
        .map((record) => `${record.path.replace(/^\/api\/octt\/[^/]+\/[^/]+\//, '')}: ${record.reason}`),
    ),
  ),
];
if (gaps.length > 0)
  console.log(`\nTriggers without an API here:\n${gaps.map((gap) => `- ${gap}`).join('\n')}`);
if (values.out)
  writeFileSync(
    values.out,
    `${JSON.stringify({ suite, blocks: ordered.map(({ summary, cases, triggers }) => ({ ...summary, cases, triggers })) }, null, 2)}\n`,
  );
