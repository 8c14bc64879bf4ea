import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EventRule } from '../shared/topology/event-rules.ts';
import { assertValidEventPattern, matchesEventPattern } from './event-pattern.ts';
import type { LocalSqs } from './sqs.ts';
import type { LocalLogger, LocalStepFunctions } from './stepfunctions.ts';

/** An event as EventBridge delivers it to targets. */
export interface PutEvent {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': string;
  readonly source: string;
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: Record<string, unknown>;
}

export interface LocalEventBridgeOptions {
  readonly rules: readonly EventRule[];
  readonly stepFunctions: Pick<LocalStepFunctions, 'startExecution'>;
  /** Where rules with a queue target send the event (the whole event, as EventBridge's SQS target does). */
  readonly sqs?: Pick<LocalSqs, 'send'>;
  readonly busName: string;
  readonly logger?: LocalLogger;
  /** @default 0 (any free port) */
  readonly port?: number;
}

export interface LocalEventBridge {
  /** For the SDK client's `endpoint`. */
  readonly endpoint: string;
  /** What the endpoint's HTTP server calls, for the in-process SDK transport. */
  readonly requestListener: RequestListener;
  /** Accepted events, oldest first; only the last 1000 are kept. */
  readonly events: readonly PutEvent[];
  close(): Promise<void>;
}

const account = '000000000000';
const maxRecordedEvents = 1000;
const maxEntriesBytes = 256 * 1024;
const maxRequestBytes = 1024 * 1024;

class ServiceError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly statusCode = 400,
  ) {
    super(message);
  }
}

type EntryResult = { EventId: string } | { ErrorCode: string; ErrorMessage: string };

/**
 * Emulates the EventBridge JSON API (awsJson1_1) closely enough for the unmodified SDK v3 client's
 * PutEvents. Signatures are not checked. Matching rules start their state machine or send the event to their
 * queue, as the stack's targets do.
 */
