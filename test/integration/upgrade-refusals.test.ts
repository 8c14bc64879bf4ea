import { RPCClient } from 'ocpp-rpc';
import type { RPC_ClientOptions } from 'ocpp-rpc/lib/client.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionTenant } from '../support/api-client.ts';
import { startTestRuntime } from '../support/local-runtime.ts';
import { attemptUpgrade, basicAuth, within } from '../support/raw-websocket.ts';

describe('the charger gateway refuses bad upgrades before a socket exists', () => {
  let env: Awaited<ReturnType<typeof startTestRuntime>>;
  let tenant: Awaited<ReturnType<typeof provisionTenant>>;
  const chargerId = 'CP-UP';
  let password: string;
  let url: string;

  beforeAll(async () => {
    env = await startTestRuntime();
    tenant = await provisionTenant(env.runtime.apiUrl, env.runtime.adminKey, [chargerId, 'CP-OTHER']);
    password = tenant.chargers[chargerId]!.password;
    url = `${env.runtime.ocppUrl}/${tenant.tenantId}/${chargerId}`;
  });
  afterAll(() => env?.stop());

  /** A refused upgrade must leave nothing behind: no socket at the gateway, no connection record. */
  const expectNoConnection = async () => {
    await env.runtime.settled();
    expect(env.runtime.websocket.connectionCount).toBe(0);
    const charger = await tenant.api.get(`/v1/chargers/${chargerId}`);
    expect(charger.body).toMatchObject({ online: false });
  };

  it.each([
    ['a wrong password', () => ({ url, authorization: basicAuth(chargerId, 'not-the-password') })],
    ['no Authorization header', () => ({ url })],
    [
      'a username that is not the charger id',
      () => ({ url, authorization: basicAuth('CP-OTHER', password) }),
    ],
    [
      "another charger's valid credentials",
      () => ({ url, authorization: basicAuth('CP-OTHER', tenant.chargers['CP-OTHER']!.password) }),
    ],
    ['a Bearer instead of a Basic header', () => ({ url, authorization: `Bearer ${password}` })],
    [
      'an unknown tenant',
      () => ({
        url: `${env.runtime.ocppUrl}/01J0000000000000000000000X/${chargerId}`,
        authorization: basicAuth(chargerId, password),
      }),
    ],
    [
      'an unknown charger',
      () => ({
        url: `${env.runtime.ocppUrl}/${tenant.tenantId}/CP-NOPE`,
        authorization: basicAuth('CP-NOPE', password),
      }),
    ],
  ])('%s → 401', async (_name, request) => {
    // Prepare
    const options = request();

    // Act
    const outcome = await attemptUpgrade({ ...options, protocols: ['ocpp2.0.1'] });

    // Assess
    expect(outcome).toMatchObject({ kind: 'refused', status: 401 });
    await expectNoConnection();
  });

  it.each([
    ['/ocpp/{tenant} (no charger)', (t: string) => `/ocpp/${t}`],
    ['/ocpp/{tenant}/{charger}/extra', (t: string) => `/ocpp/${t}/${chargerId}/extra`],
    ['/chargers/{tenant}/{charger}', (t: string) => `/chargers/${t}/${chargerId}`],
    ['/ocpp/{tenant}/{charger} with a colon in the id', (t: string) => `/ocpp/${t}/CP%3AUP`],
    ['/ocpp/{tenant}/..', (t: string) => `/ocpp/${t}/..`],
  ])('path %s → 404', async (_name, path) => {
    // Prepare
    const base = env.runtime.ocppUrl.replace(/\/ocpp$/, '');

    // Act
    const outcome = await attemptUpgrade({
      url: `${base}${path(tenant.tenantId)}`,
      protocols: ['ocpp2.0.1'],
      authorization: basicAuth(chargerId, password),
    });

    // Assess
    expect(outcome).toMatchObject({ kind: 'refused', status: 404 });
    await expectNoConnection();
  });

  it.each([
    ['only ocpp2.1', ['ocpp2.1']],
    ['only unknown subprotocols', ['ocpp1.5', 'mqtt']],
    ['no subprotocol at all', []],
  ])('%s → 400, no socket', async (_name, protocols) => {
    // Act
    const outcome = await attemptUpgrade({ url, protocols, authorization: basicAuth(chargerId, password) });

    // Assess
    expect(outcome).toMatchObject({ kind: 'refused', status: 400 });
    await expectNoConnection();
  });

  it.each([
    [['ocpp1.6', 'ocpp2.0.1'], 'ocpp1.6'],
    [['ocpp2.0.1', 'ocpp1.6'], 'ocpp2.0.1'],
    [['ocpp2.1', 'ocpp2.0.1', 'ocpp1.6'], 'ocpp2.0.1'],
    [['ocpp2.1', 'ocpp1.6'], 'ocpp1.6'],
  ])('good credentials offering %j → the server echoes %s', async (protocols, expected) => {
    // Act
    const outcome = await attemptUpgrade({ url, protocols, authorization: basicAuth(chargerId, password) });

    // Assess
    if (outcome.kind !== 'open') throw new Error(`refused with ${outcome.status}`);
    expect(outcome.charger.protocol).toBe(expected);
    const heartbeat = await outcome.charger.call('hb-1', 'Heartbeat', {});
    expect(heartbeat).toMatchObject([3, 'hb-1', { currentTime: expect.any(String) }]);
    await env.runtime.settled();
    expect((await tenant.api.get(`/v1/chargers/${chargerId}`)).body).toMatchObject({
      online: true,
      ocppVersion: expected,
    });
    await outcome.charger.close();
    await env.runtime.settled();
  });

  describe('with ocpp-rpc', () => {
    const rpcClient = (password: string, protocols: string[]) =>
      new RPCClient({
        endpoint: `${env.runtime.ocppUrl}/${tenant.tenantId}`,
        identity: chargerId,
        password,
        protocols,
        strictMode: true,
        reconnect: false,
        // The typings declare every option required; the library fills in its defaults.
      } as Partial<RPC_ClientOptions> as RPC_ClientOptions);

    it('a wrong password rejects connect() with HTTP 401', async () => {
      // Prepare
      const client = rpcClient('wrong', ['ocpp2.0.1']);

      // Act
      const failure = await within(client.connect(), 3000, 'connect()').then(
        () => undefined,
        (error: unknown) => error,
      );

      // Assess
      expect(failure).toMatchObject({ code: 401 });
      expect(client.state).not.toBe(RPCClient.OPEN);
      await expectNoConnection();
    });

    it('no common subprotocol rejects connect() with HTTP 400', async () => {
      // Prepare
      const client = rpcClient(password, ['ocpp2.1']);

      // Act
      const failure = await within(client.connect(), 3000, 'connect()').then(
        () => undefined,
        (error: unknown) => error,
      );

      // Assess
      expect(failure).toMatchObject({ code: 400 });
      await expectNoConnection();
    });

    it("the charger's first supported subprotocol wins", async () => {
      // Prepare
      const client = rpcClient(password, ['ocpp1.6', 'ocpp2.0.1']);

      // Act
      await within(client.connect(), 3000, 'connect()');
      const heartbeat = (await client.call('Heartbeat', {})) as { currentTime: string };

      // Assess
      expect(client.protocol).toBe('ocpp1.6');
      expect(heartbeat.currentTime).toMatch(/Z$/);
      await client.close();
      await env.runtime.settled();
    });
  });
});
