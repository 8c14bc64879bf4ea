import { EventEmitter } from 'node:events';
import type { IncomingMessage, OutgoingHttpHeaders, RequestListener, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type {
  HttpHandlerOptions,
  HttpRequest,
  HttpResponse,
  QueryParameterBag,
  RequestHandler,
} from '@smithy/types';

/** An SDK `requestHandler` that serves each request with a `node:http` request listener, without a socket. */
export type InProcessRequestHandler = RequestHandler<HttpRequest, HttpResponse, HttpHandlerOptions> & {
  updateHttpClientConfig(): void;
  httpHandlerConfigs(): Record<string, never>;
};

export interface InProcessOptions {
  /**
   * Checked before the listener sees the request: a response refuses it (as IAM would, e.g. the tenant key
   * policy of tenant-key-policy.ts), undefined lets it through.
   */
  readonly authorize?: (request: HttpRequest) => HttpResponse | undefined;
}

/**
 * The local runtime's emulators are request listeners in this process; over loopback every AWS call paid for an
 * HTTP client, a socket and an HTTP parser on both ends. This hands the SDK's request to the same listener that
 * the emulator's HTTP server calls, and its answer back to the SDK: the emulator cannot tell the difference,
 * and the SDK still serializes, signs, retries and deserializes as it does against AWS. `authorize` stands in for
 * IAM: a transport per tenant-scoped client refuses what the tenant's role would.
 */
export const createInProcessRequestHandler = (
  listener: RequestListener,
  { authorize }: InProcessOptions = {},
): InProcessRequestHandler => ({
  metadata: { handlerProtocol: 'http/1.1' },
  handle: (request, options) =>
    new Promise((resolve, reject) => {
      const signal = options?.abortSignal as AbortSignal | undefined;
      if (signal?.aborted) return reject(abortError());
      const refusal = authorize?.(request);
      if (refusal) return resolve({ response: refusal });
      const response = new InProcessResponse((answer) => resolve({ response: answer }));
      try {
        listener(incomingMessage(request), response as unknown as ServerResponse);
      } catch (error) {
        reject(error);
      }
    }),
  updateHttpClientConfig: () => undefined,
  httpHandlerConfigs: () => ({}),
  destroy: () => undefined,
});

const abortError = (): Error => Object.assign(new Error('Request aborted'), { name: 'AbortError' });

/** What a listener reads of an `IncomingMessage`: method, url, lower-case headers, and the body as a stream. */
const incomingMessage = (request: HttpRequest): IncomingMessage => {
  const body = request.body as unknown;
  const stream =
    body instanceof Readable
      ? body
      : new Readable({
          read() {
            if (body !== undefined && body !== null && body !== '') this.push(toBuffer(body));
            this.push(null);
          },
        });
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value;
  headers.host ??= request.port ? `${request.hostname}:${request.port}` : request.hostname;
  return Object.assign(stream, {
    method: request.method,
    url: request.path + queryString(request.query),
    headers,
    httpVersion: '1.1',
    socket: { remoteAddress: '127.0.0.1' },
  }) as unknown as IncomingMessage;
};

const toBuffer = (body: unknown): Buffer =>
  typeof body === 'string'
    ? Buffer.from(body)
    : ArrayBuffer.isView(body)
      ? Buffer.from(body.buffer, body.byteOffset, body.byteLength)
      : Buffer.from(body as ArrayBuffer);

const queryString = (query: QueryParameterBag | undefined): string => {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query ?? {})) {
    const name = encodeURIComponent(key);
    if (value === null) parts.push(name);
    else for (const item of [value].flat()) parts.push(`${name}=${encodeURIComponent(item)}`);
  }
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
};

/** The part of `ServerResponse` the emulators use; `end` hands the whole answer to the SDK. */
class InProcessResponse extends EventEmitter {
  statusCode = 200;
  statusMessage = '';
  headersSent = false;
  writableEnded = false;
  readonly #headers = new Map<string, string>();
  readonly #chunks: Buffer[] = [];

  constructor(private readonly onEnd: (response: HttpResponse) => void) {
    super();
  }

  setHeader(name: string, value: number | string | readonly string[]): this {
    this.#headers.set(name.toLowerCase(), Array.isArray(value) ? value.join(', ') : String(value));
    return this;
  }

  getHeader(name: string): string | undefined {
    return this.#headers.get(name.toLowerCase());
  }

  hasHeader(name: string): boolean {
    return this.#headers.has(name.toLowerCase());
  }

  removeHeader(name: string): void {
    this.#headers.delete(name.toLowerCase());
  }

  writeHead(statusCode: number, reason?: string | OutgoingHttpHeaders, headers?: OutgoingHttpHeaders): this {
    this.statusCode = statusCode;
    if (typeof reason === 'string') this.statusMessage = reason;
    for (const [name, value] of Object.entries((typeof reason === 'object' ? reason : headers) ?? {})) {
      if (value !== undefined) this.setHeader(name, value);
    }
    this.headersSent = true;
    return this;
  }

  write(chunk: string | Uint8Array, ...rest: unknown[]): boolean {
    this.headersSent = true;
    this.#chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
    callbackOf(rest)?.();
    return true;
  }

  end(chunk?: string | Uint8Array | (() => void), ...rest: unknown[]): this {
    if (this.writableEnded) return this;
    if (typeof chunk === 'function') rest.unshift(chunk);
    else if (chunk !== undefined && chunk !== null) this.write(chunk);
    this.headersSent = true;
    this.writableEnded = true;
    this.onEnd({
      statusCode: this.statusCode,
      reason: this.statusMessage,
      headers: Object.fromEntries(this.#headers),
      body: this.#chunks.length === 1 ? this.#chunks[0] : Buffer.concat(this.#chunks),
    });
    callbackOf(rest)?.();
    this.emit('finish');
    this.emit('close');
    return this;
  }
}

const callbackOf = (rest: unknown[]): (() => void) | undefined =>
  rest.find((value): value is () => void => typeof value === 'function');
