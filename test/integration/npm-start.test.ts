import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { provisionTenant } from '../support/api-client.ts';
import { newDataDir } from '../support/local-runtime.ts';
import { connectCharger } from '../support/ocpp-client.ts';

/** Starts `npm start`'s command as a child process and waits for the lines the contract promises. */
const start = async (env: Record<string, string>) => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/main.ts'], {
    env: { ...process.env, ...env, POWERTOOLS_LOG_LEVEL: 'ERROR' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const lines = await new Promise<{ ocpp: string; api: string; admin: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start-up lines within 60 s:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const ocpp = output.match(/^ocpp listening on (ws:\/\/\S+)$/m)?.[1];
      const api = output.match(/^api listening on (http:\/\/\S+)$/m)?.[1];
      const admin = output.match(/^admin key (\S+)/m)?.[1];
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

    // Act
    const tenant = await provisionTenant(csms.api, csms.admin, ['CP-CLI']);
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

  it('uses CSMS_ADMIN_KEY when given', async () => {
    // Prepare
    const csms = await start({
      CSMS_OCPP_PORT: '0',
      CSMS_API_PORT: '0',
      CSMS_DATA_DIR: dataDir,
      CSMS_ADMIN_KEY: 'my-own-admin-key-for-tests',
    });
    children.push(csms.child);

    // Act
    const created = await fetch(`${csms.api}/v1/tenants`, {
      method: 'POST',
      headers: { authorization: 'Bearer my-own-admin-key-for-tests', 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'own key' }),
    });

    // Assess
    expect(csms.admin).toBe('my-own-admin-key-for-tests');
    expect(created.status).toBe(201);
  });

  it('refuses a port that is not a number', async () => {
    // Act
    const child = spawn(process.execPath, ['--import', 'tsx', 'local/main.ts'], {
      env: { ...process.env, CSMS_OCPP_PORT: 'nine', CSMS_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const [code] = await once(child, 'exit');

    // Assess
    expect(code).toBe(2);
    expect(stderr).toContain('CSMS_OCPP_PORT must be a port number');
  });
});
