import { z } from 'zod';
import type { HttpRoute } from '../topology/http-routes.ts';
import type { Operation } from './operation.ts';
import { errorResponseSchema } from './schemas.ts';

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' });

/** Path and query parameters, one per property of the operation's object schema. */
const parameters = (schema: z.ZodType | undefined, location: 'path' | 'query') => {
  if (!schema) return [];
  const json = jsonSchema(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || (json.required ?? []).includes(name),
    schema: property,
  }));
};

/** The driver API's routes: what a white-label app calls with a driver key. */
const driverApiTag = {
  name: 'Driver API',
  description:
    "Called with a driver key (`POST /v1/drivers/{driverId}/api-keys`): the key's own driver's chargers, prices, sessions, vehicles and id tokens, nothing else of the tenant.",
};

/** OpenAPI 3.1, generated from the route table and the zod schemas that validate every request. */
export const buildOpenApiDocument = (
  routes: readonly HttpRoute[],
  operations: Readonly<Record<string, Operation>>,
  info: { title: string; version: string },
) => {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const operation = operations[route.operationId];
    if (!operation)
      throw new Error(`route ${route.method} ${route.path} has no operation ${route.operationId}`);
    const responses = Object.fromEntries(
      Object.entries(operation.responses).map(([status, response]) => [
        status,
        status === '204'
          ? { description: response.description }
          : {
              description: response.description,
              content: {
                'application/json': { schema: jsonSchema(response.schema ?? errorResponseSchema, 'output') },
              },
            },
      ]),
    );
    paths[route.path] ??= {};
    paths[route.path]![route.method.toLowerCase()] = {
      operationId: route.operationId,
      summary: operation.summary,
      ...(route.access !== 'public' && { security: [{ apiKey: [] }] }),
      'x-csms-access': route.access,
      ...(route.access === 'driver' && { tags: [driverApiTag.name] }),
      parameters: [
        ...parameters(operation.request.path, 'path'),
        ...parameters(operation.request.query, 'query'),
      ],
      ...(operation.request.body && {
        requestBody: {
          required: !operation.request.body.safeParse(undefined).success,
          content: {
            'application/json': { schema: jsonSchema(operation.request.body, 'input') },
            ...(operation.request.csv && {
              'text/csv': { schema: { type: 'string', description: 'RFC 4180 CSV with a header row' } },
            }),
          },
        },
      }),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info,
    servers: [{ url: '/' }],
    tags: [driverApiTag],
    components: {
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'Tenant API key, driver key or platform-admin key',
        },
      },
    },
    paths,
  };
};
