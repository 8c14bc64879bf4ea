import { randomBytes, randomUUID } from 'node:crypto';
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
  STATUS_CODES,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { functions } from '../shared/topology/functions.ts';
import { websocketRoutes, websocketStageName } from '../shared/topology/websocket-routes.ts';
import { isResponse, loadViewerRequestFunction } from './cloudfront.ts';
import { guardFrameSize } from './frame-guard.ts';
import type { InvokeFunction } from './functions.ts';

/** API Gateway WebSocket quotas; the defaults are AWS's fixed values, tests shrink them. */
export interface WebSocketQuotas {
  readonly maxMessageBytes: number;
  readonly maxFrameBytes: number;
  readonly idleTimeoutMs: number;
  readonly maxConnectionMs: number;
  /**
   * Not an AWS quota: how many frames of one connection the emulation hands to `$default` at once. API Gateway
   * invokes Lambda per frame, bounded by the account's concurrency; one process has no such bound, so a charger
   * sending thousands of frames without waiting would hold them all in memory and starve every other tenant.
   * Beyond the bound the gateway stops reading that socket (TCP backpressure) until a frame is done.
   */
  readonly maxFramesInFlightPerConnection: number;
  /**
   * Not an AWS quota: how many `$connect` authorizer invocations run at once; later upgrades wait in arrival order,
   * and an upgrade's authorizer timeout starts only when its invocation does (as on Lambda, where each container
   * has its own CPU and thread pool). Without the bound, 1,000 simultaneous upgrades start 1,000 scrypt checks on
   * one process's libuv pool, and the last ones time out while they wait for a thread, not while they run. An
   * upgrade whose client left while it waited is dropped unchecked. On AWS the function's reserved concurrency
   * throttles instead (the charger sees an error and retries). @default the authorizer's reserved concurrency
   */
  readonly maxAuthorizersInFlight: number;
}

export const awsWebSocketQuotas: WebSocketQuotas = {
  maxMessageBytes: 128 * 1024,
  maxFrameBytes: 32 * 1024,
  idleTimeoutMs: 10 * 60 * 1000,
  maxConnectionMs: 2 * 60 * 60 * 1000,
  maxFramesInFlightPerConnection: 4,
  maxAuthorizersInFlight: functions[websocketRoutes.authorizer.function].reservedConcurrency?.size ?? 50,
};

/** Peaks of the per-connection frame bound since the gateway started (for tests and the bench). */
export interface FrameBoundStats {
  /** Most `$default` invocations one connection had at once. */
  readonly peakInFlight: number;
  /** Most frames one connection had read but not yet handed over (read before its socket paused). */
  readonly peakWaiting: number;
  /** How often a socket was paused because its connection reached the bound. */
  readonly pauses: number;
  /** Most `$connect` authorizer invocations at once (at most `maxAuthorizersInFlight`). */
  readonly peakAuthorizersInFlight: number;
  /** Most upgrades waiting for an authorizer invocation at once. */
  readonly peakAuthorizersWaiting: number;
  /** Upgrades whose client left while they waited, dropped before their authorizer ran. */
  readonly abandonedUpgrades: number;
}

interface LiveConnection {
  readonly connectionId: string;
  readonly socket: WebSocket;
  readonly authorizer: Record<string, unknown>;
  readonly connectedAt: number;
  readonly sourceIp: string;
  readonly userAgent: string;
  lastActiveAt: number;
  /** `$default` invocations under way, and frames read while at the bound (handed over as those finish). */
  inFlight: number;
  readonly waiting: string[];
  idleTimer?: NodeJS.Timeout;
  lifetimeTimer?: NodeJS.Timeout;
}

export interface Logger {
  info(message: string, ...extra: unknown[]): void;
  error(message: string, ...extra: unknown[]): void;
}

const apiId = 'local';
/** API Gateway connection ids look like `L0SM9cOFvHcCIhw=`. */
const newConnectionId = () => randomBytes(10).toString('base64');

const headerValue = (request: IncomingMessage, name: string): string | undefined => {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(',') : value;
};

const flatHeaders = (request: IncomingMessage) => {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (let i = 0; i < request.rawHeaders.length; i += 2) {
    const name = request.rawHeaders[i]!;
    const value = request.rawHeaders[i + 1]!;
    headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
    multiValueHeaders[name] = [...(multiValueHeaders[name] ?? []), value];
  }
  return { headers, multiValueHeaders };
};

