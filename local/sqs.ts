import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { FunctionId } from '../shared/topology/functions.ts';
import type { QueueId, QueueSpec } from '../shared/topology/queues.ts';
import type { LocalClock } from './clock.ts';
import type { LocalLogger } from './stepfunctions.ts';

export interface LocalSqsOptions {
  readonly queues: Readonly<Record<QueueId, QueueSpec>>;
  /** Runs the consumer's handler, as the event source mapping does. */
  readonly invokeFunction: (id: FunctionId, event: SQSEvent) => Promise<unknown>;
  /** What `DelaySeconds` and retries are due by: tests move it to make delayed messages due at once. */
  readonly clock: LocalClock;
  readonly logger?: LocalLogger;
}

export interface LocalSqs {
  /** For the SDK client's `endpoint`. */
  readonly endpoint: string;
  /** What the endpoint's HTTP server calls, for the in-process SDK transport. */
  readonly requestListener: RequestListener;
  queueUrl(id: QueueId): string;
  /** Sends a message as a service would (an EventBridge rule's target): no delay, no SDK. */
  send(id: QueueId, body: string): void;
  /** Messages that are waiting for their delay (or retry) to pass. */
  delayed(id: QueueId): number;
  /** Messages that failed `maxReceiveCount` times, oldest first (the dead-letter queue). */
  readonly deadLetters: readonly { readonly queue: QueueId; readonly body: string }[];
  /** Resolves once no delivery is running (delayed messages may still wait). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

const account = '000000000000';
const region = 'local';
const maxDelaySeconds = 900;
const maxMessageBytes = 256 * 1024;
/** How long a failed delivery stays invisible before its retry (the stack's visibility timeout is longer). */
const retryDelayMs = 1000;

interface Message {
  readonly queue: QueueId;
  readonly messageId: string;
  readonly body: string;
  readonly sentAt: number;
  dueAt: number;
  receiveCount: number;
  timer?: NodeJS.Timeout;
}

class ServiceError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly statusCode = 400,
  ) {
    super(message);
  }
}

const md5 = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex');

/**
 * Emulates SQS's JSON protocol closely enough for the unmodified SDK v3 client's SendMessage (with
 * `DelaySeconds`), and the Lambda event source of each topology queue: a message is handed to its consumer
 * when due by the local clock, one per event; a failed delivery (a throw, or its id in `batchItemFailures`)
 * is retried until `maxReceiveCount`, then kept as a dead letter.
 */
