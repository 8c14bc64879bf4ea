import type { FunctionId } from './functions.ts';

/** The charger gateway: one `$default` route because OCPP frames are arrays, not objects with a route key. */
export const websocketRoutes = {
  authorizer: {
    function: 'ws-authorizer',
    /** API Gateway refuses the upgrade with 401 before calling the authorizer when one is missing. */
    identitySource: [
      'route.request.header.Authorization',
      'route.request.querystring.tenantId',
      'route.request.querystring.chargerId',
    ],
    /**
     * Message of the authorizer's one log line per refused charger; the stack counts these lines as the
     * `Csms/ChargerConnectionsRefused` metric, so a change here must keep that filter matching.
     */
    refusedLogMessage: 'charger connection refused',
  },
  routes: {
    $connect: 'ws-connect',
    $default: 'ws-default',
    $disconnect: 'ws-disconnect',
  },
  /**
   * Routes whose Lambda result is sent back to the charger (two-way route response): none. On a two-way route
   * API Gateway sends the integration's output as a message for every frame, and a result without a body
   * still arrives as an empty message (serverless/serverless#6816), which is not OCPP-J: a charger that
   * answers it with a CALLERROR would get another empty message back, without end. OCPP-J never answers a
   * CALLRESULT or CALLERROR, so `$default` is one-way and its handler posts the answers a CALL needs
   * (PostToConnection); on a one-way route nothing goes back after a message is processed. Evidence: README,
   * "Replies on `$default`".
   */
  twoWayRoutes: [] as readonly ('$connect' | '$default' | '$disconnect')[],
} as const satisfies {
  authorizer: { function: FunctionId; identitySource: readonly string[]; refusedLogMessage: string };
  routes: Record<'$connect' | '$default' | '$disconnect', FunctionId>;
  twoWayRoutes: readonly string[];
};

/** Stage name of the WebSocket API; CloudFront forwards `/ocpp/...` to it. */
export const websocketStageName = 'ocpp';

/** OCPP subprotocols in order of preference. */
export const supportedSubprotocols = ['ocpp2.0.1', 'ocpp1.6'] as const;
