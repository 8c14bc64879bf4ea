/**
 * The shapes of the topology: what a function, a route, a workflow and a rule are. Slices declare theirs in
 * their `manifest.ts` with these types; the aggregates (functions.ts, http-routes.ts, state-machines.ts,
 * event-rules.ts) collect them for the CDK stack, the local runtime and the Lambda handlers.
 */

/** Levels of a function's own log lines (Lambda's application log levels, which Powertools shares). */
export type LogLevel = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL';

/** Levels of Lambda's platform lines: START and REPORT are INFO, faults (e.g. logs dropped) WARN. */
export type SystemLogLevel = 'DEBUG' | 'INFO' | 'WARN';

/**
 * Lambda's two X-Ray modes. `Active`: Lambda samples requests that come without a sampling decision, at its fixed
 * rate (1 a second and 5 % of the rest, per function; sampling rules do not apply to Lambda). `PassThrough`:
 * the function records only what an upstream service already sampled, and samples nothing itself.
 */
export type TracingMode = 'Active' | 'PassThrough';

export interface FunctionSpec {
  /** Entry file, relative to the repository root. */
  readonly entry: string;
  readonly description: string;
  /** What the function may do; the stack turns this into least-privilege grants. */
  readonly access: {
    readonly table?: 'read' | 'readWrite';
    readonly publishEvents?: boolean;
    /**
     * The `@connections` methods it calls on the charger gateway: `POST` sends a frame (PostToConnection),
     * `DELETE` closes a connection (DeleteConnection). Each one is granted on its own resource, nothing else.
     */
    readonly manageConnections?: readonly ConnectionMethod[];
    /** Sends wakes to the call-queue timer (it sends queued calls, which may need one). */
    readonly scheduleCallQueue?: boolean;
    /** Queues webhook delivery attempts (fan-out, retries, redeliveries). */
    readonly sendWebhookDeliveries?: boolean;
    /**
     * Serves a tenant: reaches that tenant's data through the tenant role (assumed with the tenant as session
     * tag, `forTenant` in the handlers), confined to its keys by IAM. `table` is then only for what is not one
     * tenant's (the platform admin's routes).
     */
    readonly tenantData?: boolean;
  };
  /** @default 10 */
  readonly timeoutSeconds?: number;
  /** @default 256 */
  readonly memoryMb?: number;
  /** X-Ray, with the reason: traces are billed per trace recorded, so high-volume paths are not sampled. */
  readonly tracing: { readonly mode: TracingMode; readonly why: string };
  /**
   * Level of the function's own log lines: Lambda's application log filter and Powertools both get it.
   * @default defaultLogLevel ('WARN')
   */
  readonly logLevel?: LogLevel;
  /**
   * Reserved concurrency of the function when the stack reserves (`CsmsStackProps.reservedConcurrency`), with the
   * reason for the size. Reserved concurrency is a floor and a ceiling at once: the function always has `size`
   * instances of the account's pool and never more. Functions without it are never reserved: their callers
   * (SQS, Step Functions) retry throttled invocations.
   * @default - not reserved
   */
  readonly reservedConcurrency?: { readonly size: number; readonly why: string };
  /**
   * Level of Lambda's platform lines. Metrics (duration, errors, throttles) come from CloudWatch's Lambda
   * metrics, not from the REPORT lines, so they can go.
   * @default defaultSystemLogLevel ('WARN')
   */
  readonly systemLogLevel?: SystemLogLevel;
}

/** Methods of the WebSocket API's `@connections` management endpoint that functions call. */
export type ConnectionMethod = 'POST' | 'DELETE';

/**
 * An API Gateway throttle (token bucket): `rateLimit` requests (or WebSocket connects and messages) a second on
 * average, `burstLimit` at once; with the reason for the size.
 */
export interface ThrottleSpec {
  readonly rateLimit: number;
  readonly burstLimit: number;
  readonly why: string;
}

/** The handlers log anomalies at WARN and failures at ERROR; an ordinary invocation writes no line. */
export const defaultLogLevel: LogLevel = 'WARN';
/** WARN drops START and REPORT (INFO): at millions of invocations a month they were most of the log bill. */
export const defaultSystemLogLevel: SystemLogLevel = 'WARN';

/**
 * Not sampled: PassThrough records only what an upstream sampled, and API Gateway WebSocket APIs sample nothing
 * (X-Ray traces REST APIs only), so these functions record no trace at all.
 */
export const chargerPath = {
  mode: 'PassThrough',
  why: 'charger message path: most invocations, and API Gateway WebSocket APIs start no traces',
} as const;

