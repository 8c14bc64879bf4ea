import type { FunctionId } from './functions.ts';
import { manifests } from './manifests.ts';
import type { RouteAccess, HttpRoute as RouteSpec } from './specs.ts';

export type { HttpMethod, RouteAccess } from './specs.ts';

export interface HttpRoute extends RouteSpec {
  readonly function: FunctionId;
}

const accessOrder: readonly RouteAccess[] = ['public', 'platform-admin', 'tenant', 'driver'];

/** Every HTTP route: the OpenAPI document's, then each slice's, all served by the `api` function. */
export const httpRoutes: readonly HttpRoute[] = [
  { method: 'GET', path: '/v1/openapi.json', operationId: 'getOpenApi', access: 'public', function: 'api' },
  ...manifests.flatMap((manifest) => {
    const routes: {
      readonly [A in RouteAccess]?: readonly (readonly [RouteSpec['method'], string, string])[];
    } = 'routes' in manifest ? manifest.routes : {};
    return accessOrder.flatMap((access) =>
      (routes[access] ?? []).map(
        ([method, path, operationId]): HttpRoute => ({ method, path, operationId, access, function: 'api' }),
      ),
    );
  }),
];

/**
 * The catch-all: API Gateway sends every request no route matches (an unknown path, or a known path with another
 * method) to `$default`, so that the function answers 404 in the contract's error shape instead of API Gateway's
 * bare `{"message":"Not Found"}`. No authorizer: it only ever says "not found", key or not.
 */
export const httpDefaultRoute = { routeKey: '$default', function: 'api' } as const satisfies {
  readonly routeKey: string;
  readonly function: FunctionId;
};

export const routeKey = (route: Pick<HttpRoute, 'method' | 'path'>): string =>
  `${route.method} ${route.path}`;
