import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import { createInProcessCallAdmission } from '../ocpp/call-admission.ts';
import { createOcppDispatcher, type OcppContext } from '../ocpp/dispatcher.ts';
import { recordChargerActivity } from '../slices/chargers/charger-messages.ts';
import { ChargerGoneError } from '../slices/commands/ports.ts';
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
    // One CALL at a time per connection: a charger flooding CALLs gets CALLERRORs that cost no I/O.
    admission: createInProcessCallAdmission(),
    logger: {
      warn: (message, attributes) => logger.warn(message, { ...attributes }),
      error: (message, attributes) => logger.error(message, { ...attributes }),
    },
  });
};

/**
 * `$default`: every OCPP-J frame. The route is one-way (shared/topology/websocket-routes.ts): API Gateway sends
 * nothing back after a frame is processed, so the answer a CALL needs is posted here (PostToConnection) and an
 * answer to one of our calls gets no frame at all. A two-way route would send an empty message for a result
 * without a body (serverless/serverless#6816), and an empty message is not OCPP-J.
 *
 * Nothing here throws for a frame: on a one-way route a failed invocation still reaches the charger, as API
 * Gateway's `{"message": "Internal server error", ...}`, which is not OCPP-J either.
 *
 * A frame is handled with its charger's tenant's dependencies (`forTenant`): a handler that built another
 * tenant's key would be refused by the table. The dispatcher of a tenant lives as long as its dependencies are
 * kept (a WeakMap on them), so building one per tenant costs once per container.
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

  const sendReply = async (connectionId: string, reply: string) => {
    try {
      await deps.channel.send(connectionId, reply);
    } catch (error) {
      // Gone: the charger left before its answer; its `$disconnect` cleans up. Otherwise it will time out and
      // retry, as after any lost answer.
      if (error instanceof ChargerGoneError) logger.warn('charger left before its answer', { connectionId });
      else logger.error('could not send the answer to a CALL', { connectionId, error });
    }
  };

  return async (event: MessageEvent): Promise<APIGatewayProxyResultV2> => {
    const context = readConnectionContext(event.requestContext.authorizer);
    if (context.ocppVersion === '')
      throw new Error('message on a connection without a negotiated subprotocol');
    const body = event.isBase64Encoded
      ? Buffer.from(event.body ?? '', 'base64').toString('utf8')
      : (event.body ?? '');
    // Calls of the CSMS a handler wants sent after its answer: run once the answer is out.
    const afterReply: (() => Promise<void>)[] = [];
    const reply = await dispatcherOf(context.tenantId).handleFrame(
      {
        tenantId: context.tenantId,
        chargerId: context.chargerId,
        ...(context.siteId && { siteId: context.siteId }),
        ...(context.loadManaged && { loadManaged: context.loadManaged }),
        ...(context.cohort && { cohort: context.cohort }),
        connectionId: event.requestContext.connectionId,
        ocppVersion: context.ocppVersion,
        receivedAt: new Date(event.requestContext.requestTimeEpoch).toISOString(),
        // Lets any container skip the lastSeenAt write `$connect` already made (last-seen-throttle.ts).
        ...(Number.isFinite(event.requestContext.connectedAt) && {
          connectedAt: new Date(event.requestContext.connectedAt).toISOString(),
        }),
        correlationId: event.requestContext.requestId,
        afterReply: (task) => afterReply.push(task),
      },
      body,
    );
    if (reply !== undefined) await sendReply(event.requestContext.connectionId, reply);
    try {
      // Any frame shows the charger alive (a busy one may skip Heartbeats): throttled, mostly no write.
      await recordChargerActivity(deps.forTenant(context.tenantId), {
        tenantId: context.tenantId,
        chargerId: context.chargerId,
        connectionId: event.requestContext.connectionId,
        receivedAt: new Date(event.requestContext.requestTimeEpoch).toISOString(),
        ...(Number.isFinite(event.requestContext.connectedAt) && {
          connectedAt: new Date(event.requestContext.connectedAt).toISOString(),
        }),
      });
    } catch (error) {
      logger.error('could not record the charger as seen', {
        connectionId: event.requestContext.connectionId,
        error,
      });
    }
    for (const task of afterReply) {
      try {
        await task();
      } catch (error) {
        // The answer is out: a failed follow-up is logged, never a frame to the charger.
        logger.error('a call after the answer failed', {
          connectionId: event.requestContext.connectionId,
          error,
        });
      }
    }
    return { statusCode: 200 };
  };
};
