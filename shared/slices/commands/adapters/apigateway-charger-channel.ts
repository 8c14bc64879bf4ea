import {
  type ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  GoneException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { type ChargerChannel, ChargerGoneError } from '../ports.ts';

export const createApiGatewayChargerChannel = (client: ApiGatewayManagementApiClient): ChargerChannel => ({
  async close(connectionId: string): Promise<void> {
    try {
      await client.send(new DeleteConnectionCommand({ ConnectionId: connectionId }));
    } catch (error) {
      if (!(error instanceof GoneException)) throw error;
    }
  },

  async send(connectionId: string, frame: string): Promise<void> {
    try {
      await client.send(
        new PostToConnectionCommand({ ConnectionId: connectionId, Data: new TextEncoder().encode(frame) }),
      );
    } catch (error) {
      if (error instanceof GoneException) throw new ChargerGoneError(connectionId);
      throw error;
    }
  },
});
