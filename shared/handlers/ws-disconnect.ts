import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import { chargerConnectionClosed } from '../slices/commands/connection-closed.ts';
import { closeCustomerInformationOfConnection } from '../slices/customer-information/customer-information.ts';
import type { Dependencies } from '../slices/dependencies.ts';
import { closeReportsOfConnection } from '../slices/device-model/device-model-reports.ts';
import { closeMonitoringReportsOfConnection } from '../slices/device-model/device-monitoring.ts';
import { closeDisplayMessagesReportsOfConnection } from '../slices/display-messages/display-messages.ts';
import { readConnectionContext } from './websocket-context.ts';

type DisconnectEvent = APIGatewayProxyWebsocketEventV2 & { requestContext: { authorizer?: unknown } };

/** `$disconnect` is best effort on AWS; the connection record's TTL is the backstop. */
export const createWsDisconnectHandler =
  (deps: Dependencies) =>
  async (event: DisconnectEvent): Promise<APIGatewayProxyResultV2> => {
    const context = readConnectionContext(event.requestContext.authorizer);
    const closed = {
      tenantId: context.tenantId,
      chargerId: context.chargerId,
      ...(context.siteId && { siteId: context.siteId }),
      ...(context.cohort && { cohort: context.cohort }),
      connectionId: event.requestContext.connectionId,
      correlationId: event.requestContext.requestId,
    };
    await chargerConnectionClosed(deps, closed);
    // A device-model report the connection was sending can no longer complete.
    await closeReportsOfConnection(deps, closed);
    await closeMonitoringReportsOfConnection(deps, closed);
    await closeDisplayMessagesReportsOfConnection(deps, closed);
    await closeCustomerInformationOfConnection(deps, closed);
    return { statusCode: 200 };
  };
