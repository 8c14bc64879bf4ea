import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { createApiHandler } from '../../shared/handlers/api.ts';
import type { ApiAuthorizerContext } from '../../shared/http/principal-context.ts';
import type { Dependencies } from '../../shared/slices/dependencies.ts';
import type { ApiKeyRole } from '../../shared/slices/tenancy/model.ts';

export interface TenantCaller {
  readonly tenantId: string;
  readonly role: ApiKeyRole;
  readonly keyId?: string;
  readonly siteIds?: readonly string[];
}

/**
 * Calls the API function in-process, as API Gateway does after the authorizer described a tenant key. `route`
 * is the route's template (`/v1/commands/{commandId}`), `path` its parameters.
 */
export const callApi = async (
  deps: Dependencies,
  caller: TenantCaller,
  request: {
    method: string;
    route: string;
    path?: Record<string, string>;
    query?: Record<string, string>;
    body?: unknown;
  },
  /** Replaces the caller's context, e.g. that of a refused request. */
  context?: Partial<ApiAuthorizerContext>,
) => {
  const lambda: Partial<ApiAuthorizerContext> = context ?? {
    kind: 'tenant',
    tenantId: caller.tenantId,
    keyId: caller.keyId ?? `key-${caller.role}`,
    role: caller.role,
    siteIds: caller.siteIds?.join(',') ?? '',
    rateLimitPerSecond: 1000,
    authError: '',
    retryAfterSeconds: 0,
  };
  const body = request.body === undefined ? undefined : JSON.stringify(request.body);
  const handler = createApiHandler(deps);
  const result = (await handler({
    routeKey: `${request.method} ${request.route}`,
    rawPath: request.route,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(request.path && { pathParameters: request.path }),
    ...(request.query && { queryStringParameters: request.query }),
    ...(body !== undefined && { body }),
    isBase64Encoded: false,
    requestContext: { http: { method: request.method }, authorizer: { lambda } },
  } as unknown as Parameters<typeof handler>[0])) as APIGatewayProxyStructuredResultV2;
  return {
    status: result.statusCode,
    headers: result.headers ?? {},
    // biome-ignore lint/suspicious/noExplicitAny: the answers of many routes, asserted by the tests.
    body: (result.body ? JSON.parse(result.body) : undefined) as any,
  };
};
