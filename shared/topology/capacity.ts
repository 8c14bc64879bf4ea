import { httpDefaultRoute, httpRoutes, routeKey } from './http-routes.ts';
import type { ThrottleSpec } from './specs.ts';

export type { ThrottleSpec } from './specs.ts';

import type { websocketRoutes } from './websocket-routes.ts';

/**
 * Capacity isolation, one source for the stack's defaults. API Gateway throttles bound how fast work arrives;
 * by Little's law a function's concurrency is its arrival rate times its duration, so a route throttle is also
 * a ceiling on the concurrency of the function behind it, one that reserves nothing from the account's pool.
 * Reserved concurrency (`FunctionSpec.reservedConcurrency`) is the stronger, opt-in guarantee.
 */

/**
 * The charger gateway, per route. The account-level quotas these are sized against (per region, shared by every
 * API of the account): 500 new WebSocket connections a second, 10,000 requests (WebSocket messages included) a
 * second with a burst of 5,000.
 */
export const webSocketThrottles = {
  $connect: {
    rateLimit: 200,
    burstLimit: 200,
    why:
      '40 % of the 500 connects/s account quota, leaving the rest to other WebSocket APIs of the account; each ' +
      'connect runs the authorizer and ws-connect, so 200/s × ~250 ms (cold) holds ~50 instances of each. A ' +
      'fleet of 10,000 chargers reconnects in under a minute; a throttled charger retries with its back-off',
  },
  $default: {
    rateLimit: 2000,
    burstLimit: 1000,
    why:
      'generous: 100,000 chargers sending a meter value a minute and a heartbeat every 540 s make ~1,850 ' +
      'messages/s; 2,000/s × ~30 ms is ~60 ws-default instances, and 20 % of the account-level 10,000/s',
  },
  $disconnect: {
    rateLimit: 1000,
    burstLimit: 1000,
    why:
      'every connection ends once, but a dropped stage ends them all at once; a throttled $disconnect leaves the ' +
      'connection record to its TTL or the next connect, so it may be slower than $default but not as tight as $connect',
  },
} as const satisfies Record<keyof typeof websocketRoutes.routes, ThrottleSpec>;

/**
 * The tenant HTTP API's `$default` stage, all routes and tenants together. The per-tenant limiter
 * (`API_RATE_LIMIT_PER_SECOND`, 50 by default) runs in the API function, after this throttle: the stage must
 * leave room for many tenants at their limit, or one busy tenant spends every other tenant's share.
 */
export const httpApiStageThrottle = {
  rateLimit: 500,
  burstLimit: 1000,
  why:
    'ten tenants at the default per-tenant limit (50/s) at once, so the per-tenant limiter is what a tenant hits; ' +
    'it still bounds the api function (~50 ms a call: ~25 instances) and keeps 95 % of the account-level 10,000/s',
} as const satisfies ThrottleSpec;

/** Routes no tenant limiter protects: no key, so no tenant to count against. Anonymous callers get little. */
const anonymousRouteThrottle = {
  rateLimit: 10,
  burstLimit: 20,
  why: 'public, anonymous: no per-tenant limiter applies, so a scraper or a scan cannot spend the stage throttle',
} as const satisfies ThrottleSpec;

/**
 * The operations that send a call to a charger and wait for its answer (`waitSeconds`, up to 25 s), holding an
 * api instance all the while. test/cdk/capacity.test.ts checks this list against the operations' query schemas.
 */
export const chargerCallOperations = [
  'sendOcppCall',
  'remoteStart',
  'remoteStop',
  'resetCharger',
  'unlockConnector',
  'changeAvailability',
  'triggerMessage',
  'getConfiguration',
  'setConfiguration',
  'createReservation',
  'cancelReservation',
  'syncLocalList',
  'checkLocalListVersion',
  'updateFirmware',
  'requestDiagnostics',
  'requestBaseReport',
  'requestCustomReport',
  'getDeviceModelVariables',
  'setDeviceModelVariables',
  'startDriverSession',
  'stopDriverSession',
] as const;

const chargerCallRouteThrottle = {
  rateLimit: 10,
  burstLimit: 20,
  why:
    'a call holds an api instance until its charger answers (~1 s) or the wait ends (25 s): 10/s is 10 to 250 ' +
    'instances, where the stage alone would allow 12,500; 10 calls a second is 860,000 a day per route',
} as const satisfies ThrottleSpec;

/**
 * Per-route throttles of the HTTP API by route key (`GET /v1/openapi.json`, `$default`, …): the public routes
 * and the catch-all, which answer callers without a key, and the routes that wait for a charger. Every other
 * route has the stage throttle only.
 */
export const httpApiRouteThrottles: Readonly<Record<string, ThrottleSpec>> = Object.fromEntries([
  ...httpRoutes
    .filter((route) => route.access === 'public')
    .map((route) => [routeKey(route), anonymousRouteThrottle] as const),
  [httpDefaultRoute.routeKey, anonymousRouteThrottle],
  ...httpRoutes
    .filter((route) => (chargerCallOperations as readonly string[]).includes(route.operationId))
    .map((route) => [routeKey(route), chargerCallRouteThrottle] as const),
]);

/**
 * Lambda's account pool, per region: 1,000 concurrent executions by default (new accounts may start far lower),
 * of which at least 100 must stay unreserved. A reservation beyond that fails the deploy.
 */
export const lambdaAccountConcurrency = { defaultLimit: 1000, minimumUnreserved: 100 } as const;
