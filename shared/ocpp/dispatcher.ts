import type { CallAdmission } from './call-admission.ts';
import {
  OcppCallInProgress,
  OcppError,
  OcppInternalError,
  OcppNotImplemented,
  OcppNotSupported,
} from './errors.ts';
import {
  type CallErrorFrame,
  type CallFrame,
  MessageType,
  type OcppPayload,
  parseFrame,
  serializeCallError,
  serializeCallResult,
} from './framing.ts';
import type { Ocpp16Requests, Ocpp16Responses } from './generated/ocpp16.ts';
import type { Ocpp201Requests, Ocpp201Responses } from './generated/ocpp201.ts';
import { isKnownAction, validateRequest, validateResponse } from './validation.ts';
import type { OcppVersion } from './versions.ts';

/** Who sent a frame and when; built by the `$default` route from the connection it arrived on. */
export interface OcppContext {
  readonly tenantId: string;
  readonly chargerId: string;
  /** Set when the charger belongs to a site (from the authorizer context); load balancing works per site. */
  readonly siteId?: string;
  /** The site is load-managed (from the authorizer context): the load-balancing rules start on such events. */
  readonly loadManaged?: true;
  /** The charger's migration cohort (from the authorizer context): its daily counters count this charger. */
  readonly cohort?: string;
  readonly connectionId: string;
  readonly ocppVersion: OcppVersion;
  readonly messageId: string;
  /** ISO 8601. */
  readonly receivedAt: string;
  /**
   * ISO 8601: when the WebSocket connection opened (API Gateway's `requestContext.connectedAt`, in every message
   * event). `$connect` stored the connection's `lastSeenAt` at that time.
   */
  readonly connectedAt?: string;
  readonly correlationId: string;
  /**
   * Runs `task` once the answer to this CALL has been sent (a call of the CSMS that must reach the charger after
   * its answer, e.g. a cost message after StopTransaction.conf). Absent (a handler called directly): run now.
   */
  readonly afterReply?: (task: () => Promise<void>) => void;
}

/** Handlers of charger-initiated actions, per version; an action without one is answered NotSupported. */
export type OcppHandlers = {
  readonly 'ocpp1.6'?: {
    readonly [A in keyof Ocpp16Requests]?: (
      ctx: OcppContext,
      request: Ocpp16Requests[A],
    ) => Promise<Ocpp16Responses[A]>;
  };
  readonly 'ocpp2.0.1'?: {
    readonly [A in keyof Ocpp201Requests]?: (
      ctx: OcppContext,
      request: Ocpp201Requests[A],
    ) => Promise<Ocpp201Responses[A]>;
  };
};

/** Answers to CSMS-initiated calls; matched against pending calls in a later issue. */
export interface IncomingResponseSink {
  onCallResult(ctx: OcppContext, payload: Record<string, unknown>): Promise<void>;
  /** Receives CALLERROR and, in 2.0.1, CALLRESULTERROR. */
  onCallError(
    ctx: OcppContext,
    error: { code: string; description: string; details: unknown },
  ): Promise<void>;
}

/** Satisfied by the Powertools logger and by `console`. */
export interface OcppLogger {
  warn(message: string, attributes?: Record<string, unknown>): void;
  error(message: string, attributes?: Record<string, unknown>): void;
}

export interface OcppDispatcherDependencies {
  readonly handlers: OcppHandlers;
  readonly responses: IncomingResponseSink;
  readonly logger?: OcppLogger;
  /** One CALL at a time per connection (OCPP-J §4.1.1); without it every CALL is handled. */
  readonly admission?: CallAdmission;
}

export interface OcppDispatcher {
  /** Returns the frame to send back (CALLRESULT / CALLERROR), or undefined when nothing must be sent. */
  handleFrame(ctx: Omit<OcppContext, 'messageId'>, raw: string): Promise<string | undefined>;
}

type AnyHandler = (ctx: OcppContext, request: OcppPayload) => Promise<unknown>;

const internalErrorDescription = 'Internal error while processing the request';
const callInProgressDescription =
  'A CALL of this connection is still being processed: send the next one after its answer (OCPP-J 4.1.1)';

/** CALLRESULTERROR exists from 2.0.1 on; to a 1.6 charger, type 5 is an unknown message type like any other. */
const isAnswer = (messageTypeId: number | undefined, version: OcppVersion): boolean =>
  messageTypeId === MessageType.CallResult ||
  messageTypeId === MessageType.CallError ||
  (messageTypeId === MessageType.CallResultError && version !== 'ocpp1.6');

