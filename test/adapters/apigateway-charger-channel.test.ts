import {
  ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  ForbiddenException,
  GoneException,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApiGatewayChargerChannel } from '../../shared/slices/commands/adapters/apigateway-charger-channel.ts';

const management = mockClient(ApiGatewayManagementApiClient);
const channel = () =>
  createApiGatewayChargerChannel(
    new ApiGatewayManagementApiClient({ region: 'eu-west-1', endpoint: 'https://example.test/prod' }),
  );

beforeEach(() => {
  management.reset();
});

describe('API Gateway charger channel', () => {
  it('closes a connection by deleting it', async () => {
    // Prepare
    management.on(DeleteConnectionCommand).resolves({});

    // Act
    await channel().close('conn-1=');

    // Assess
    expect(management.commandCalls(DeleteConnectionCommand).map((call) => call.args[0].input)).toEqual([
      { ConnectionId: 'conn-1=' },
    ]);
  });

  it('succeeds when the connection is already gone', async () => {
    // Prepare
    management.on(DeleteConnectionCommand).rejects(new GoneException({ message: 'gone', $metadata: {} }));

    // Act
    const closing = channel().close('conn-1=');

    // Assess
    await expect(closing).resolves.toBeUndefined();
  });

  it.each([
    ['a service error', new ForbiddenException({ message: 'forbidden', $metadata: {} })],
    ['a network error', new Error('socket hang up')],
  ])('passes on %s', async (_, error) => {
    // Prepare
    management.on(DeleteConnectionCommand).rejects(error);

    // Act
    const closing = channel().close('conn-1=');

    // Assess
    await expect(closing).rejects.toBe(error);
  });
});