export const startLocalSqs = async (options: LocalSqsOptions): Promise<LocalSqs> => {
  const { queues, clock, invokeFunction } = options;
  const logger = options.logger ?? console;
  const waiting = new Set<Message>();
  const running = new Set<Promise<void>>();
  const deadLetters: { queue: QueueId; body: string }[] = [];
  let closed = false;
  let endpoint = '';

  const queueUrl = (id: QueueId) => `${endpoint}/${account}/${id}`;
  const queueOf = (url: unknown): QueueId => {
    const id = typeof url === 'string' ? url.slice(url.lastIndexOf('/') + 1) : '';
    if (!(id in queues)) throw new ServiceError('QueueDoesNotExist', 'The specified queue does not exist.');
    return id as QueueId;
  };

  const deliver = async (message: Message): Promise<void> => {
    const spec = queues[message.queue];
    message.receiveCount += 1;
    const event: SQSEvent = {
      Records: [
        {
          messageId: message.messageId,
          receiptHandle: randomUUID(),
          body: message.body,
          attributes: {
            ApproximateReceiveCount: String(message.receiveCount),
            SentTimestamp: String(message.sentAt),
            SenderId: account,
            ApproximateFirstReceiveTimestamp: String(clock.now().getTime()),
          },
          messageAttributes: {},
          md5OfBody: md5(message.body),
          eventSource: 'aws:sqs',
          eventSourceARN: `arn:aws:sqs:${region}:${account}:${message.queue}`,
          awsRegion: region,
        },
      ],
    };
    let failed = false;
    try {
      const result = (await invokeFunction(spec.consumer, event)) as SQSBatchResponse | undefined;
      failed = (result?.batchItemFailures ?? []).some((item) => item.itemIdentifier === message.messageId);
    } catch (error) {
      logger.error('SQS consumer failed', { queue: message.queue, messageId: message.messageId, error });
      failed = true;
    }
    if (!failed) return;
    if (message.receiveCount >= (spec.maxReceiveCount ?? 5)) {
      deadLetters.push({ queue: message.queue, body: message.body });
      return;
    }
    message.dueAt = clock.now().getTime() + retryDelayMs;
    wait(message);
  };

  const start = (message: Message): void => {
    clearTimeout(message.timer);
    waiting.delete(message);
    const delivery = deliver(message).finally(() => running.delete(delivery));
    running.add(delivery);
  };

  const wait = (message: Message): void => {
    if (closed) return;
    waiting.add(message);
    // Wall time passes on any clock; a jump of the clock is heard by `onJump` below.
    const delay = Math.max(0, message.dueAt - clock.now().getTime());
    message.timer = setTimeout(() => start(message), Math.min(delay, 2 ** 31 - 1));
  };

  const unsubscribe = clock.onJump(() => {
    const now = clock.now().getTime();
    for (const message of [...waiting]) if (message.dueAt <= now) start(message);
  });

  const enqueue = (queue: QueueId, text: string, delaySeconds: number) => {
    const now = clock.now().getTime();
    const message: Message = {
      queue,
      messageId: randomUUID(),
      body: text,
      sentAt: now,
      dueAt: now + delaySeconds * 1000,
      receiveCount: 0,
    };
    wait(message);
    return message;
  };

  const sendMessage = (body: Record<string, unknown>) => {
    const queue = queueOf(body.QueueUrl);
    const text = body.MessageBody;
    if (typeof text !== 'string' || text === '') {
      throw new ServiceError('InvalidParameterValue', 'The request must contain the parameter MessageBody.');
    }
    if (Buffer.byteLength(text) > maxMessageBytes) {
      throw new ServiceError('InvalidParameterValue', 'One or more parameters are invalid.');
    }
    const delaySeconds = body.DelaySeconds ?? 0;
    if (
      typeof delaySeconds !== 'number' ||
      !Number.isInteger(delaySeconds) ||
      delaySeconds < 0 ||
      delaySeconds > maxDelaySeconds
    ) {
      throw new ServiceError('InvalidParameterValue', `DelaySeconds must be from 0 to ${maxDelaySeconds}.`);
    }
    const message = enqueue(queue, text, delaySeconds);
    return { MessageId: message.messageId, MD5OfMessageBody: md5(text) };
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    try {
      const target = request.headers['x-amz-target'];
      if (request.method !== 'POST' || target !== 'AmazonSQS.SendMessage') {
        throw new ServiceError('UnsupportedOperation', `Unsupported operation ${String(target)}`);
      }
      send(response, 200, sendMessage(parseBody(await readBody(request))));
    } catch (error) {
      const serviceError =
        error instanceof ServiceError ? error : new ServiceError('InternalError', String(error), 500);
      if (serviceError.statusCode === 500) logger.error('SendMessage failed', { error });
      response.setHeader('x-amzn-query-error', `AWS.SimpleQueueService.${serviceError.type};Sender`);
      send(response, serviceError.statusCode, {
        __type: `com.amazonaws.sqs#${serviceError.type}`,
        message: serviceError.message,
      });
    }
  };

  const requestListener: RequestListener = (request, response) => void handle(request, response);
  const server = createServer(requestListener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const settled = async (): Promise<void> => {
    while (running.size > 0) await Promise.allSettled([...running]);
  };

  return {
    endpoint,
    requestListener,
    queueUrl,
    send: (id, body) => void enqueue(id, body, 0),
    delayed: (id) => [...waiting].filter((message) => message.queue === id).length,
    deadLetters,
    settled,
    async close() {
      closed = true;
      unsubscribe();
      for (const message of waiting) clearTimeout(message.timer);
      waiting.clear();
      await settled();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
};

const parseBody = (text: string): Record<string, unknown> => {
  try {
    const parsed: unknown = JSON.parse(text === '' ? '{}' : text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      return parsed as Record<string, unknown>;
    }
  } catch {
    // answered below
  }
  throw new ServiceError('SerializationException', 'The request body is not a JSON object.');
};

const readBody = async (request: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of request as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
};

const send = (response: ServerResponse, statusCode: number, body: unknown): void => {
  response.writeHead(statusCode, {
    'content-type': 'application/x-amz-json-1.0',
    'x-amzn-RequestId': randomUUID(),
  });
  response.end(JSON.stringify(body));
};
