import type { APIGatewayProxyEventV2WithLambdaAuthorizer, APIGatewayProxyResultV2 } from 'aws-lambda';
import { type ZodError, z } from 'zod';
import { httpRoutes, routeKey } from '../../lib/topology/http-routes.ts';
import { InvalidCursorError } from '../adapters/dynamodb/cursor.ts';
import type { Dependencies } from '../domain/dependencies.ts';
import { ApiError, apiErrors } from '../http/api-error.ts';
import { buildOpenApiDocument } from '../http/openapi.ts';
import { defineOperation, type Operation, roleRank } from '../http/operation.ts';
import { operations } from '../http/operations/index.ts';
import { type ApiAuthorizerContext, fromAuthorizerContext } from '../http/principal-context.ts';
import { readJsonBody } from '../http/request-body.ts';
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

const describeZodError = (error: ZodError): string =>
  error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; ');

const parse = <T>(schema: z.ZodType<T> | undefined, value: unknown): T =>
  schema ? schema.parse(value) : (undefined as T);

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
      if (!route || !operation) throw apiErrors.notFound(`route ${event.routeKey}`);

      const { principal, authError } = fromAuthorizerContext(event.requestContext.authorizer?.lambda);
      if (route.access !== 'public') {
        if (!principal)
          throw apiErrors.unauthorized(
            authError === 'invalid' ? 'the API key is invalid or revoked' : undefined,
          );
        if (route.access !== principal.kind)
          throw apiErrors.forbidden(`this route needs a ${route.access} key`);
        if (principal.kind === 'tenant' && roleRank[principal.role] < roleRank[operation.role]) {
          throw apiErrors.forbidden(`this route needs a key with role ${operation.role} or above`);
        }
      }

      const body = operation.request.body
        ? readJsonBody(event.body, event.isBase64Encoded, event.headers['content-type'])
        : undefined;
      const result = await operation.handle(deps, {
        body: parse(operation.request.body, body),
        query: parse(operation.request.query, event.queryStringParameters ?? {}),
        path: parse(operation.request.path, event.pathParameters ?? {}),
        principal,
      });
      return json(result.status, result.body);
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
