import { manifests } from './manifests.ts';
import {
  chargerPath,
  defaultLogLevel,
  defaultSystemLogLevel,
  type FunctionSpec,
  tenantApi,
  tenantApiAuthorizer,
} from './specs.ts';

const specDefaults = { logLevel: defaultLogLevel, systemLogLevel: defaultSystemLogLevel };

export type { ConnectionMethod, FunctionSpec, LogLevel, SystemLogLevel, TracingMode } from './specs.ts';
export { defaultLogLevel, defaultSystemLogLevel } from './specs.ts';

/** The charger gateway's and the tenant API's functions; slices add theirs (workflow tasks) in their manifests. */
const gatewayFunctions = {
  'ws-authorizer': {
    entry: 'functions/ws-authorizer.ts',
    description: 'WebSocket $connect REQUEST authorizer: HTTP Basic (OCPP security profiles 1/2)',
    access: { table: 'read' },
    tracing: chargerPath,
    reservedConcurrency: {
      size: 50,
      why: 'storm-prone: $connect throttle (200/s) × ~250 ms cold; as a ceiling it keeps a reconnect storm off the pool',
    },
  },
  'ws-connect': {
    entry: 'functions/ws-connect.ts',
    description:
      'WebSocket $connect: registers the connection and echoes the OCPP subprotocol; after an absence beyond the grace, counts it offline (uptime)',
    // Closes the previous connection of a charger that reconnects; sends nothing.
    access: { table: 'readWrite', publishEvents: true, manageConnections: ['DELETE'] },
    tracing: chargerPath,
    reservedConcurrency: {
      size: 50,
      why: 'storm-prone: $connect throttle (200/s) × ~250 ms cold; as a ceiling it keeps a reconnect storm off the pool',
    },
  },
  'ws-default': {
    entry: 'functions/ws-default.ts',
    description: 'WebSocket $default: OCPP-J frames dispatched per (version, action), answered inline',
    // An answer frees the charger's call slot: the next queued call goes out from here. Every frame is of one
    // tenant (its charger's): no table access of its own.
    access: { tenantData: true, publishEvents: true, manageConnections: ['POST'], scheduleCallQueue: true },
    tracing: chargerPath,
    reservedConcurrency: {
      size: 200,
      why: 'message path: $default throttle (2,000/s) × ~30 ms ≈ 60, ×3 for cold starts; kept while chargers reconnect',
    },
  },
  'ws-disconnect': {
    entry: 'functions/ws-disconnect.ts',
    description:
      'WebSocket $disconnect: removes the connection if it is still the current one; its open device-model reports end incomplete',
    access: { table: 'readWrite', publishEvents: true },
    tracing: chargerPath,
    reservedConcurrency: { size: 25, why: '$disconnect throttle (1,000/s) × ~25 ms' },
  },
  'api-authorizer': {
    entry: 'functions/api-authorizer.ts',
    description: 'HTTP API Lambda authorizer: API key to tenant and role',
    access: { table: 'read' },
    tracing: tenantApiAuthorizer,
    logLevel: 'INFO',
    reservedConcurrency: {
      size: 25,
      why: 'HTTP stage throttle (500/s) × ~20 ms ≈ 10, with room for cold starts',
    },
  },
  api: {
    entry: 'functions/api.ts',
    description: 'Tenant HTTP API',
    // Tenants' requests through the tenant role; the table itself only for the platform admin's routes. Sends
    // calls to chargers and closes their connections (password reset, deletion, tenant suspension).
    access: {
      table: 'readWrite',
      tenantData: true,
      publishEvents: true,
      manageConnections: ['POST', 'DELETE'],
      scheduleCallQueue: true,
      // Redeliveries of webhook deliveries.
      sendWebhookDeliveries: true,
    },
    timeoutSeconds: 29,
    tracing: tenantApi,
    logLevel: 'INFO',
    reservedConcurrency: {
      size: 100,
      why: 'reads take ~50 ms (500/s ≈ 25); a command holds its instance while it waits up to 25 s for the charger',
    },
  },
} as const satisfies Record<string, FunctionSpec>;

type FunctionsOf<M> = M extends { functions: infer F } ? keyof F & string : never;
type SliceFunctionId = FunctionsOf<(typeof manifests)[number]>;

export type FunctionId = keyof typeof gatewayFunctions | SliceFunctionId;

const sliceFunctions = Object.assign(
  {},
  ...manifests.map((m) => ('functions' in m ? m.functions : {})),
) as Record<SliceFunctionId, FunctionSpec>;

/**
 * Every Lambda function of the system. The CDK stack builds one NodejsFunction per entry and the local runtime
 * runs the same handler factory per id (from the slices' implementations).
 */
export const functions: Record<FunctionId, FunctionSpec> = { ...gatewayFunctions, ...sliceFunctions };

/** The observability a function is deployed with, defaults applied: what the stack sets and the cost model prices. */
export const observabilityOf = (id: FunctionId) => {
  const spec = functions[id];
  return {
    tracing: spec.tracing.mode,
    logLevel: spec.logLevel ?? specDefaults.logLevel,
    systemLogLevel: spec.systemLogLevel ?? specDefaults.systemLogLevel,
  };
};

export type FunctionObservability = ReturnType<typeof observabilityOf>;
