import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { z } from 'zod';
import type { Clock } from './domain/ports.ts';

/**
 * Configuration of every handler. On Lambda it comes from environment variables set by the stack; the local
 * runtime builds the same object with the endpoints of its emulated services.
 */
export interface Config {
  readonly region: string;
  readonly tableName: string;
  readonly eventBusName: string;
  /** API Gateway management endpoint for `PostToConnection`, e.g. `https://id.execute-api.r.amazonaws.com/ocpp`. */
  readonly connectionsEndpoint: string;
  /** SHA-256 (hex) of the platform-admin API key; empty disables platform-admin access. */
  readonly adminKeySha256: string;
  /** Heartbeat interval returned at boot; must stay below API Gateway's 10-minute idle timeout. */
  readonly heartbeatIntervalSeconds: number;
  /** Public charger URL base, e.g. `wss://d123.cloudfront.net/ocpp`; charger URLs append `/{tenantId}/{chargerId}`. */
  readonly ocppBaseUrl: string;
  /** API requests per second of a tenant without a limit of its own (all its keys together). */
  readonly apiRateLimitPerSecond: number;
  /** How long the API waits for a charger's answer before answering 202 with the command id (0-25). */
  readonly commandWaitSeconds: number;
  /** How long a CSMS→charger CALL may stay unanswered before its command times out. */
  readonly commandTimeoutSeconds: number;
  /** How many calls may wait per charger behind its outstanding one; beyond, the API answers 429. */
  readonly maxQueuedCalls: number;
  /** URL of the SQS queue that wakes a charger's call queue at a call's time-out. */
  readonly callQueueTimerUrl: string;
  /** At most one `transactionUpdated` per session for periodic meter values in this many seconds; 0: each. */
  readonly transactionUpdatedIntervalSeconds: number;
  /** S3 bucket of the files chargers upload (diagnostics) and download (firmware); empty: none. */
  readonly filesBucket: string;
  /** Endpoint overrides for the local runtime; unset on AWS. */
  readonly endpoints?: {
    readonly dynamodb?: string;
    readonly eventbridge?: string;
    readonly s3?: string;
    readonly sqs?: string;
  };
  /** Local runtime only (unset on Lambda): the clock of every handler, which tests may set. */
  readonly clock?: Clock;
  /** Static credentials for the local runtime; unset on AWS, where the Lambda role is used. */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /**
   * Benchmarks only (unset on Lambda): told of every AWS SDK call. DynamoDB calls then ask for
   * ReturnConsumedCapacity TOTAL, so that read and write units are counted rather than estimated.
   */
  readonly awsCallObserver?: AwsCallObserver;
  /**
   * Local runtime only (unset on Lambda): how the SDK clients reach the emulated services. The local runtime
   * hands requests to the emulators in-process and skips SigV4, which they do not check.
   */
  readonly sdkTransport?: SdkTransport;
}

/** Passed as is to the SDK clients' `requestHandler` and `signer` options. */
export interface SdkTransport {
  readonly requestHandlers?: {
    readonly dynamodb?: SdkRequestHandler;
    readonly eventbridge?: SdkRequestHandler;
    readonly apigateway?: SdkRequestHandler;
    readonly sqs?: SdkRequestHandler;
  };
  readonly signer?: SdkRequestSigner;
}
export type SdkRequestHandler = NonNullable<DynamoDBClientConfig['requestHandler']>;
export type SdkRequestSigner = NonNullable<DynamoDBClientConfig['signer']>;

/** One AWS SDK call, as an `awsCallObserver` sees it once it has completed or failed. */
export interface AwsCall {
  readonly service: 'dynamodb' | 'eventbridge' | 'apigateway' | 'sqs';
  /** The operation, e.g. `PutItem`, `PutEvents`, `PostToConnection`. */
  readonly operation: string;
  readonly input: Readonly<Record<string, unknown>>;
  /** DynamoDB: the units the call consumed; absent when it failed. */
  readonly consumedCapacity?: readonly { readonly TableName?: string; readonly CapacityUnits?: number }[];
  /** The error name when the call failed, e.g. `ConditionalCheckFailedException`. */
  readonly error?: string;
}

export type AwsCallObserver = (call: AwsCall) => void;

/** Environment variable names: the stack sets them, `readConfig` reads them. */
export const configEnv = {
  tableName: 'TABLE_NAME',
  eventBusName: 'EVENT_BUS_NAME',
  connectionsEndpoint: 'CONNECTIONS_ENDPOINT',
  adminKeySha256: 'ADMIN_KEY_SHA256',
  heartbeatIntervalSeconds: 'HEARTBEAT_INTERVAL_SECONDS',
  ocppBaseUrl: 'OCPP_BASE_URL',
  apiRateLimitPerSecond: 'API_RATE_LIMIT_PER_SECOND',
  commandWaitSeconds: 'COMMAND_WAIT_SECONDS',
  commandTimeoutSeconds: 'COMMAND_TIMEOUT_SECONDS',
  maxQueuedCalls: 'MAX_QUEUED_CALLS',
  callQueueTimerUrl: 'CALL_QUEUE_TIMER_URL',
  filesBucket: 'FILES_BUCKET',
  transactionUpdatedIntervalSeconds: 'TRANSACTION_UPDATED_INTERVAL_SECONDS',
} as const;

