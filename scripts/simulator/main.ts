import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runFleet } from './fleet.ts';
import { type FleetFile, type ProtocolChoice, provisionFleet } from './provision.ts';
import { referenceMix } from './reference-mix.ts';
import { formatLoadManagementSummary, SitePhysics } from './site-draw.ts';
import { formatFleetSummary } from './summary-table.ts';

const usage = `npm run simulate -- [options]     a fleet of simulated chargers against a running CSMS (npm start)

  --chargers N            fleet size (default 100)
  --protocol P            2.0.1 | 1.6 | mix (default mix: every other charger 1.6)
  --duration S            seconds to run once every charger is ready (default 120)
  --time-scale X          run the reference mix X times faster (default 1; the CSMS's 540 s heartbeat
                          interval becomes 540/X s, sessions, meter values and the 2-hour cut likewise)
  --ramp R                new connections per second while the fleet comes up (default 200)
  --api-url URL           tenant API (default http://127.0.0.1:$CSMS_API_PORT or :3000)
  --admin-key KEY         platform-admin key (default $CSMS_ADMIN_KEY, else the one npm start saved in
                          --data-dir, default $CSMS_DATA_DIR or .data)
  --site-size N           chargers per site (default 10; 0: no sites)
  --site-limit-a A        put every site under load management with this grid limit (A per phase) and report,
                          per site and second, the chargers' total draw against it
  --commands-per-day N    operator SetChargingProfile commands per charger and day (default 1)
  --fleet-file PATH       use a fleet provisioned before (JSON written by --save-fleet) instead of provisioning
  --save-fleet PATH       write the provisioned fleet (credentials!) to PATH
  --ocpp-endpoint URL     connect there instead of the fleet's CSMS (e.g. a bare OCPP server), no commands
  --cold-start            every charger powers up: boots, idles (default: like a running fleet, where
                          connections are reconnects, sessions are under way and connections have an age)
  --boot-share F          running fleet: the share of chargers that boot when they connect (default 0.1)
  --seed N                random seed (default 1)
  --json PATH             also write the summary as JSON
  --no-progress           no progress bar
`;

const { values } = parseArgs({
  options: {
    chargers: { type: 'string', default: '100' },
    protocol: { type: 'string', default: 'mix' },
    duration: { type: 'string', default: '120' },
    'time-scale': { type: 'string', default: '1' },
    ramp: { type: 'string', default: '200' },
    'api-url': { type: 'string', default: `http://127.0.0.1:${process.env.CSMS_API_PORT || '3000'}` },
    'admin-key': { type: 'string' },
    'data-dir': { type: 'string', default: process.env.CSMS_DATA_DIR || '.data' },
    'site-size': { type: 'string', default: '10' },
    'site-limit-a': { type: 'string' },
    'commands-per-day': { type: 'string', default: String(referenceMix.commandsPerDay) },
    'fleet-file': { type: 'string' },
    'save-fleet': { type: 'string' },
    'ocpp-endpoint': { type: 'string' },
    'cold-start': { type: 'boolean', default: false },
    'boot-share': { type: 'string', default: '0.1' },
    seed: { type: 'string', default: '1' },
    json: { type: 'string' },
    'no-progress': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log(usage);
  process.exit(0);
}

const number = (name: keyof typeof values, min: number): number => {
  const value = Number(values[name]);
  if (!Number.isFinite(value) || value < min) {
    console.error(`--${name} must be a number ≥ ${min}\n\n${usage}`);
    process.exit(2);
  }
  return value;
};

const protocolChoice = (raw: string | undefined): ProtocolChoice => {
  const choice = ({ '2.0.1': 'ocpp2.0.1', '1.6': 'ocpp1.6', mix: 'mix' } as const)[
    raw as '2.0.1' | '1.6' | 'mix'
  ];
  if (!choice) {
    console.error(`--protocol must be 2.0.1, 1.6 or mix\n\n${usage}`);
    process.exit(2);
  }
  return choice;
};

const adminKey = (): string => {
  const file = join(values['data-dir']!, 'admin-key');
  const key =
    values['admin-key'] ||
    process.env.CSMS_ADMIN_KEY ||
    (existsSync(file) && readFileSync(file, 'utf8').trim());
  if (!key) {
    console.error(
      `no platform-admin key: pass --admin-key or CSMS_ADMIN_KEY (npm start prints it)\n\n${usage}`,
    );
    process.exit(2);
  }
  return key;
};

const chargers = number('chargers', 1);
const fleet: FleetFile = values['fleet-file']
  ? (JSON.parse(readFileSync(values['fleet-file'], 'utf8')) as FleetFile)
  : await provisionFleet({
      apiUrl: values['api-url']!,
      adminKey: adminKey(),
      chargers,
      protocol: protocolChoice(values.protocol),
      siteSize: number('site-size', 0),
      idTokens: 20,
      ...(values['site-limit-a'] !== undefined && { siteLimitA: number('site-limit-a', 1) }),
      log: (line) => console.log(`provisioned ${line}`),
    });
if (values['save-fleet']) writeFileSync(values['save-fleet'], JSON.stringify(fleet), { mode: 0o600 });

// Ctrl-C ends the run early; the summary still comes.
const interrupted = new AbortController();
process.once('SIGINT', () => interrupted.abort());

const endpoint = values['ocpp-endpoint'] ?? fleet.ocppEndpoint;
const physics = fleet.siteLimits ? new SitePhysics() : undefined;
const summary = await runFleet({
  label: values['ocpp-endpoint'] ? 'baseline' : 'fleet',
  endpoint,
  chargers: fleet.chargers.slice(0, chargers),
  idTokens: fleet.idTokens,
  mix: referenceMix,
  timeScale: number('time-scale', 0.001),
  rampPerSecond: number('ramp', 0.001),
  steadySeconds: number('duration', 0),
  seed: number('seed', 0),
  steadyStart: !values['cold-start'],
  bootShare: number('boot-share', 0),
  ...(!values['ocpp-endpoint'] && {
    operator: { apiUrl: fleet.apiUrl, apiKey: fleet.apiKey, commandsPerDay: number('commands-per-day', 0) },
  }),
  progress: !values['no-progress'],
  signal: interrupted.signal,
  ...(physics && { observer: physics }),
});

console.log(`\n${formatFleetSummary(summary)}`);
const loadManagement = physics && fleet.siteLimits ? physics.summary(fleet.siteLimits) : undefined;
if (loadManagement) console.log(`\n${formatLoadManagementSummary(loadManagement)}`);
const result = { ...summary, ...(loadManagement && { loadManagement }) };
if (values.json) writeFileSync(values.json, `${JSON.stringify(result, null, 2)}\n`);
// Forked by the benchmark: the summary goes back over IPC.
if (process.send)
  await new Promise<void>((resolve) => process.send!({ type: 'summary', summary: result }, () => resolve()));
process.exit(summary.totals.invalidRequests > 0 ? 1 : 0);
