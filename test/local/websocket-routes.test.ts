import { afterEach, describe, expect, it } from 'vitest';
import { awsWebSocketQuotas, LocalWebSocketGateway } from '../../local/websocket-gateway.ts';
import { quietLogger } from '../support/local-runtime.ts';
import { openRawCharger } from '../support/raw-websocket.ts';

/**
 * The emulation sends what API Gateway sends for the same Lambda result: on a two-way route the output for
 * every frame, an empty message when it has no body (serverless/serverless#6816); on a one-way route nothing.
 */
describe('LocalWebSocketGateway: one-way and two-way routes', () => {
  let gateway: LocalWebSocketGateway | undefined;
  afterEach(async () => {
    await gateway?.close();
  });

  const start = async (twoWayRoutes: readonly string[], defaultResult: unknown) => {
    gateway = new LocalWebSocketGateway(awsWebSocketQuotas, quietLogger, twoWayRoutes);
    gateway.attach(async (fn) => {
      if (fn === 'ws-authorizer') {
        return { principalId: 'cp', policyDocument: { Statement: [{ Effect: 'Allow' }] }, context: {} };
      }
      if (fn === 'ws-connect') return { statusCode: 200, headers: { 'Sec-WebSocket-Protocol': 'ocpp1.6' } };
      if (fn === 'ws-default') return defaultResult;
      return { statusCode: 200 };
    });
    const port = await gateway.listen(0, '127.0.0.1');
    return openRawCharger({
      ocppUrl: `ws://127.0.0.1:${port}/ocpp`,
      tenantId: 't',
      chargerId: 'cp',
      password: 'pw',
      protocol: 'ocpp1.6',
    });
  };

  it('two-way, a result without a body: the client gets an empty message', async () => {
    // Prepare
    const charger = await start(['$default'], { statusCode: 200 });

    // Act
    charger.send('[3, "x", {}]');

    // Assess
    expect(await charger.next()).toBe('');
    await charger.close();
  });

  it('two-way, a result with a body: the client gets the body', async () => {
    // Prepare
    const charger = await start(['$default'], { statusCode: 200, body: '[3,"x",{}]' });

    // Act
    charger.send('[2, "x", "Heartbeat", {}]');

    // Assess
    expect(await charger.next()).toEqual([3, 'x', {}]);
    await charger.close();
  });

  it('one-way: nothing, whatever the result holds', async () => {
    // Prepare
    const charger = await start([], { statusCode: 200, body: 'ignored' });

    // Act
    charger.send('[3, "x", {}]');

    // Assess
    expect(await charger.drain(100)).toEqual([]);
    await charger.close();
  });
});
