import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import type { Clock } from './kernel/ports.ts';
import { readSettings, settingsEnv, tunableSettingSpecs } from './settings.ts';

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
  /** How far ahead of the server a charger's timestamp may be (seconds); a later one is the time received. */
  readonly maxChargerClockSkewSeconds: number;
  /** The least faulted delay and reboot wait a tenant may set for self-healing (seconds). */
  readonly selfHealingMinWaitSeconds: number;
  /** URL of the SQS queue that wakes a charger's call queue at a call's time-out. */
  readonly callQueueTimerUrl: string;
  /** At most one `transactionUpdated` per session for periodic meter values in this many seconds; 0: each. */
  readonly transactionUpdatedIntervalSeconds: number;
  /** 1: those events for every session; 0: only where consumed (load-managed sites, the tenant's webhooks). */
  readonly transactionUpdatedForAllSessions: number;
  /** 1: connections' silence deadlines are indexed and the sweep closes silent ones; 0: the view only. */
  readonly silentChargerSweep: number;
  /** A charger is told a session's running cost at most once in this many seconds; 0: never. */
  readonly runningCostIntervalSeconds: number;
  /** Raw meter values expire (DynamoDB TTL) this many days after they are stored; 0: kept. */
  readonly meterValueRetentionDays: number;
  /** 1: `.v2` events are also published in their `.v1` form; 0: the current version only. */
  readonly publishPreviousEventVersions: number;
  /** First retry delay of a failed webhook delivery (seconds); doubled per attempt up to 4 h, for 24 h. */
  readonly webhookRetryBaseSeconds: number;
  /** 1: webhook URLs may use http and loopback addresses (local runtime only). */
  readonly webhookAllowLoopback: number;
  /** URL of the SQS queue of webhook delivery attempts; empty: none. */
  readonly webhookDeliveryQueueUrl: string;
  /** S3 bucket of the files chargers upload (diagnostics) and download (firmware); empty: none. */
  readonly filesBucket: string;
  /** The tenant role (TENANT_ROLE_ARN) that tenant-scoped clients assume; empty: the function's own role. */
  readonly tenantRoleArn: string;
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
  /**
   * The transport of the DynamoDB client scoped to a tenant: the local runtime's refuses what the tenant role
   * would on AWS (local/tenant-key-policy.ts).
   */
  readonly tenantRequestHandlers?: { readonly dynamodb?: (tenantId: string) => SdkRequestHandler };
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
  /** DynamoDB PutItem / DeleteItem: the item the call replaced or deleted, if there was one. */
  readonly replacedItem?: unknown;
  /** DynamoDB UpdateItem that asked for no return values: the item as the update left it. */
  readonly updatedItem?: unknown;
}

export type AwsCallObserver = (call: AwsCall) => void;

/** Environment variable names: the stack sets them, `readConfig` reads them (defined in settings.ts). */
export const configEnv = settingsEnv;

/** Per-tenant API rate limit: the default, and the most a tenant may be given. */
export const defaultApiRateLimitPerSecond = tunableSettingSpecs.apiRateLimitPerSecond.default;
export const maxApiRateLimitPerSecond = tunableSettingSpecs.apiRateLimitPerSecond.max;

/** API Gateway closes a WebSocket idle for 10 minutes; ping frames do not count. */
export const maxHeartbeatIntervalSeconds = tunableSettingSpecs.heartbeatIntervalSeconds.max;
/** The heartbeat interval returned at boot: see `tunableSettingSpecs.heartbeatIntervalSeconds`. */
export const defaultHeartbeatIntervalSeconds = tunableSettingSpecs.heartbeatIntervalSeconds.default;

export const defaultTransactionUpdatedIntervalSeconds =
  tunableSettingSpecs.transactionUpdatedIntervalSeconds.default;
export const maxTransactionUpdatedIntervalSeconds = tunableSettingSpecs.transactionUpdatedIntervalSeconds.max;

/** API Gateway cuts an HTTP integration at 29 s; waiting at most 25 leaves time to answer. */
export const maxCommandWaitSeconds = tunableSettingSpecs.commandWaitSeconds.max;
export const defaultCommandTimeoutSeconds = tunableSettingSpecs.commandTimeoutSeconds.default;
export const defaultMaxQueuedCalls = tunableSettingSpecs.maxQueuedCalls.default;

/**
 * Reads the Lambda environment; a missing or out-of-bounds variable fails the cold start loudly instead of the
 * first request. The local runtime builds an environment and comes here too.
 */
export const readConfig = (env: Readonly<Record<string, string | undefined>>): Config => {
  const region = env.AWS_REGION;
  if (!region) throw new Error('AWS_REGION must be set');
  return { region, ...readSettings(env) };
};
