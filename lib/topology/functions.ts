/**
 * Every Lambda function of the system. The CDK stack builds one NodejsFunction per entry and the local
 * runtime runs the same handler factory per id, so adding a function here is the only registration needed.
 */
export type FunctionId =
  | 'ws-authorizer'
  | 'ws-connect'
  | 'ws-default'
  | 'ws-disconnect'
  | 'api-authorizer'
  | 'api'
  | 'load-site-chargers'
  | 'record-pending-billing'
  | 'call-queue-timer';

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
    readonly manageConnections?: boolean;
    /** Sends wakes to the call-queue timer (it sends queued calls, which may need one). */
    readonly scheduleCallQueue?: boolean;
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
   * Level of Lambda's platform lines. Metrics (duration, errors, throttles) come from CloudWatch's Lambda
   * metrics, not from the REPORT lines, so they can go.
   * @default defaultSystemLogLevel ('WARN')
   */
  readonly systemLogLevel?: SystemLogLevel;
}

/** The handlers log anomalies at WARN and failures at ERROR; an ordinary invocation writes no line. */
export const defaultLogLevel: LogLevel = 'WARN';
/** WARN drops START and REPORT (INFO): at millions of invocations a month they were most of the log bill. */
export const defaultSystemLogLevel: SystemLogLevel = 'WARN';

/**
 * Not sampled: PassThrough records only what an upstream sampled, and API Gateway WebSocket APIs sample nothing
 * (X-Ray traces REST APIs only), so these functions record no trace at all.
 */
const chargerPath = {
  mode: 'PassThrough',
  why: 'charger message path: most invocations, and API Gateway WebSocket APIs start no traces',
} as const;

/** One request a day per charger: cheap to sample. HTTP APIs sample nothing either, so Lambda decides. */
const tenantApi = {
  mode: 'Active',
  why: 'tenant API: low volume and worth tracing; HTTP APIs start no traces, so Lambda samples',
} as const;

/**
 * PassThrough follows the sampling decision in the header of a traced state machine and samples nothing by
 * itself: traced exactly when its workflow is (see lib/constructs/workflow-observability.ts).
 */
const workflowTask = {
  mode: 'PassThrough',
  why: 'workflow task: joins the trace of its state machine when that is traced, never samples by itself',
} as const;

export const functions: Record<FunctionId, FunctionSpec> = {
  'ws-authorizer': {
    entry: 'functions/ws-authorizer.ts',
    description: 'WebSocket $connect REQUEST authorizer: HTTP Basic (OCPP security profiles 1/2)',
    access: { table: 'read' },
    tracing: chargerPath,
  },
  'ws-connect': {
    entry: 'functions/ws-connect.ts',
    description: 'WebSocket $connect: registers the connection and echoes the OCPP subprotocol',
    access: { table: 'readWrite', publishEvents: true, manageConnections: true },
    tracing: chargerPath,
  },
  'ws-default': {
    entry: 'functions/ws-default.ts',
    description: 'WebSocket $default: OCPP-J frames dispatched per (version, action), answered inline',
    // An answer frees the charger's call slot: the next queued call goes out from here.
    access: { table: 'readWrite', publishEvents: true, manageConnections: true, scheduleCallQueue: true },
    tracing: chargerPath,
  },
  'ws-disconnect': {
    entry: 'functions/ws-disconnect.ts',
    description: 'WebSocket $disconnect: removes the connection if it is still the current one',
    access: { table: 'readWrite', publishEvents: true },
    tracing: chargerPath,
  },
  'api-authorizer': {
    entry: 'functions/api-authorizer.ts',
    description: 'HTTP API Lambda authorizer: API key to tenant and role',
    access: { table: 'read' },
    tracing: tenantApi,
    logLevel: 'INFO',
  },
  api: {
    entry: 'functions/api.ts',
    description: 'Tenant HTTP API',
    access: { table: 'readWrite', publishEvents: true, manageConnections: true, scheduleCallQueue: true },
    timeoutSeconds: 29,
    tracing: tenantApi,
    logLevel: 'INFO',
  },
  'load-site-chargers': {
    entry: 'functions/load-site-chargers.ts',
    description: 'Load-balancing workflow: loads the active chargers of a site',
    access: { table: 'read' },
    tracing: workflowTask,
    logLevel: 'INFO',
  },
  'record-pending-billing': {
    entry: 'functions/record-pending-billing.ts',
    description: 'Billing workflow: records that a finished transaction awaits pricing',
    access: { table: 'readWrite' },
    tracing: workflowTask,
    logLevel: 'INFO',
  },
  'call-queue-timer': {
    entry: 'functions/call-queue-timer.ts',
    description: "Call-queue timer: times out a charger's unanswered call and sends the next queued one",
    access: { table: 'readWrite', publishEvents: true, manageConnections: true, scheduleCallQueue: true },
    tracing: {
      mode: 'PassThrough',
      why: 'charger call path: follows the queue message, samples nothing by itself',
    },
  },
};

/** The observability a function is deployed with, defaults applied: what the stack sets and the cost model prices. */
export const observabilityOf = (id: FunctionId) => {
  const spec = functions[id];
  return {
    tracing: spec.tracing.mode,
    logLevel: spec.logLevel ?? defaultLogLevel,
    systemLogLevel: spec.systemLogLevel ?? defaultSystemLogLevel,
  };
};

export type FunctionObservability = ReturnType<typeof observabilityOf>;