/** Per-tenant API rate limit: the default, and the most a tenant may be given. */
export const defaultApiRateLimitPerSecond = 50;
export const maxApiRateLimitPerSecond = 10_000;

/** API Gateway closes a WebSocket idle for 10 minutes; ping frames do not count. */
export const maxHeartbeatIntervalSeconds = 540;

/**
 * The heartbeat interval returned at boot. Every Heartbeat is two billed WebSocket messages and a Lambda
 * invocation, and buys nothing below the idle timeout: a charger that goes silent is cut by API Gateway 10
 * minutes after its last message whatever the interval, and `$disconnect` marks it offline. So the default
 * is the most that stays below the idle timeout with a minute of margin for timers and queues.
 */
export const defaultHeartbeatIntervalSeconds = maxHeartbeatIntervalSeconds;

/**
 * Periodic meter values become a `transactionUpdated` event at most every 5 minutes per session (the start,
 * the end and every other change of a session always do): fresh enough for dashboards and load balancing, a
 * fifth of the events at a 60 s sampling interval. Every value is stored and readable through the API.
 */
export const defaultTransactionUpdatedIntervalSeconds = 300;
export const maxTransactionUpdatedIntervalSeconds = 3600;

/** API Gateway cuts an HTTP integration at 29 s; waiting at most 25 leaves time to answer. */
export const maxCommandWaitSeconds = 25;
export const defaultCommandTimeoutSeconds = 60;

/**
 * Calls that may wait per charger behind the outstanding one. Chargers answer in about a second, so 20 is 20
 * seconds of work; a longer queue means a caller that should back off (429), and each waiting call's record
 * is read with the charger's state while it waits.
 */
export const defaultMaxQueuedCalls = 20;
export const maxMaxQueuedCalls = 100;

const envSchema = z.object({
  AWS_REGION: z.string().min(1),
  [configEnv.tableName]: z.string().min(1),
  [configEnv.eventBusName]: z.string().min(1),
  [configEnv.connectionsEndpoint]: z.url(),
  [configEnv.adminKeySha256]: z
    .string()
    .regex(/^([0-9a-f]{64})?$/)
    .default(''),
  [configEnv.heartbeatIntervalSeconds]: z.coerce
    .number()
    .int()
    .min(10)
    .max(maxHeartbeatIntervalSeconds)
    .default(defaultHeartbeatIntervalSeconds),
  [configEnv.ocppBaseUrl]: z.string().default(''),
  [configEnv.apiRateLimitPerSecond]: z.coerce
    .number()
    .int()
    .min(1)
    .max(maxApiRateLimitPerSecond)
    .default(defaultApiRateLimitPerSecond),
  [configEnv.commandWaitSeconds]: z.coerce
    .number()
    .int()
    .min(0)
    .max(maxCommandWaitSeconds)
    .default(maxCommandWaitSeconds),
  [configEnv.commandTimeoutSeconds]: z.coerce
    .number()
    .int()
    .min(1)
    .max(3600)
    .default(defaultCommandTimeoutSeconds),
  [configEnv.maxQueuedCalls]: z.coerce
    .number()
    .int()
    .min(0)
    .max(maxMaxQueuedCalls)
    .default(defaultMaxQueuedCalls),
  [configEnv.callQueueTimerUrl]: z.url(),
  [configEnv.filesBucket]: z.string().default(''),
  [configEnv.transactionUpdatedIntervalSeconds]: z.coerce
    .number()
    .int()
    .min(0)
    .max(maxTransactionUpdatedIntervalSeconds)
    .default(defaultTransactionUpdatedIntervalSeconds),
});

/** Reads the Lambda environment; a missing variable fails the cold start loudly instead of the first request. */
export const readConfig = (env: NodeJS.ProcessEnv): Config => {
  const parsed = envSchema.parse(env);
  return {
    region: parsed.AWS_REGION,
    tableName: parsed[configEnv.tableName],
    eventBusName: parsed[configEnv.eventBusName],
    connectionsEndpoint: parsed[configEnv.connectionsEndpoint],
    adminKeySha256: parsed[configEnv.adminKeySha256],
    heartbeatIntervalSeconds: parsed[configEnv.heartbeatIntervalSeconds],
    ocppBaseUrl: parsed[configEnv.ocppBaseUrl],
    apiRateLimitPerSecond: parsed[configEnv.apiRateLimitPerSecond],
    commandWaitSeconds: parsed[configEnv.commandWaitSeconds],
    commandTimeoutSeconds: parsed[configEnv.commandTimeoutSeconds],
    maxQueuedCalls: parsed[configEnv.maxQueuedCalls],
    callQueueTimerUrl: parsed[configEnv.callQueueTimerUrl],
    filesBucket: parsed[configEnv.filesBucket],
    transactionUpdatedIntervalSeconds: parsed[configEnv.transactionUpdatedIntervalSeconds],
  };
};
