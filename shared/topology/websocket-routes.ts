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
  /** Routes whose Lambda result is sent back to the charger (two-way route response). */
  twoWayRoutes: ['$default'],
} as const satisfies {
  authorizer: { function: FunctionId; identitySource: readonly string[]; refusedLogMessage: string };
  routes: Record<'$connect' | '$default' | '$disconnect', FunctionId>;
  twoWayRoutes: readonly string[];
};

/** Stage name of the WebSocket API; CloudFront forwards `/ocpp/...` to it. */
export const websocketStageName = 'ocpp';

/** OCPP subprotocols in order of preference. */
export const supportedSubprotocols = ['ocpp2.0.1', 'ocpp1.6'] as const;
