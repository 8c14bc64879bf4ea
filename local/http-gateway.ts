import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type HttpRoute, httpDefaultRoute, httpRoutes, routeKey } from '../shared/topology/http-routes.ts';
import { FunctionTimeoutError, type InvokeFunction } from './functions.ts';
import type { Logger } from './websocket-gateway.ts';

/** HTTP API payload limit. */
const maxRequestBytes = 10 * 1024 * 1024;

interface CompiledRoute {
  readonly route: HttpRoute;
  readonly pattern: RegExp;
  readonly names: readonly string[];
}

const compile = (route: HttpRoute): CompiledRoute => {
  const names: string[] = [];
  const source = route.path
    .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
    .replace(/\\?\{(\w+)\\?\}/g, (_, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
  return { route, pattern: new RegExp(`^${source}$`), names };
};

const textTypes = /^(application\/(.+\+)?json|text\/|application\/x-www-form-urlencoded)/i;

/** Emulates an API Gateway HTTP API (payload format 2.0) with its Lambda authorizer in front of the handlers. */
export class LocalHttpGateway {
  private readonly server: Server;
  private readonly routes = httpRoutes.map(compile);

  constructor(
    private readonly invoke: InvokeFunction,
    private readonly logger: Logger,
  ) {
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  async listen(port: number, host: string): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve());
    });
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const reply = (status: number, body: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(body);
    };
    const refuse = (status: number, code: string, message: string) =>
      reply(status, JSON.stringify({ error: { code, message } }));
    try {
      const url = new URL(req.url ?? '/', 'http://local');
      const method = req.method ?? 'GET';
      let pathParameters: Record<string, string> | undefined;
      let malformed = false;
      const match = this.routes.find(({ route, pattern, names }) => {
        if (route.method !== method) return false;
        const found = pattern.exec(url.pathname);
        if (!found) return false;
        try {
          pathParameters = Object.fromEntries(
            names.map((name, i) => [name, decodeURIComponent(found[i + 1]!)]),
          );
        } catch {
          malformed = true;
        }
        return true;
      });
      // API Gateway refuses a path it cannot decode before any function runs.
      if (malformed) return refuse(400, 'invalid_request', 'the path has a malformed percent-encoding');
      // No route matched: API Gateway hands the request to the `$default` route, without an authorizer.
      const target = match
        ? {
            key: routeKey(match.route),
            function: match.route.function,
            authorized: match.route.access !== 'public',
          }
        : { key: httpDefaultRoute.routeKey, function: httpDefaultRoute.function, authorized: false };

      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of req) {
        size += (chunk as Buffer).length;
        if (size > maxRequestBytes) return reply(413, '{"message":"Request Entity Too Large"}');
        chunks.push(chunk as Buffer);
      }
      const raw = Buffer.concat(chunks);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
      }
      const queryStringParameters: Record<string, string> = {};
      for (const [key, value] of url.searchParams) {
        queryStringParameters[key] =
          key in queryStringParameters ? `${queryStringParameters[key]},${value}` : value;
      }
      const isText = raw.length === 0 || textTypes.test(headers['content-type'] ?? 'application/json');
      const now = Date.now();
      const key = target.key;
      const requestContext = {
        accountId: '000000000000',
        apiId: 'local',
        domainName: headers.host ?? 'localhost',
        domainPrefix: 'localhost',
        http: {
          method,
          path: url.pathname,
          protocol: `HTTP/${req.httpVersion}`,
          sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
          userAgent: headers['user-agent'] ?? '',
        },
        requestId: randomUUID(),
        routeKey: key,
        stage: '$default',
        time: new Date(now).toISOString(),
        timeEpoch: now,
      };
      const common = {
        version: '2.0',
        routeKey: key,
        rawPath: url.pathname,
        rawQueryString: url.search.slice(1),
        headers,
        ...(Object.keys(queryStringParameters).length > 0 && { queryStringParameters }),
        ...(pathParameters && Object.keys(pathParameters).length > 0 && { pathParameters }),
      };

      let authorizer: Record<string, unknown> | undefined;
      if (match && target.authorized) {
        const result = (await this.invoke('api-authorizer', {
          ...common,
          type: 'REQUEST',
          routeArn: `arn:aws:execute-api:local:000000000000:local/$default/${method}${match.route.path}`,
          identitySource: [],
          requestContext,
        })) as { isAuthorized: boolean; context?: Record<string, unknown> };
        if (!result.isAuthorized) return reply(403, '{"message":"Forbidden"}');
        authorizer = { lambda: result.context ?? {} };
      }

      const response = await this.invoke(target.function, {
        ...common,
        body: raw.length === 0 ? undefined : raw.toString(isText ? 'utf8' : 'base64'),
        isBase64Encoded: !isText,
        requestContext: { ...requestContext, ...(authorizer && { authorizer }) },
      });
      this.send(res, response);
    } catch (error) {
      this.logger.error('HTTP API integration failed', error);
      if (error instanceof FunctionTimeoutError) return reply(503, '{"message":"Service Unavailable"}');
      reply(500, '{"message":"Internal Server Error"}');
    }
  }

  /** Payload format 2.0: a result without statusCode is a JSON body with status 200. */
  private send(res: ServerResponse, response: unknown): void {
    const result = response as {
      statusCode?: number;
      headers?: Record<string, string>;
      body?: string;
      isBase64Encoded?: boolean;
    };
    if (typeof response !== 'object' || response === null || result.statusCode === undefined) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(response));
      return;
    }
    res.writeHead(result.statusCode, result.headers ?? {});
    res.end(
      result.body === undefined
        ? undefined
        : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8'),
    );
  }
}
