import {
  ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  GetConnectionCommand,
  GoneException,
  PayloadTooLargeException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionTenant } from '../support/api-client.ts';
import { startTestRuntime } from '../support/local-runtime.ts';
import { openRawCharger, type RawCharger, within } from '../support/raw-websocket.ts';

const userAgent = 'acme-charger/4.2 (test)';

describe('the @connections management endpoint answers the unmodified AWS SDK client', () => {
  let env: Awaited<ReturnType<typeof startTestRuntime>>;
  let tenant: Awaited<ReturnType<typeof provisionTenant>>;
  let management: ApiGatewayManagementApiClient;

  beforeAll(async () => {
    env = await startTestRuntime();
    tenant = await provisionTenant(env.runtime.apiUrl, env.runtime.adminKey, ['CP-MGMT', 'CP-DEL']);
    management = new ApiGatewayManagementApiClient({
      endpoint: env.runtime.ocppUrl.replace(/^ws:/, 'http:').replace(/\/ocpp$/, ''),
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
  });
  afterAll(async () => {
    management?.destroy();
    await env?.stop();
  });

  /** Connects a charger and returns it with the id API Gateway gave its connection. */
  const connect = async (chargerId: string): Promise<{ charger: RawCharger; connectionId: string }> => {
    const before = new Set(env.runtime.websocket.connectionIds());
    const charger = await openRawCharger({
      ocppUrl: env.runtime.ocppUrl,
      tenantId: tenant.tenantId,
      chargerId,
      password: tenant.chargers[chargerId]!.password,
      protocol: 'ocpp2.0.1',
      headers: { 'user-agent': userAgent },
    });
    const added = env.runtime.websocket.connectionIds().filter((id) => !before.has(id));
    expect(added).toHaveLength(1);
    return { charger, connectionId: added[0]! };
  };

  describe('on an open connection', () => {
    let charger: RawCharger;
    let connectionId: string;
    let connectedBetween: [number, number];

    beforeAll(async () => {
      const start = Date.now();
      ({ charger, connectionId } = await connect('CP-MGMT'));
      connectedBetween = [start, Date.now()];
    });
    afterAll(() => charger?.close());

    it('PostToConnection delivers the data to the charger as one text message', async () => {
      // Prepare
      const data = JSON.stringify([
        2,
        'csms-1',
        'TriggerMessage',
        { requestedMessage: 'Heartbeat', note: 'Grüße ⚡' },
      ]);

      // Act
      const output = await management.send(
        new PostToConnectionCommand({ ConnectionId: connectionId, Data: new TextEncoder().encode(data) }),
      );

      // Assess
      expect(output.$metadata.httpStatusCode).toBe(200);
      expect(await charger.next()).toEqual(JSON.parse(data));
      expect(await charger.drain(30)).toEqual([]);
    });

    it('PostToConnection accepts exactly 128 KB', async () => {
      // Prepare
      const data = 'y'.repeat(128 * 1024);

      // Act
      await management.send(
        new PostToConnectionCommand({ ConnectionId: connectionId, Data: Buffer.from(data) }),
      );

      // Assess
      expect(await charger.next()).toBe(data);
    });

    it('PostToConnection over 128 KB → PayloadTooLargeException, nothing is sent', async () => {
      // Act
      const failure = await management
        .send(
          new PostToConnectionCommand({
            ConnectionId: connectionId,
            Data: Buffer.alloc(128 * 1024 + 1, 'z'),
          }),
        )
        .then(
          () => undefined,
          (error: unknown) => error,
        );

      // Assess
      expect(failure).toBeInstanceOf(PayloadTooLargeException);
      expect((failure as PayloadTooLargeException).$metadata.httpStatusCode).toBe(413);
      expect(await charger.drain(100)).toEqual([]);
      expect(charger.isOpen).toBe(true);
    });

    it('GetConnection returns ConnectedAt, LastActiveAt and Identity', async () => {
      // Act
      const output = await management.send(new GetConnectionCommand({ ConnectionId: connectionId }));

      // Assess
      expect(output.ConnectedAt).toBeInstanceOf(Date);
      // ISO strings carry milliseconds; the window is widened by one for rounding.
      expect(output.ConnectedAt!.getTime()).toBeGreaterThanOrEqual(connectedBetween[0] - 1);
      expect(output.ConnectedAt!.getTime()).toBeLessThanOrEqual(connectedBetween[1] + 1);
      expect(output.LastActiveAt).toBeInstanceOf(Date);
      expect(output.LastActiveAt!.getTime()).toBeGreaterThanOrEqual(output.ConnectedAt!.getTime());
      expect(output.Identity).toEqual({ SourceIp: '127.0.0.1', UserAgent: userAgent });
    });
  });

  it('DeleteConnection closes the socket; the connection is then gone and the charger offline', async () => {
    // Prepare
    const { charger, connectionId } = await connect('CP-DEL');
    expect(await charger.call('hb', 'Heartbeat', {})).toMatchObject([3, 'hb', {}]);

    // Act
    const output = await management.send(new DeleteConnectionCommand({ ConnectionId: connectionId }));
    const closure = await within(charger.closed, 2000, 'the socket to close');
    await env.runtime.settled();

    // Assess
    expect(output.$metadata.httpStatusCode).toBe(204);
    expect(closure.code).toBe(1000);
    expect(env.runtime.websocket.connectionIds()).not.toContain(connectionId);
    const again = await management.send(new GetConnectionCommand({ ConnectionId: connectionId })).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(again).toBeInstanceOf(GoneException);
    expect((await tenant.api.get('/v1/chargers/CP-DEL')).body).toMatchObject({ online: false });
  });

  it.each([
    [
      'PostToConnection',
      (id: string) => new PostToConnectionCommand({ ConnectionId: id, Data: Buffer.from('x') }),
    ],
    ['GetConnection', (id: string) => new GetConnectionCommand({ ConnectionId: id })],
    ['DeleteConnection', (id: string) => new DeleteConnectionCommand({ ConnectionId: id })],
  ])('%s on an unknown connection id → GoneException', async (_name, command) => {
    // Prepare: API Gateway ids are base64, so `/`, `+` and `=` must survive the path encoding.
    const ids = ['L0SM9cOFvHcCIhw=', 'ab/cd+ef/gh+ij=='];

    for (const id of ids) {
      // Act
      const failure = await management.send(command(id) as GetConnectionCommand).then(
        () => undefined,
        (error: unknown) => error,
      );

      // Assess
      expect(failure).toBeInstanceOf(GoneException);
      expect((failure as GoneException).$metadata.httpStatusCode).toBe(410);
    }
  });
});
