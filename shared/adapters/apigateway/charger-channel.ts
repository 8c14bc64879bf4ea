import {
  type ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  GoneException,
} from '@aws-sdk/client-apigatewaymanagementapi';
import type { ChargerChannel } from '../../domain/ports.ts';

export const createApiGatewayChargerChannel = (client: ApiGatewayManagementApiClient): ChargerChannel => ({
  async close(connectionId: string): Promise<void> {
    try {
      await client.send(new DeleteConnectionCommand({ ConnectionId: connectionId }));
    } catch (error) {
      if (!(error instanceof GoneException)) throw error;
    }
  },
});
