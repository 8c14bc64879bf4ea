import { WebSocket } from 'ws';

/** Rejects when `promise` has not settled within `ms`: every wait in a test is bounded. */
export const within = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
};

export const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export const basicAuth = (username: string, password: string): string =>
  `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;

export interface Closure {
  readonly code: number;
  readonly reason: string;
  /** Milliseconds between the upgrade and the close. */
  readonly afterMs: number;
}

/**
 * A charger made of a bare `ws` socket: it sends whatever bytes a test wants (broken JSON, binary frames,
 * fragments) and queues every text message it receives.
 */
export class RawCharger {
  private readonly inbox: string[] = [];
  private readonly waiters: ((message: string) => void)[] = [];
  private readonly openedAt = Date.now();
  readonly closed: Promise<Closure>;

  constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const text = data.toString();
      const waiter = this.waiters.shift();
      if (waiter) waiter(text);
      else this.inbox.push(text);
    });
    // Errors also end in 'close', which is what the tests look at.
    socket.on('error', () => undefined);
    this.closed = new Promise((resolve) =>
      socket.once('close', (code, reason) =>
        resolve({ code, reason: reason.toString(), afterMs: Date.now() - this.openedAt }),
      ),
    );
  }

  get protocol(): string {
    return this.socket.protocol;
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  send(data: string): void {
    this.socket.send(data);
  }

  /** The next text message, parsed as JSON when it is JSON. */
  next(timeoutMs = 2000): Promise<unknown> {
    const queued = this.inbox.shift();
    if (queued !== undefined) return Promise.resolve(parse(queued));
    let waiter: ((message: string) => void) | undefined;
    const arrival = new Promise<unknown>((resolve) => {
      waiter = (message) => resolve(parse(message));
      this.waiters.push(waiter);
    });
    return within(arrival, timeoutMs, 'a message from the CSMS').catch((error: unknown) => {
      const index = this.waiters.indexOf(waiter!);
      if (index >= 0) this.waiters.splice(index, 1);
      throw error;
    });
  }

  /** Everything that arrives within `ms` (including what is already queued). */
  async drain(ms: number): Promise<unknown[]> {
    await delay(ms);
    return this.inbox.splice(0).map(parse);
  }

  /** Sends a CALL and returns the answer (CALLRESULT or CALLERROR frame). */
  async call(messageId: string, action: string, payload: Record<string, unknown>, timeoutMs = 2000) {
    this.send(JSON.stringify([2, messageId, action, payload]));
    return this.next(timeoutMs);
  }

  close(): Promise<Closure> {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.close(1000);
    return within(this.closed, 2000, 'the socket to close');
  }
}

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

export type UpgradeOutcome =
  | { readonly kind: 'open'; readonly charger: RawCharger }
  | { readonly kind: 'refused'; readonly status: number; readonly body: string };

/**
 * Attempts a WebSocket upgrade and reports what the server did: the open socket, or the HTTP status and body
 * of the refusal (`ws`'s 'unexpected-response'). `authorization: undefined` sends no Authorization header.
 */
export const attemptUpgrade = (options: {
  url: string;
  protocols?: string[];
  authorization?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
}): Promise<UpgradeOutcome> => {
  const socket = new WebSocket(options.url, options.protocols ?? [], {
    perMessageDeflate: false,
    handshakeTimeout: options.timeoutMs ?? 3000,
    headers: {
      ...(options.authorization !== undefined && { authorization: options.authorization }),
      ...options.headers,
    },
  });
  socket.on('error', () => undefined);
  const outcome = new Promise<UpgradeOutcome>((resolve, reject) => {
    socket.once('open', () => resolve({ kind: 'open', charger: new RawCharger(socket) }));
    socket.once('unexpected-response', (_request, response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        resolve({
          kind: 'refused',
          status: response.statusCode ?? 0,
          body: Buffer.concat(chunks).toString('utf8'),
        });
        socket.terminate();
      });
    });
    socket.once('error', reject);
  });
  return within(outcome, (options.timeoutMs ?? 3000) + 500, `the upgrade of ${options.url}`);
};

/** Opens a raw charger socket with Basic auth, failing the test when the upgrade is refused. */
export const openRawCharger = async (options: {
  ocppUrl: string;
  tenantId: string;
  chargerId: string;
  password: string;
  protocol: string;
  headers?: Record<string, string>;
}): Promise<RawCharger> => {
  const outcome = await attemptUpgrade({
    url: `${options.ocppUrl}/${options.tenantId}/${options.chargerId}`,
    protocols: [options.protocol],
    authorization: basicAuth(options.chargerId, options.password),
    ...(options.headers && { headers: options.headers }),
  });
  if (outcome.kind !== 'open') throw new Error(`upgrade refused: ${outcome.status} ${outcome.body}`);
  return outcome.charger;
};
