import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { provisionTenant } from '../support/api-client.ts';
import { newDataDir } from '../support/local-runtime.ts';
import { connectCharger } from '../support/ocpp-client.ts';

/**
 * Starts `npm start`'s command as a child process and waits for the lines the contract promises; `admin` is the
 * rest of the admin key line.
 */
const start = async (env: Record<string, string>) => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/main.ts'], {
    env: { ...process.env, ...env, POWERTOOLS_LOG_LEVEL: 'ERROR' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const lines = await new Promise<{ ocpp: string; api: string; admin: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start-up lines within 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const ocpp = output.match(/^ocpp listening on (ws:\/\/\S+)$/m)?.[1];
      const api = output.match(/^api listening on (http:\/\/\S+)$/m)?.[1];
      const admin = output.match(/^admin key(.*)$/m)?.[1];
      if (ocpp && api && admin) {
        clearTimeout(timer);
        resolve({ ocpp, api, admin });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited with ${code}:\n${output}`)));
  });
  return { child, ...lines };
};

/** Runs `npm start`'s command until it exits on its own (a refused configuration). */
const runToExit = async (env: Record<string, string>) => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/main.ts'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const [code] = await once(child, 'exit');
  return { code: code as number, stdout, stderr };
};

const generatedKeyLine = /^ (csms_admin_[A-Za-z0-9_-]{43}) \(generated, saved in the data dir\)$/;

const stop = async (child: ChildProcess) => {
  if (child.exitCode !== null) return child.exitCode;
  child.kill('SIGTERM');
  const [code] = await once(child, 'exit');
  return code as number;
};

describe('npm start', () => {
  const dataDir = newDataDir();
  const children: ChildProcess[] = [];
  afterAll(async () => {
    for (const child of children) await stop(child);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints its ports when started on port 0, serves chargers, and stops cleanly on SIGTERM', async () => {
    // Prepare
    const csms = await start({
      CSMS_OCPP_PORT: '0',
      CSMS_API_PORT: '0',
      CSMS_DATA_DIR: dataDir,
      CSMS_ADMIN_KEY: '',
    });
    children.push(csms.child);

    const generatedKey = csms.admin.match(generatedKeyLine)?.[1];
    expect(generatedKey).toBeDefined();

    // Act
    const tenant = await provisionTenant(csms.api, generatedKey as string, ['CP-CLI']);
    const client = await connectCharger({
      ocppUrl: csms.ocpp,
      tenantId: tenant.tenantId,
      chargerId: 'CP-CLI',
      password: tenant.chargers['CP-CLI']!.password,
    });
    const boot = await client.call('BootNotification', {
      reason: 'PowerUp',
      chargingStation: { vendorName: 'Cli', model: 'Test' },
    });
    await client.close();
    const exitCode = await stop(csms.child);

    // Assess
    expect(csms.ocpp).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/ocpp$/);
    expect(csms.api).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(boot).toMatchObject({ status: 'Accepted' });
    expect(exitCode).toBe(0);
  });

  it('does not print the saved key on a later start', async () => {
    // Prepare
    const csms = await start({
      CSMS_OCPP_PORT: '0',
      CSMS_API_PORT: '0',
      CSMS_DATA_DIR: dataDir,
      CSMS_ADMIN_KEY: '',
    });
    children.push(csms.child);
    // The next start opens the same data dir, which one process at a time may hold.
    const exitCode = await stop(csms.child);

    // Assess
    expect(exitCode).toBe(0);
    expect(csms.admin).toBe(`: the one saved in ${dataDir}/admin-key (not printed)`);
    expect(csms.admin).not.toMatch(/csms_admin_/);
  });

  it('uses CSMS_ADMIN_KEY when given, and does not print it', async () => {
    // Prepare
    const givenKey = 'my-own-admin-key-for-tests-0123456789';
    expect(givenKey.length).toBeGreaterThanOrEqual(32);
    const csms = await start({
      CSMS_OCPP_PORT: '0',
      CSMS_API_PORT: '0',
      CSMS_DATA_DIR: dataDir,
      CSMS_ADMIN_KEY: givenKey,
    });
    children.push(csms.child);

    // Act
    const created = await fetch(`${csms.api}/v1/tenants`, {
      method: 'POST',
      headers: { authorization: `Bearer ${givenKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'own key' }),
    });

    // Assess
    expect(csms.admin).toBe(': the one given in CSMS_ADMIN_KEY (not printed)');
    expect(created.status).toBe(201);
  });

  it('refuses a CSMS_ADMIN_KEY shorter than 32 characters, without printing it', async () => {
    // Act
    const run = await runToExit({
      CSMS_OCPP_PORT: '0',
      CSMS_API_PORT: '0',
      CSMS_DATA_DIR: dataDir,
      CSMS_ADMIN_KEY: 'short-admin-key',
    });

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('CSMS_ADMIN_KEY must be at least 32 characters long, got 15');
    expect(run.stdout + run.stderr).not.toContain('short-admin-key');
    expect(run.stdout).not.toContain('listening');
  });

  it('refuses a port that is not a number', async () => {
    // Act
    const run = await runToExit({ CSMS_OCPP_PORT: 'nine', CSMS_DATA_DIR: dataDir });

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('CSMS_OCPP_PORT must be a port number');
  });
});
