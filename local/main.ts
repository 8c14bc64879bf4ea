import { adminKeyProblem } from './admin-key.ts';
import { startLocalRuntime } from './runtime.ts';

/** `npm start`: the local CSMS, configured by the environment variables of the contract. */
const port = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    console.error(`${name} must be a port number (0 picks a free one), got ${JSON.stringify(raw)}`);
    process.exit(2);
  }
  return value;
};

const adminKey = (): string | undefined => {
  const raw = process.env.CSMS_ADMIN_KEY;
  if (raw === undefined || raw === '') return undefined;
  const problem = adminKeyProblem(raw);
  if (problem !== undefined) {
    console.error(problem);
    process.exit(2);
  }
  return raw;
};

process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
// No CloudWatch reads the metrics' EMF lines here: Powertools Metrics writes none.
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
const givenAdminKey = adminKey();

const starting = startLocalRuntime({
  ocppPort: port('CSMS_OCPP_PORT', 9000),
  apiPort: port('CSMS_API_PORT', 3000),
  dataDir: process.env.CSMS_DATA_DIR || '.data',
  // The handlers' settings by the variables Lambda gets (HEARTBEAT_INTERVAL_SECONDS, …): see shared/settings.ts.
  environment: process.env,
  ...(givenAdminKey !== undefined && { adminKey: givenAdminKey }),
});

// Handlers at once: a signal that comes while the runtime starts, or just after its lines are printed (a test or a
// supervisor may send it as soon as it reads them), still stops it cleanly.
let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: stopping`);
  await (await starting.catch(() => undefined))?.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));

const runtime = await starting;

console.log(`ocpp listening on ${runtime.ocppUrl}`);
console.log(`api listening on ${runtime.apiUrl}`);
console.log(`data dir ${runtime.dataDir}`);
// Only a new key is shown (once); a given or saved one would otherwise land in every terminal and CI log.
const adminKeyLines = {
  generated: `admin key ${runtime.adminKey} (generated, saved in the data dir)`,
  environment: 'admin key: the one given in CSMS_ADMIN_KEY (not printed)',
  'data-dir': `admin key: the one saved in ${runtime.dataDir}/admin-key (not printed)`,
} as const;
console.log(adminKeyLines[runtime.adminKeySource]);
