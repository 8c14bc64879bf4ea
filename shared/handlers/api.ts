import type { APIGatewayProxyEventV2WithLambdaAuthorizer, APIGatewayProxyResultV2 } from 'aws-lambda';
import { type ZodError, z } from 'zod';
import { ApiError, apiErrors } from '../http/api-error.ts';
import { buildOpenApiDocument } from '../http/openapi.ts';
import { defineOperation, type Operation, roleRank } from '../http/operation.ts';
import { type ApiAuthorizerContext, fromAuthorizerContext } from '../http/principal-context.ts';
import {
  acceptsCsv,
  isCsvContentType,
  isEmptyBody,
  readCsvBody,
  readJsonBody,
} from '../http/request-body.ts';
import { InvalidCursorError } from '../kernel/ports.ts';
import type { Dependencies } from '../slices/dependencies.ts';
import { operations } from '../slices/index.ts';
import { recordAudit } from '../slices/tenancy/audit.ts';
import { consumeApiRequest } from '../slices/tenancy/rate-limit.ts';
import type { Principal } from '../slices/tenancy/tenants.ts';
import { httpRoutes, routeKey } from '../topology/http-routes.ts';
import { logger } from './logger.ts';

type ApiEvent = APIGatewayProxyEventV2WithLambdaAuthorizer<Partial<ApiAuthorizerContext>>;

