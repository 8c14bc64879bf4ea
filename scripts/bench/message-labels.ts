import type { Invocation } from '../../local/invocation-context.ts';

/** What one function invocation was for, in words: `ocpp2.0.1 TransactionEvent.Updated`, `$connect`, … */
export interface InvocationLabel {
  readonly label: string;
  /** The OCPP action (TransactionEvent with its event type), or the route for the other functions. */
  readonly action: string;
  readonly ocppVersion?: string;
  /** True when the invocation failed or answered with a CALLERROR: its costs say nothing about the action. */
  readonly failed: boolean;
}

type WebSocketEvent = { body?: string; requestContext?: { authorizer?: { ocppVersion?: string } } };
type HttpEvent = { routeKey?: string; pathParameters?: Record<string, string> };

const parseFrame = (body: unknown): unknown[] | undefined => {
  if (typeof body !== 'string') return undefined;
  try {
    const frame: unknown = JSON.parse(body);
    return Array.isArray(frame) ? frame : undefined;
  } catch {
    return undefined;
  }
};

const ocppAction = (frame: unknown[] | undefined): string => {
  switch (frame?.[0]) {
    case 2: {
      const action = String(frame[2]);
      const eventType = (frame[3] as { eventType?: unknown } | undefined)?.eventType;
      return action === 'TransactionEvent' && typeof eventType === 'string'
        ? `${action}.${eventType}`
        : action;
    }
    case 3:
      return 'CALLRESULT';
    case 4:
    case 5:
      return 'CALLERROR';
    default:
      return 'malformed frame';
  }
};

/** The CALLERROR code of a `$default` answer, if the answer is one. */
const callErrorCode = (result: unknown): string | undefined => {
  const frame = parseFrame((result as { body?: unknown } | undefined)?.body);
  return frame?.[0] === 4 ? String(frame[2]) : undefined;
};

/** The label of a route or function other than `$default`: failed invocations are kept apart. */
const plain = (name: string, failed: boolean): InvocationLabel => ({
  label: failed ? `${name} → failed` : name,
  action: name,
  failed,
});

export const labelOf = (
  invocation: Invocation,
  outcome: { readonly result?: unknown; readonly error?: unknown },
): InvocationLabel => {
  const failed = outcome.error !== undefined;
  switch (invocation.functionId) {
    case 'ws-default': {
      const event = invocation.event as WebSocketEvent;
      const ocppVersion = event.requestContext?.authorizer?.ocppVersion;
      const action = ocppAction(parseFrame(event.body));
      const code = callErrorCode(outcome.result);
      const suffix = failed ? ' → failed' : code ? ` → CALLERROR ${code}` : '';
      return {
        label: `${ocppVersion ?? '?'} ${action}${suffix}`,
        action,
        ...(ocppVersion && { ocppVersion }),
        failed: failed || code !== undefined,
      };
    }
    case 'ws-authorizer':
      return plain('$connect authorizer', failed);
    case 'ws-connect':
      return plain('$connect', failed);
    case 'ws-disconnect':
      return plain('$disconnect', failed);
    case 'api-authorizer':
      return plain('api authorizer', failed);
    case 'api': {
      const event = invocation.event as HttpEvent;
      const action = event.pathParameters?.action;
      const route = `api ${event.routeKey ?? '?'}${action ? ` (${action})` : ''}`;
      const status = (outcome.result as { statusCode?: number } | undefined)?.statusCode ?? 0;
      if (failed || status >= 300)
        return { label: `${route} → ${failed ? 'failed' : `HTTP ${status}`}`, action: route, failed: true };
      return { label: route, action: route, failed: false };
    }
    default:
      return plain(`workflow ${invocation.functionId}`, failed);
  }
};
