import type { FunctionId } from './functions.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Who may call a route. The authorizer resolves the key; the API function enforces this. */
export type RouteAccess = 'public' | 'platform-admin' | 'tenant';

export interface HttpRoute {
  readonly method: HttpMethod;
  /** API Gateway path template, e.g. `/v1/chargers/{chargerId}`. */
  readonly path: string;
  readonly operationId: string;
  readonly access: RouteAccess;
  readonly function: FunctionId;
}

export const httpRoutes: readonly HttpRoute[] = [
  { method: 'GET', path: '/v1/openapi.json', operationId: 'getOpenApi', access: 'public', function: 'api' },
  {
    method: 'POST',
    path: '/v1/tenants',
    operationId: 'createTenant',
    access: 'platform-admin',
    function: 'api',
  },
  { method: 'POST', path: '/v1/chargers', operationId: 'createCharger', access: 'tenant', function: 'api' },
  { method: 'GET', path: '/v1/chargers', operationId: 'listChargers', access: 'tenant', function: 'api' },
  {
    method: 'GET',
    path: '/v1/chargers/{chargerId}',
    operationId: 'getCharger',
    access: 'tenant',
    function: 'api',
  },
];

export const routeKey = (route: Pick<HttpRoute, 'method' | 'path'>): string =>
  `${route.method} ${route.path}`;
