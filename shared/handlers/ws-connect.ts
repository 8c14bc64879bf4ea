import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import { connectCharger } from '../slices/chargers/charger-connection.ts';
import type { Dependencies } from '../slices/dependencies.ts';
import { readConnectionContext } from './websocket-context.ts';

type ConnectEvent = APIGatewayProxyWebsocketEventV2 & { requestContext: { authorizer?: unknown } };

/** `$connect`: a non-2xx answer makes API Gateway refuse the upgrade; 2xx echoes the chosen subprotocol. */
export const createWsConnectHandler =
  (deps: Dependencies) =>
  async (event: ConnectEvent): Promise<APIGatewayProxyResultV2> => {
    const context = readConnectionContext(event.requestContext.authorizer);
    if (context.ocppVersion === '') {
      return {
        statusCode: 400,
        body: 'no supported OCPP subprotocol offered (supported: ocpp2.0.1, ocpp1.6)',
      };
    }
    await connectCharger(deps, {
      tenantId: context.tenantId,
      chargerId: context.chargerId,
      ...(context.siteId && { siteId: context.siteId }),
      ...(context.cohort && { cohort: context.cohort }),
      connectionId: event.requestContext.connectionId,
      ocppVersion: context.ocppVersion,
      correlationId: event.requestContext.requestId,
    });
    return { statusCode: 200, headers: { 'Sec-WebSocket-Protocol': context.ocppVersion } };
  };