const refuseUpgrade = (socket: Duplex, status: number, body = '') => {
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
};

/**
 * Emulates CloudFront + an API Gateway WebSocket API in front of the handlers: the viewer-request function,
 * `$connect` with its REQUEST authorizer, `$default` (one-way or two-way, as the topology says), `$disconnect`, the
 * quotas, a bound on the frames of one connection in process, and
 * the `@connections` management endpoint that `ApiGatewayManagementApiClient` calls unchanged.
 */
export class LocalWebSocketGateway {
  private readonly server: Server;
  private readonly wss: WebSocketServer;
  private readonly connections = new Map<string, LiveConnection>();
  private readonly viewerRequest = loadViewerRequestFunction();
  private invoke: InvokeFunction | undefined;
  private readonly twoWayRoutes: ReadonlySet<string>;
  private stats = {
    peakInFlight: 0,
    peakWaiting: 0,
    pauses: 0,
    peakAuthorizersInFlight: 0,
    peakAuthorizersWaiting: 0,
    abandonedUpgrades: 0,
  };
  private authorizersInFlight = 0;
  /** Upgrades waiting for an authorizer slot, first come first served. */
  private readonly authorizerQueue: (() => void)[] = [];

  constructor(
    private readonly quotas: WebSocketQuotas,
    private readonly logger: Logger,
    /** @default the topology's (`websocketRoutes.twoWayRoutes`) */
    twoWayRoutes: readonly string[] = websocketRoutes.twoWayRoutes,
  ) {
    this.twoWayRoutes = new Set(twoWayRoutes);
    this.server = createServer(this.managementRequestListener);
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: quotas.maxMessageBytes,
      // The subprotocol is whatever `$connect` answered in Sec-WebSocket-Protocol.
      handleProtocols: (_offered, request) => (request as UpgradeRequest).chosenProtocol ?? false,
    });
    this.server.on('upgrade', (req, socket, head) => void this.handleUpgrade(req, socket, head));
  }

  /** The `@connections` endpoint's request listener, for the in-process SDK transport. */
  readonly managementRequestListener = (req: IncomingMessage, res: ServerResponse): void =>
    void this.handleManagementRequest(req, res);

  /** Handlers need the gateway's URL in their config, so they are plugged in once it listens. */
  attach(invoke: InvokeFunction): void {
    this.invoke = invoke;
  }

  async listen(port: number, host: string): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve());
    });
    return (this.server.address() as AddressInfo).port;
  }

  frameBoundStats(): FrameBoundStats {
    return { ...this.stats };
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** Ids of the open connections, as `@connections/{id}` takes them (read-only; for tests and tooling). */
  connectionIds(): string[] {
    return [...this.connections.keys()];
  }

  async close(): Promise<void> {
    const closing = [...this.connections.values()].map(
      (connection) =>
        new Promise<void>((resolve) => {
          connection.socket.once('close', () => resolve());
          connection.socket.close(1001, 'Going away');
          setTimeout(() => {
            connection.socket.terminate();
            resolve();
          }, 1000).unref();
        }),
    );
    await Promise.all(closing);
    await this.settled();
    this.wss.close();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
  }

  private readonly pending = new Set<Promise<unknown>>();

  /**
   * Resolves when every in-flight route invocation (including `$disconnect`) has finished. A socket in its
   * closing handshake counts as in flight: its `$disconnect` starts only when the close completes, which can be
   * after the client already saw its own 'close'.
   */
  async settled(): Promise<void> {
    for (;;) {
      const closing = [...this.connections.values()]
        .filter(({ socket }) => socket.readyState === WebSocket.CLOSING)
        .map(({ socket }) => new Promise<void>((resolve) => socket.once('close', () => resolve())));
      if (this.pending.size === 0 && closing.length === 0) return;
      await Promise.allSettled([...this.pending, ...closing]);
    }
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    this.pending.add(promise);
    void promise.finally(() => this.pending.delete(promise)).catch(() => undefined);
    return promise;
  }

  /**
   * Resolves when an authorizer slot is free (taken for the caller; `releaseAuthorizer` frees it). While the
   * upgrade waits, its socket is read (a client waits for the 101 before it sends, so nothing is expected but the
   * end of the stream) to notice a client that left; whatever was read is put back and the socket paused, which
   * the caller undoes (`paused`) once `ws` has its listeners.
   */
  private async acquireAuthorizer(socket: Duplex): Promise<{ left: boolean; paused: boolean }> {
    if (this.authorizersInFlight < this.quotas.maxAuthorizersInFlight) {
      this.authorizersInFlight++;
      this.stats.peakAuthorizersInFlight = Math.max(
        this.stats.peakAuthorizersInFlight,
        this.authorizersInFlight,
      );
      return { left: false, paused: false };
    }
    let left = false;
    const read: Buffer[] = [];
    const onData = (chunk: Buffer) => read.push(chunk);
    const onLeft = () => {
      left = true;
    };
    socket.on('data', onData).once('end', onLeft).once('close', onLeft);
    await new Promise<void>((resolve) => {
      this.authorizerQueue.push(resolve);
      this.stats.peakAuthorizersWaiting = Math.max(
        this.stats.peakAuthorizersWaiting,
        this.authorizerQueue.length,
      );
    });
    socket.off('data', onData).off('end', onLeft).off('close', onLeft);
    socket.pause();
    if (read.length > 0) socket.unshift(Buffer.concat(read));
    return { left: left || socket.destroyed, paused: true };
  }

  private releaseAuthorizer(): void {
    const next = this.authorizerQueue.shift();
    // The slot passes straight to the next waiter: the count stays.
    if (next) next();
    else this.authorizersInFlight--;
  }

  private requestContext(
    routeKey: string,
    eventType: string,
    connectionId: string,
    extra: Record<string, unknown>,
  ) {
    const now = Date.now();
    return {
      routeKey,
      eventType,
      messageDirection: 'IN',
      stage: websocketStageName,
      apiId,
      domainName: `${apiId}.execute-api.localhost`,
      connectionId,
      requestId: randomUUID(),
      extendedRequestId: randomUUID(),
      requestTime: new Date(now).toUTCString(),
      requestTimeEpoch: now,
      ...extra,
    };
  }

  private async handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    try {
      const invoke = this.invoke;
      if (!invoke) return refuseUpgrade(socket, 503);
      const rewritten = this.viewerRequest(request);
      if (isResponse(rewritten)) return refuseUpgrade(socket, rewritten.statusCode);
      const query = Object.fromEntries(
        Object.entries(rewritten.querystring).map(([key, { value }]) => [key, decodeURIComponent(value)]),
      );
      const { headers, multiValueHeaders } = flatHeaders(request);
      // Identity sources: API Gateway answers 401 itself, without calling the authorizer, when one is missing.
      const identityMissing = websocketRoutes.authorizer.identitySource.some((source) => {
        const [, , kind, name] = source.split('.');
        return kind === 'header' ? !headerValue(request, name!) : !query[name!];
      });
      if (identityMissing) return refuseUpgrade(socket, 401, '{"message":"Unauthorized"}');

      const connectionId = newConnectionId();
      const sourceIp = request.socket.remoteAddress ?? '127.0.0.1';
      const identity = { sourceIp, userAgent: headerValue(request, 'user-agent') ?? '' };
      const common = {
        headers,
        multiValueHeaders,
        queryStringParameters: query,
        multiValueQueryStringParameters: Object.fromEntries(Object.entries(query).map(([k, v]) => [k, [v]])),
        stageVariables: {},
      };

      let authorizer: Record<string, unknown>;
      const { left, paused } = await this.acquireAuthorizer(socket);
      try {
        if (left) {
          this.stats.abandonedUpgrades++;
          // Half-open (the HTTP server allows that): our side is closed too, or the server never closes.
          socket.destroy();
          return;
        }
        const policy = (await invoke(websocketRoutes.authorizer.function, {
          type: 'REQUEST',
          methodArn: `arn:aws:execute-api:local:000000000000:${apiId}/${websocketStageName}/$connect`,
          ...common,
          requestContext: this.requestContext('$connect', 'CONNECT', connectionId, { identity }),
        })) as { principalId: string; policyDocument: { Statement: { Effect: string }[] }; context?: object };
        if (!policy.policyDocument.Statement.every((statement) => statement.Effect === 'Allow')) {
          return refuseUpgrade(socket, 403, '{"message":"Forbidden"}');
        }
        authorizer = { ...policy.context, principalId: policy.principalId };
      } catch (error) {
        if ((error as Error).message === 'Unauthorized')
          return refuseUpgrade(socket, 401, '{"message":"Unauthorized"}');
        this.logger.error('authorizer failed', error);
        return refuseUpgrade(socket, 500, '{"message":"Internal server error"}');
      } finally {
        this.releaseAuthorizer();
      }

      const connectedAt = Date.now();
      let response: { statusCode?: number; headers?: Record<string, string> };
      try {
        response = (await this.track(
          invoke(websocketRoutes.routes.$connect, {
            ...common,
            isBase64Encoded: false,
            requestContext: this.requestContext('$connect', 'CONNECT', connectionId, {
              connectedAt,
              identity,
              authorizer,
            }),
          }),
        )) as typeof response;
      } catch (error) {
        this.logger.error('$connect failed', error);
        return refuseUpgrade(socket, 500, '{"message":"Internal server error"}');
      }
      const status = response?.statusCode ?? 200;
      if (status < 200 || status > 299) return refuseUpgrade(socket, status);

      const protocolHeader = Object.entries(response.headers ?? {}).find(
        ([name]) => name.toLowerCase() === 'sec-websocket-protocol',
      )?.[1];
      (request as UpgradeRequest).chosenProtocol = protocolHeader;
      guardFrameSize(socket, this.quotas.maxFrameBytes, () => {
        this.connections.get(connectionId)?.socket.close(1009, 'Frame size exceeds 32 KB');
      });
      // Flowing again on the next tick, when `ws` (which only resumes a socket never paused) reads it.
      if (paused) socket.resume();
      this.wss.handleUpgrade(request, socket, head, (ws) =>
        this.open({
          connectionId,
          socket: ws,
          authorizer,
          connectedAt,
          lastActiveAt: connectedAt,
          inFlight: 0,
          waiting: [],
          ...identity,
        }),
      );
    } catch (error) {
      this.logger.error('upgrade failed', error);
      refuseUpgrade(socket, 500);
    }
  }

  private open(connection: LiveConnection): void {
    this.connections.set(connection.connectionId, connection);
    const { socket } = connection;
    this.touch(connection);
    connection.lifetimeTimer = setTimeout(
      () => socket.close(1001, 'Going away: maximum connection duration reached'),
      this.quotas.maxConnectionMs,
    );
    socket.on('message', (data, isBinary) => {
      // Once the gateway is closing the socket (oversized frame, quotas), what is still in flight is dropped:
      // `ws` keeps parsing and would otherwise hand e.g. the offending > 32 KB frame to `$default`.
      if (socket.readyState !== WebSocket.OPEN) return;
      this.touch(connection);
      // API Gateway WebSocket APIs relay text frames to the route; OCPP-J is text only.
      if (isBinary) return socket.close(1003, 'Binary frames are not supported');
      const body = data.toString();
      if (connection.inFlight < this.quotas.maxFramesInFlightPerConnection)
        return this.dispatch(connection, body);
      // At the bound: `ws` still emits what it had already read (a chunk's worth at most), nothing more.
      connection.waiting.push(body);
      this.stats.peakWaiting = Math.max(this.stats.peakWaiting, connection.waiting.length);
      if (!socket.isPaused) {
        socket.pause();
        this.stats.pauses++;
      }
    });
    socket.on('close', (code, reason) => {
      clearTimeout(connection.idleTimer);
      clearTimeout(connection.lifetimeTimer);
      this.connections.delete(connection.connectionId);
      void this.track(this.onDisconnect(connection, code, reason.toString()));
    });
    socket.on('error', (error) => this.logger.info('socket error', connection.connectionId, error.message));
  }

  private dispatch(connection: LiveConnection, body: string): void {
    connection.inFlight++;
    this.stats.peakInFlight = Math.max(this.stats.peakInFlight, connection.inFlight);
    void this.track(
      this.onMessage(connection, body).finally(() => {
        connection.inFlight--;
        this.handOver(connection);
      }),
    );
  }

  /** Hands waiting frames over as invocations finish; reads the socket again once none waits. */
  private handOver(connection: LiveConnection): void {
    const { socket, waiting } = connection;
    if (socket.readyState !== WebSocket.OPEN) {
      waiting.length = 0;
      return;
    }
    while (connection.inFlight < this.quotas.maxFramesInFlightPerConnection && waiting.length > 0) {
      this.dispatch(connection, waiting.shift()!);
    }
    if (waiting.length === 0 && socket.isPaused) socket.resume();
  }

  private touch(connection: LiveConnection): void {
    connection.lastActiveAt = Date.now();
    clearTimeout(connection.idleTimer);
    connection.idleTimer = setTimeout(
      () => connection.socket.close(1001, 'Going away: idle timeout'),
      this.quotas.idleTimeoutMs,
    );
  }

  private async onMessage(connection: LiveConnection, body: string): Promise<void> {
    const context = this.requestContext('$default', 'MESSAGE', connection.connectionId, {
      connectedAt: connection.connectedAt,
      identity: { sourceIp: connection.sourceIp, userAgent: connection.userAgent },
      authorizer: connection.authorizer,
      messageId: randomBytes(8).toString('base64'),
    });
    try {
      const result = (await this.invoke!(websocketRoutes.routes.$default, {
        requestContext: context,
        body,
        isBase64Encoded: false,
      })) as { body?: unknown } | undefined;
      // A two-way route sends the integration's output for every frame: a result without a body arrives as an
      // empty message (serverless/serverless#6816). A one-way route sends nothing after a frame is processed.
      if (this.twoWayRoutes.has('$default')) {
        this.send(connection, typeof result?.body === 'string' ? result.body : '');
      }
    } catch (error) {
      this.logger.error('$default failed', error);
      // What API Gateway sends to the client when the integration fails, on one-way routes too.
      this.send(
        connection,
        JSON.stringify({
          message: 'Internal server error',
          connectionId: connection.connectionId,
          requestId: context.requestId,
        }),
      );
    }
  }

  private async onDisconnect(connection: LiveConnection, code: number, reason: string): Promise<void> {
    try {
      await this.invoke!(websocketRoutes.routes.$disconnect, {
        requestContext: this.requestContext('$disconnect', 'DISCONNECT', connection.connectionId, {
          connectedAt: connection.connectedAt,
          identity: { sourceIp: connection.sourceIp, userAgent: connection.userAgent },
          authorizer: connection.authorizer,
          disconnectStatusCode: code,
          disconnectReason: reason,
        }),
        isBase64Encoded: false,
      });
    } catch (error) {
      this.logger.error('$disconnect failed', error);
    }
  }

  private send(connection: LiveConnection, data: string): boolean {
    if (connection.socket.readyState !== WebSocket.OPEN) return false;
    this.touch(connection);
    connection.socket.send(data);
    return true;
  }

  /** `@connections/{id}`: POST sends, GET describes, DELETE closes (API Gateway management API). */
  private async handleManagementRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const reply = (status: number, body?: unknown, errorType?: string) => {
      res.writeHead(status, {
        'content-type': 'application/json',
        ...(errorType && { 'x-amzn-errortype': errorType }),
      });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    const match = new URL(req.url ?? '/', 'http://local').pathname.match(
      /^(?:\/[^/@]+)?\/@connections\/([^/]+)$/,
    );
    if (!match) return reply(404, { message: 'Not Found' });
    const connection = this.connections.get(decodeURIComponent(match[1]!));
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    if (!connection || connection.socket.readyState !== WebSocket.OPEN) {
      return reply(410, { message: 'Gone' }, 'GoneException');
    }
    switch (req.method) {
      case 'POST':
        if (body.length > this.quotas.maxMessageBytes) {
          return reply(413, { message: 'Message too long' }, 'PayloadTooLargeException');
        }
        this.send(connection, body.toString('utf8'));
        return reply(200);
      case 'GET':
        // The wire names are lowerCamelCase (the SDK maps them to ConnectedAt, Identity.SourceIp, ...).
        return reply(200, {
          connectedAt: new Date(connection.connectedAt).toISOString(),
          lastActiveAt: new Date(connection.lastActiveAt).toISOString(),
          identity: { sourceIp: connection.sourceIp, userAgent: connection.userAgent },
        });
      case 'DELETE':
        connection.socket.close(1000, 'Connection closed by the CSMS');
        return reply(204);
      default:
        return reply(405, { message: 'Method Not Allowed' });
    }
  }
}

type UpgradeRequest = IncomingMessage & { chosenProtocol?: string };