const json = (
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyResultV2 => ({
  statusCode: status,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

type RequestPart = 'body' | 'query' | 'path';

/**
 * `query.limit: Too big: expected number to be <=100`: where, from the part of the request down to the field,
 * then what is wrong; the schemas' own messages therefore do not name their field.
 */
const describeZodError = (error: ZodError, part?: RequestPart): string =>
  error.issues
    .map(
      (issue) =>
        `${[...(part ? [part] : []), ...issue.path.map(String)].join('.') || 'request'}: ${issue.message}`,
    )
    .join('; ');

const parse = <T>(part: RequestPart, schema: z.ZodType<T> | undefined, value: unknown): T => {
  if (!schema) return undefined as T;
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw apiErrors.badRequest(describeZodError(parsed.error, part));
  return parsed.data;
};

/**
 * Counts the request against the tenant's rate limit. If the limiter itself fails, the request goes through: an
 * outage of the counter should not become an outage of the API.
 */
const enforceRateLimit = async (
  deps: Dependencies,
  principal: Principal & { kind: 'tenant' | 'driver' },
  routeKey: string,
): Promise<void> => {
  let verdict: { allowed: boolean; retryAfterSeconds: number };
  try {
    verdict = await consumeApiRequest(deps, {
      tenantId: principal.tenantId,
      ...(principal.rateLimitPerSecond !== undefined && { limitPerSecond: principal.rateLimitPerSecond }),
    });
  } catch (error) {
    logger.error('rate limiter failed; request let through', { routeKey, error: error as Error });
    return;
  }
  if (!verdict.allowed) throw apiErrors.rateLimited(verdict.retryAfterSeconds);
};

/**
 * The tenant a mutating call is audited under: the caller's, or for the platform admin the tenant it touched
 * (named in the path, or created); none for anything else.
 */
const auditedTenantOf = (
  principal: Principal,
  pathParameters: Record<string, string>,
  body: unknown,
): string | undefined => {
  if (principal.kind === 'tenant' || principal.kind === 'driver') return principal.tenantId;
  const created = (body as { tenantId?: unknown } | undefined)?.tenantId;
  return pathParameters.tenantId ?? (typeof created === 'string' ? created : undefined);
};

/** Records a successful mutating call; a failure to record is logged, the call itself has already happened. */
const audit = async (
  deps: Dependencies,
  event: ApiEvent,
  principal: Principal,
  result: { status: number; body: unknown },
): Promise<void> => {
  const pathParameters = Object.fromEntries(
    Object.entries(event.pathParameters ?? {}).filter(
      (entry): entry is [string, string] => entry[1] !== undefined,
    ),
  );
  const tenantId = auditedTenantOf(principal, pathParameters, result.body);
  if (!tenantId) return;
  try {
    await recordAudit(deps, {
      tenantId,
      keyId: principal.keyId,
      method: event.requestContext.http.method,
      route: event.routeKey,
      pathParameters,
      status: result.status,
    });
  } catch (error) {
    logger.error('audit entry not recorded', { routeKey: event.routeKey, tenantId, error: error as Error });
  }
};

const openApiDocument = (all: Record<string, Operation>) =>
  buildOpenApiDocument(httpRoutes, all, { title: 'CSMS tenant API', version: '1' });

/** The tenant HTTP API: one function, routed by API Gateway's routeKey; access is enforced here for all routes. */
export const createApiHandler = (deps: Dependencies) => {
  const all: Record<string, Operation> = {
    ...operations,
    getOpenApi: defineOperation({
      summary: 'This OpenAPI document',
      request: {},
      responses: { 200: { description: 'OpenAPI 3.1 document', schema: z.object({ openapi: z.string() }) } },
      role: 'viewer',
      handle: async () => ({ status: 200, body: document }),
    }),
  };
  const document = openApiDocument(all);
  const routes = new Map(httpRoutes.map((route) => [routeKey(route), route]));

  return async (event: ApiEvent): Promise<APIGatewayProxyResultV2> => {
    try {
      const route = routes.get(event.routeKey);
      const operation = route && all[route.operationId];
      // `$default` (no route matched) included. A known path with another method is a 404 too, as API Gateway
      // itself answers it: a 405 would need the Allow header, so this function would have to route paths again.
      if (!route || !operation)
        throw apiErrors.notFound(`route ${event.requestContext.http.method} ${event.rawPath}`);

      const { principal, authError, retryAfterSeconds } = fromAuthorizerContext(
        event.requestContext.authorizer?.lambda,
      );
      // A tenant's request reaches only that tenant's data; the platform admin's (tenants across the platform)
      // and public routes run on the function's own role.
      const scoped =
        principal?.kind === 'tenant' || principal?.kind === 'driver'
          ? deps.forTenant(principal.tenantId)
          : deps;
      if (route.access !== 'public') {
        if (authError === 'throttled') throw apiErrors.authenticationThrottled(retryAfterSeconds ?? 1);
        if (!principal)
          throw apiErrors.unauthorized(
            authError === 'invalid' ? 'the API key is invalid or revoked' : undefined,
          );
        if (principal.kind === 'tenant' || principal.kind === 'driver')
          await enforceRateLimit(scoped, principal, event.routeKey);
        // A driver key reaches the driver API only, and a tenant key never acts as a driver there.
        if (route.access !== principal.kind)
          throw apiErrors.forbidden(`this route needs a ${route.access} key`);
        if (
          principal.kind === 'tenant' &&
          (operation.role === 'driver' || roleRank[principal.role] < roleRank[operation.role])
        ) {
          throw apiErrors.forbidden(`this route needs a key with role ${operation.role} or above`);
        }
        if (principal.kind === 'tenant' && principal.fleetId && !operation.fleetScoped)
          throw apiErrors.forbidden("a fleet-scoped key may call only its fleet's routes");
      }

      const contentType = event.headers['content-type'];
      const body =
        !operation.request.body ||
        (isEmptyBody(event.body) && operation.request.body.safeParse(undefined).success)
          ? undefined
          : operation.request.csv && isCsvContentType(contentType)
            ? operation.request.csv(readCsvBody(event.body, event.isBase64Encoded))
            : readJsonBody(event.body, event.isBase64Encoded, contentType);
      const result = await operation.handle(scoped, {
        body: parse('body', operation.request.body, body),
        query: parse('query', operation.request.query, event.queryStringParameters ?? {}),
        path: parse('path', operation.request.path, event.pathParameters ?? {}),
        principal,
      });
      if (principal && route.method !== 'GET' && result.status < 300)
        await audit(scoped, event, principal, result);
      if (result.status === 204) return { statusCode: 204, headers: result.headers ?? {} };
      if (result.status === 200 && operation.csvResponse && acceptsCsv(event.headers.accept)) {
        const csv = operation.csvResponse(result.body);
        return {
          statusCode: 200,
          headers: { 'content-type': 'text/csv; charset=utf-8', ...result.headers, ...csv.headers },
          body: csv.text,
        };
      }
      return json(result.status, result.body, result.headers);
    } catch (error) {
      if (error instanceof ApiError)
        return json(error.status, { error: { code: error.code, message: error.message } }, error.headers);
      if (error instanceof z.ZodError) {
        return json(400, { error: { code: 'invalid_request', message: describeZodError(error) } });
      }
      if (error instanceof InvalidCursorError)
        return json(400, { error: { code: 'invalid_request', message: error.message } });
      logger.error('unhandled API error', { routeKey: event.routeKey, error: error as Error });
      return json(500, { error: { code: 'internal_error', message: 'internal error' } });
    }
  };
};
