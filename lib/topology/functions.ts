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
  | 'record-pending-billing';

export interface FunctionSpec {
  /** Entry file, relative to the repository root. */
  readonly entry: string;
  readonly description: string;
  /** What the function may do; the stack turns this into least-privilege grants. */
  readonly access: {
    readonly table?: 'read' | 'readWrite';
    readonly publishEvents?: boolean;
    readonly manageConnections?: boolean;
  };
  /** @default 10 */
  readonly timeoutSeconds?: number;
  /** @default 256 */
  readonly memoryMb?: number;
}

export const functions: Record<FunctionId, FunctionSpec> = {
  'ws-authorizer': {
    entry: 'functions/ws-authorizer.ts',
    description: 'WebSocket $connect REQUEST authorizer: HTTP Basic (OCPP security profiles 1/2)',
    access: { table: 'read' },
  },
  'ws-connect': {
    entry: 'functions/ws-connect.ts',
    description: 'WebSocket $connect: registers the connection and echoes the OCPP subprotocol',
    access: { table: 'readWrite', publishEvents: true, manageConnections: true },
  },
  'ws-default': {
    entry: 'functions/ws-default.ts',
    description: 'WebSocket $default: OCPP-J frames dispatched per (version, action), answered inline',
    access: { table: 'readWrite', publishEvents: true },
  },
  'ws-disconnect': {
    entry: 'functions/ws-disconnect.ts',
    description: 'WebSocket $disconnect: removes the connection if it is still the current one',
    access: { table: 'readWrite', publishEvents: true },
  },
  'api-authorizer': {
    entry: 'functions/api-authorizer.ts',
    description: 'HTTP API Lambda authorizer: API key to tenant and role',
    access: { table: 'read' },
  },
  api: {
    entry: 'functions/api.ts',
    description: 'Tenant HTTP API',
    access: { table: 'readWrite', publishEvents: true, manageConnections: true },
    timeoutSeconds: 29,
  },
  'load-site-chargers': {
    entry: 'functions/load-site-chargers.ts',
    description: 'Load-balancing workflow: loads the active chargers of a site',
    access: { table: 'read' },
  },
  'record-pending-billing': {
    entry: 'functions/record-pending-billing.ts',
    description: 'Billing workflow: records that a finished transaction awaits pricing',
    access: { table: 'readWrite' },
  },
};
