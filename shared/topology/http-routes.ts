import type { FunctionId } from './functions.ts';
import { manifests } from './manifests.ts';
import type { RouteAccess, HttpRoute as RouteSpec } from './specs.ts';

export type { HttpMethod, RouteAccess } from './specs.ts';

export interface HttpRoute extends RouteSpec {
  readonly function: FunctionId;
}

const accessOrder: readonly RouteAccess[] = ['public', 'platform-admin', 'tenant'];

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

export const routeKey = (route: Pick<HttpRoute, 'method' | 'path'>): string =>
  `${route.method} ${route.path}`;