/** One request a day per charger: cheap to sample. HTTP APIs sample nothing either, so Lambda decides. */
export const tenantApi = {
  mode: 'Active',
  why: 'tenant API: low volume and worth tracing; HTTP APIs start no traces, so Lambda samples',
} as const;

/**
 * The HTTP API's authorizer: its trace would stand alone (an HTTP API passes no trace header from the authorizer
 * to the integration, so it never joins the api function's), and it shows one key lookup that the api's own trace
 * and the refusal metrics already cover.
 */
export const tenantApiAuthorizer = {
  mode: 'PassThrough',
  why: 'HTTP API authorizer: a trace of its own would stand apart from the request it authorizes',
} as const;

/**
 * PassThrough follows the sampling decision in the header of a traced state machine and samples nothing by
 * itself: traced exactly when its workflow is (see lib/constructs/workflow-observability.ts).
 */
export const workflowTask = {
  mode: 'PassThrough',
  why: 'workflow task: joins the trace of its state machine when that is traced, never samples by itself',
} as const;

/**
 * Amazon States Language definitions. A Task's `Resource` is `${fn:<FunctionId>}`: the stack substitutes the
 * function ARN (definitionSubstitutions), the local runtime runs that function's handler in-process.
 */
export interface StateMachineSpec {
  readonly description: string;
  /**
   * EXPRESS: work that finishes within 5 minutes, billed per request and duration (about $1 per million short
   * runs) rather than per state transition ($25 per million); its steps run at least once, so its tasks must be
   * idempotent, and its history is in CloudWatch Logs. STANDARD: for work that waits (callbacks, human steps)
   * or runs longer, or needs each step exactly once.
   */
  readonly type: 'STANDARD' | 'EXPRESS';
  readonly definition: Record<string, unknown>;
}

export const functionPlaceholder = (id: string): string => `\${fn:${id}}`;
export const placeholderPattern = /^\$\{fn:([a-z-]+)\}$/;

export const lambdaRetry = [
  {
    ErrorEquals: ['Lambda.ServiceException', 'Lambda.TooManyRequestsException', 'Lambda.SdkClientException'],
    IntervalSeconds: 1,
    MaxAttempts: 3,
    BackoffRate: 2,
  },
];

/** An EventBridge event pattern in the wire format (`detail-type`, not CDK's `detailType`). */
export type EventPattern = { readonly [field: string]: readonly unknown[] | EventPattern };

/** A rule starts a workflow, or sends the event to a slice's queue (whose consumer takes it from there). */
export interface EventRule {
  readonly id: string;
  readonly description: string;
  readonly pattern: EventPattern;
  readonly target: { readonly stateMachine: string } | { readonly queue: string };
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Who may call a route. The authorizer resolves the key; the API function enforces this. */
export type RouteAccess = 'public' | 'platform-admin' | 'tenant' | 'driver';

export interface HttpRoute {
  readonly method: HttpMethod;
  /** API Gateway path template, e.g. `/v1/chargers/{chargerId}`. */
  readonly path: string;
  readonly operationId: string;
  readonly access: RouteAccess;
  readonly function: string;
}

/** An SQS queue and the function that consumes it: the stack builds both, the local runtime emulates them. */
export interface QueueSpec {
  readonly description: string;
  /** The function SQS invokes with the queue's messages. */
  readonly consumer: string;
  /** @default 10 */
  readonly batchSize?: number;
  /** Receives before a message moves to the dead-letter queue. @default 5 */
  readonly maxReceiveCount?: number;
  /**
   * Most consumer instances SQS runs at once (the event source's maximum concurrency, 2 to 1,000): a cap that
   * reserves nothing, so a burst of messages cannot take the account's Lambda pool.
   * @default 5
   */
  readonly maxConcurrency?: number;
  /**
   * How long SQS gathers messages into one batch (the event source's maximum batching window, 0 to 300 s): a
   * full batch is one receive and one delete for ten messages instead of ten each. Locally messages are handed
   * over as they come.
   * @default 0
   */
  readonly batchingWindowSeconds?: number;
}

/**
 * A slice function run at a fixed rate: on AWS an EventBridge rule with a `rate(…)` schedule expression targeting
 * the function (invoked asynchronously: Lambda retries a failed run twice); locally an interval of the runtime.
 * The function gets the scheduled event and must cope with a late or a doubled run (the next run catches up).
 */
export interface ScheduleSpec {
  readonly description: string;
  /** The function id (of the same slice's `functions`) the schedule invokes. */
  readonly function: string;
  /** Minutes between runs (EventBridge's least is 1). */
  readonly rateMinutes: number;
  /** Why the rate is what it is (what it costs, what a later run delays). */
  readonly why: string;
}
