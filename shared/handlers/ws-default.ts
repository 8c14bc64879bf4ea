import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import { createOcppDispatcher, type OcppContext } from '../ocpp/dispatcher.ts';
import { recordCallError, recordCallResult } from '../slices/commands/remote-commands.ts';
import type { Dependencies } from '../slices/dependencies.ts';
import { commandReactions, createOcppHandlers } from '../slices/index.ts';
import { logger } from './logger.ts';
import { readConnectionContext } from './websocket-context.ts';

type MessageEvent = APIGatewayProxyWebsocketEventV2 & { requestContext: { authorizer?: unknown } };

const answerAttributes = (ctx: OcppContext) => ({
  tenantId: ctx.tenantId,
  chargerId: ctx.chargerId,
  connectionId: ctx.connectionId,
  messageId: ctx.messageId,
  correlationId: ctx.correlationId,
});

/** A late answer (after a timeout) or one to a call we never made: logged and dropped. */
const logUnmatched = (kind: string, ctx: OcppContext, pendingMessageId?: string, error?: unknown) =>
  logger.warn(`${kind} matches no pending call; dropped`, {
    ...answerAttributes(ctx),
    ...(pendingMessageId && { pendingMessageId }),
    ...(error !== undefined && { error }),
  });

/** The dispatcher of one tenant's frames: its handlers see only that tenant's dependencies. */
const createTenantDispatcher = (deps: Dependencies) => {
  // Every slice's reactions to the answers of CSMS calls (stored configuration, reservations, …).
  const withReactions = { ...deps, reactions: commandReactions };
  return createOcppDispatcher({
    // Each slice's handlers of the actions its manifest declares; anything else is answered NotSupported.
    handlers: createOcppHandlers(deps),
    // Answers to the CSMS's own calls: matched by message id against the charger's pending call.
    responses: {
      async onCallResult(ctx, payload) {
        const result = await recordCallResult(withReactions, ctx, payload);
        if (!result.matched) logUnmatched('CALLRESULT', ctx, result.pendingMessageId);
        else if (result.command.status === 'failed')
          logger.warn('CALLRESULT broke its schema', {
            ...answerAttributes(ctx),
            error: result.command.error,
          });
      },
      async onCallError(ctx, error) {
        const result = await recordCallError(deps, ctx, error);
        if (!result.matched) logUnmatched('CALLERROR', ctx, result.pendingMessageId, error);
      },
    },
    logger: {
      warn: (message, attributes) => logger.warn(message, { ...attributes }),
      error: (message, attributes) => logger.error(message, { ...attributes }),
    },
  });
};

/**
 * `$default`: every OCPP-J frame. The answer goes back in the route response (two-way), so a CALL costs no
 * PostToConnection. A frame is handled with its charger's tenant's dependencies (`forTenant`): a handler that
 * built another tenant's key would be refused by the table. The dispatcher of a tenant lives as long as its
 * dependencies are kept (a WeakMap on them), so building one per tenant costs once per container.
 */
export const createWsDefaultHandler = (deps: Dependencies) => {
  const dispatchers = new WeakMap<Dependencies, ReturnType<typeof createOcppDispatcher>>();
  const dispatcherOf = (tenantId: string) => {
    const scoped = deps.forTenant(tenantId);
    const found = dispatchers.get(scoped);
    if (found) return found;
    const created = createTenantDispatcher(scoped);
    dispatchers.set(scoped, created);
    return created;
  };

  return async (event: MessageEvent): Promise<APIGatewayProxyResultV2> => {
    const context = readConnectionContext(event.requestContext.authorizer);
    if (context.ocppVersion === '')
      throw new Error('message on a connection without a negotiated subprotocol');
    const body = event.isBase64Encoded
      ? Buffer.from(event.body ?? '', 'base64').toString('utf8')
      : (event.body ?? '');
    const reply = await dispatcherOf(context.tenantId).handleFrame(
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
