import {
  ApiGatewayManagementApiClient,
  ForbiddenException,
  GoneException,
  PayloadTooLargeException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApiGatewayChargerChannel } from '../../shared/slices/commands/adapters/apigateway-charger-channel.ts';
import { ChargerGoneError } from '../../shared/slices/commands/ports.ts';

const management = mockClient(ApiGatewayManagementApiClient);
const channel = () =>
  createApiGatewayChargerChannel(
    new ApiGatewayManagementApiClient({ region: 'eu-west-1', endpoint: 'https://example.test/prod' }),
  );

beforeEach(() => {
  management.reset();
});

describe('API Gateway charger channel: send', () => {
  it('posts the frame to the connection as UTF-8', async () => {
    // Prepare
    management.on(PostToConnectionCommand).resolves({});
    const frame = JSON.stringify([2, 'msg-1', 'DataTransfer', { vendorId: 'é' }]);

    // Act
    await channel().send('conn-1=', frame);

    // Assess
    const input = management.commandCalls(PostToConnectionCommand)[0]?.args[0].input;
    expect(input?.ConnectionId).toBe('conn-1=');
    expect(new TextDecoder().decode(input?.Data as Uint8Array)).toBe(frame);
  });

  it('turns 410 Gone into ChargerGoneError', async () => {
    // Prepare
    management.on(PostToConnectionCommand).rejects(new GoneException({ message: 'gone', $metadata: {} }));

    // Act
    const sending = channel().send('conn-1=', '[]');

    // Assess
    await expect(sending).rejects.toBeInstanceOf(ChargerGoneError);
    await expect(sending).rejects.toMatchObject({ connectionId: 'conn-1=' });
  });

  it.each([
    ['a forbidden error', new ForbiddenException({ message: 'forbidden', $metadata: {} })],
    ['a too large payload', new PayloadTooLargeException({ message: 'too large', $metadata: {} })],
    ['a network error', new Error('socket hang up')],
  ])('passes on %s', async (_, error) => {
    // Prepare
    management.on(PostToConnectionCommand).rejects(error);

    // Act
    const sending = channel().send('conn-1=', '[]');

    // Assess
    await expect(sending).rejects.toBe(error);
  });
});