export const startLocalEventBridge = async (options: LocalEventBridgeOptions): Promise<LocalEventBridge> => {
  const { rules, stepFunctions, busName } = options;
  const logger = options.logger ?? console;
  // A rule AWS would reject, or that the emulator cannot evaluate, fails startup instead of the first event.
  for (const rule of rules) assertValidEventPattern(rule.pattern);
  const busArn = new RegExp(`^arn:aws[\\w-]*:events:[\\w-]+:\\d{12}:event-bus/${escapeRegExp(busName)}$`);
  const events: PutEvent[] = [];

  const route = (event: PutEvent): void => {
    for (const rule of rules) {
      if (!matchesEventPattern(rule.pattern, event)) continue;
      try {
        if ('queue' in rule.target) {
          if (!options.sqs) throw new Error(`no SQS emulation for the queue ${rule.target.queue}`);
          options.sqs.send(rule.target.queue, JSON.stringify(event));
        } else {
          // Only schedules the execution: PutEvents still answers before any workflow state runs.
          stepFunctions.startExecution(rule.target.stateMachine, event);
        }
      } catch (error) {
        logger.error('Rule target failed', { rule: rule.id, eventId: event.id, error });
      }
    }
  };

  const putEvents = (body: unknown, region: string): { Entries: EntryResult[]; FailedEntryCount: number } => {
    const entries = isObject(body) ? body.Entries : undefined;
    if (!Array.isArray(entries) || entries.length < 1 || entries.length > 10) {
      throw new ServiceError('ValidationException', 'Entries must contain between 1 and 10 entries.');
    }
    if (entries.reduce((total: number, entry) => total + entrySize(entry), 0) > maxEntriesBytes) {
      throw new ServiceError(
        'ValidationException',
        'Total size of the entries in the request is over the limit.',
      );
    }
    const results = entries.map((entry): EntryResult => {
      const built = buildEvent(entry, region);
      if ('ErrorCode' in built) return built;
      if (events.push(built) > maxRecordedEvents) events.shift();
      route(built);
      return { EventId: built.id };
    });
    return { Entries: results, FailedEntryCount: results.filter((result) => 'ErrorCode' in result).length };
  };

  const buildEvent = (
    entry: unknown,
    region: string,
  ): PutEvent | { ErrorCode: string; ErrorMessage: string } => {
    const { Source, DetailType, Detail, EventBusName, Resources, Time } = isObject(entry) ? entry : {};
    const invalid = (name: string, reason: string) => ({
      ErrorCode: 'InvalidArgument',
      ErrorMessage: `Parameter ${name} is not valid. Reason: ${reason}`,
    });
    if (EventBusName !== busName && !(typeof EventBusName === 'string' && busArn.test(EventBusName))) {
      const name = typeof EventBusName === 'string' ? EventBusName : 'default';
      return { ErrorCode: 'ResourceNotFoundException', ErrorMessage: `Event bus ${name} does not exist.` };
    }
    if (typeof Source !== 'string' || Source === '')
      return invalid('Source', 'Source is a required argument.');
    if (Source.startsWith('aws.')) {
      return { ErrorCode: 'NotAuthorizedForSourceException', ErrorMessage: 'Not authorized for the source.' };
    }
    if (typeof DetailType !== 'string' || DetailType === '') {
      return invalid('DetailType', 'DetailType is a required argument.');
    }
    if (typeof Detail !== 'string' || Detail === '')
      return invalid('Detail', 'Detail is a required argument.');
    const detail = parseObject(Detail);
    if (!detail) return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
    if (
      Resources !== undefined &&
      !(Array.isArray(Resources) && Resources.every((r) => typeof r === 'string'))
    ) {
      return invalid('Resources', 'Resources must be a list of strings.');
    }
    const time = eventTime(Time);
    if (!time) return invalid('Time', 'Time is not a valid timestamp.');
    return {
      version: '0',
      id: randomUUID(),
      'detail-type': DetailType,
      source: Source,
      account,
      time,
      region,
      resources: (Resources as string[] | undefined) ?? [],
      detail,
    };
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    try {
      const target = request.headers['x-amz-target'];
      if (request.method !== 'POST' || target !== 'AWSEvents.PutEvents') {
        throw new ServiceError('UnknownOperationException', `Unknown operation ${String(target)}`);
      }
      const body = parseBody(await readBody(request));
      send(response, 200, putEvents(body, signingRegion(request)));
    } catch (error) {
      const serviceError =
        error instanceof ServiceError ? error : new ServiceError('InternalException', String(error), 500);
      if (serviceError.statusCode === 500) logger.error('PutEvents failed', { error });
      response.setHeader('x-amzn-ErrorType', serviceError.type);
      send(response, serviceError.statusCode, { __type: serviceError.type, message: serviceError.message });
    }
  };

  const requestListener: RequestListener = (request, response) => void handle(request, response);
  const server = createServer(requestListener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    requestListener,
    events,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // The SDK keeps connections alive; without this, close waits for them to time out.
        server.closeAllConnections();
      }),
  };
};

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const parseObject = (text: string): Json | undefined => {
  try {
    const parsed: unknown = JSON.parse(text);
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
};

const parseBody = (text: string): unknown => {
  try {
    return JSON.parse(text === '' ? '{}' : text);
  } catch {
    throw new ServiceError('SerializationException', 'The request body is not valid JSON.');
  }
};

const readBody = async (request: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxRequestBytes)
      throw new ServiceError('ValidationException', 'The request is too large.', 413);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
};

const send = (response: ServerResponse, statusCode: number, body: unknown): void => {
  response.writeHead(statusCode, {
    'content-type': 'application/x-amz-json-1.1',
    'x-amzn-RequestId': randomUUID(),
  });
  response.end(JSON.stringify(body));
};

// The region the client signed for, so events carry the region the handlers were configured with.
const signingRegion = (request: IncomingMessage): string =>
  /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(request.headers.authorization ?? '')?.[1] ?? 'us-east-1';

// AWS counts the UTF-8 bytes of these fields, plus 14 for a Time.
const entrySize = (entry: unknown): number => {
  if (!isObject(entry)) return 0;
  const bytes = (value: unknown) => (typeof value === 'string' ? Buffer.byteLength(value) : 0);
  const resources = Array.isArray(entry.Resources) ? entry.Resources : [];
  return (
    (entry.Time === undefined ? 0 : 14) +
    bytes(entry.Source) +
    bytes(entry.DetailType) +
    bytes(entry.Detail) +
    resources.reduce((total: number, resource) => total + bytes(resource), 0)
  );
};

// The SDK sends Time as epoch seconds; AWS delivers it as ISO 8601 without milliseconds.
const eventTime = (time: unknown): string | undefined => {
  const date =
    time === undefined || time === null
      ? new Date()
      : new Date(typeof time === 'number' ? time * 1000 : typeof time === 'string' ? time : Number.NaN);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString().replace(/\.\d{3}Z$/, 'Z');
};