/** Logs the 1st, 2nd, 4th, 8th … refusal of a connection: a flood of 50,000 frames writes 16 lines. */
const isPowerOfTwo = (n: number) => (n & (n - 1)) === 0;

export const createOcppDispatcher = ({
  handlers,
  responses,
  logger = console,
  admission,
}: OcppDispatcherDependencies): OcppDispatcher => {
  const handlerFor = (version: OcppVersion, action: string): AnyHandler | undefined => {
    const byAction = handlers[version] as Readonly<Record<string, AnyHandler | undefined>> | undefined;
    return byAction !== undefined && Object.hasOwn(byAction, action) ? byAction[action] : undefined;
  };

  const callError = (ctx: OcppContext, error: OcppError): string =>
    serializeCallError(ctx.messageId, error.codeFor(ctx.ocppVersion), error.description, error.details);

  const logAttributes = (ctx: OcppContext, action?: string) => ({
    tenantId: ctx.tenantId,
    chargerId: ctx.chargerId,
    connectionId: ctx.connectionId,
    ocppVersion: ctx.ocppVersion,
    messageId: ctx.messageId,
    correlationId: ctx.correlationId,
    action,
  });

  const handleCall = async (ctx: OcppContext, { action, payload }: CallFrame): Promise<string> => {
    const version = ctx.ocppVersion;
    if (!isKnownAction(version, action)) {
      return callError(ctx, new OcppNotImplemented(`Unknown action '${action}' in ${version}`));
    }
    const handler = handlerFor(version, action);
    if (handler === undefined) {
      return callError(ctx, new OcppNotSupported(`Action '${action}' is not supported`));
    }
    try {
      validateRequest(version, action, payload);
    } catch (error) {
      if (!(error instanceof OcppError)) throw error;
      logger.warn('Rejected an invalid OCPP request', {
        ...logAttributes(ctx, action),
        reason: error.description,
      });
      return callError(ctx, error);
    }
    let result: unknown;
    try {
      result = await handler(ctx, payload);
    } catch (error) {
      // A handler throws an OcppError on purpose, to answer with its code.
      if (error instanceof OcppError) return callError(ctx, error);
      logger.error('OCPP handler failed', { ...logAttributes(ctx, action), error });
      return callError(ctx, new OcppInternalError(internalErrorDescription));
    }
    try {
      validateResponse(version, action, result);
    } catch (error) {
      // Our own answer breaks the schema: a bug on our side, not something the charger can fix.
      logger.error('OCPP handler returned an invalid response', { ...logAttributes(ctx, action), error });
      return callError(ctx, new OcppInternalError(internalErrorDescription));
    }
    // Every .conf schema is an object schema, so a valid result is a payload.
    return serializeCallResult(ctx.messageId, result as OcppPayload);
  };

  const forwardError = (ctx: OcppContext, { code, description, details }: CallErrorFrame) =>
    responses.onCallError(ctx, { code, description, details });

  return {
    async handleFrame(connection, raw) {
      const frame = parseFrame(raw, connection.ocppVersion);
      const ctx: OcppContext = { ...connection, messageId: frame.messageId };
      switch (frame.type) {
        case 'call': {
          if (admission === undefined) return handleCall(ctx, frame);
          const admitted = await admission.begin(ctx);
          if (!admitted.admitted) {
            if (isPowerOfTwo(admitted.refused)) {
              logger.warn('Refused a CALL sent before the previous one was answered', {
                ...logAttributes(ctx, frame.action),
                refused: admitted.refused,
              });
            }
            return callError(ctx, new OcppCallInProgress(callInProgressDescription));
          }
          try {
            return await handleCall(ctx, frame);
          } finally {
            await admission.end(ctx);
          }
        }
        case 'callResult':
          await responses.onCallResult(ctx, frame.payload);
          return undefined;
        case 'callError':
        case 'callResultError':
          await forwardError(ctx, frame);
          return undefined;
        case 'malformed':
          logger.warn('Received a malformed OCPP frame', {
            ...logAttributes(ctx),
            reason: frame.error.description,
          });
          // Never answer an answer, even a broken one: the charger is not waiting for anything.
          return isAnswer(frame.messageTypeId, ctx.ocppVersion) ? undefined : callError(ctx, frame.error);
      }
    },
  };
};
