import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import type { Dependencies } from '../domain/dependencies.ts';
import { createOcppDispatcher } from '../ocpp/dispatcher.ts';
import { logger } from './logger.ts';
import { createV16Handlers } from './ocpp/v16-handlers.ts';
import { createV201Handlers } from './ocpp/v201-handlers.ts';
import { readConnectionContext } from './websocket-context.ts';

type MessageEvent = APIGatewayProxyWebsocketEventV2 & { requestContext: { authorizer?: unknown } };

/**
 * `$default`: every OCPP-J frame. The answer goes back in the route response (two-way), so a CALL costs no
 * PostToConnection.
 */
export const createWsDefaultHandler = (deps: Dependencies) => {
  const dispatcher = createOcppDispatcher({
    handlers: { 'ocpp1.6': createV16Handlers(deps), 'ocpp2.0.1': createV201Handlers(deps) },
    responses: {
      // CSMS-initiated calls come with the remote-commands issue; until then no answer is awaited.
      onCallResult: async (ctx) =>
        logger.warn('CALLRESULT without a pending call', { messageId: ctx.messageId }),
      onCallError: async (ctx, error) =>
        logger.warn('CALLERROR without a pending call', { messageId: ctx.messageId, error }),
    },
    logger: {
      warn: (message, attributes) => logger.warn(message, { ...attributes }),
      error: (message, attributes) => logger.error(message, { ...attributes }),
    },
  });

  return async (event: MessageEvent): Promise<APIGatewayProxyResultV2> => {
    const context = readConnectionContext(event.requestContext.authorizer);
    if (context.ocppVersion === '')
      throw new Error('message on a connection without a negotiated subprotocol');
    const body = event.isBase64Encoded
      ? Buffer.from(event.body ?? '', 'base64').toString('utf8')
      : (event.body ?? '');
    const reply = await dispatcher.handleFrame(
      {
        tenantId: context.tenantId,
        chargerId: context.chargerId,
        ...(context.siteId && { siteId: context.siteId }),
        connectionId: event.requestContext.connectionId,
        ocppVersion: context.ocppVersion,
        receivedAt: new Date(event.requestContext.requestTimeEpoch).toISOString(),
        correlationId: event.requestContext.requestId,
      },
      body,
    );
    return reply === undefined ? { statusCode: 200 } : { statusCode: 200, body: reply };
  };
};
