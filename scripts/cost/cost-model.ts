import { pointInTimeRecoveryByDefault } from '../../lib/constructs/data-table.ts';
import { workflowObservability } from '../../lib/constructs/workflow-observability.ts';
import {
  type FunctionId,
  type FunctionObservability,
  functions,
  observabilityOf,
} from '../../shared/topology/functions.ts';
import { type StateMachineId, stateMachines } from '../../shared/topology/state-machines.ts';
import { type KindFigures, type WorkflowFigures, withSteadyStateHeartbeats } from '../bench/kinds.ts';
import {
  daysPerMonth,
  type MessageKind,
  messageKinds,
  ocppMessageKinds,
  perChargerDay,
  type ReferenceMix,
} from '../simulator/reference-mix.ts';
import { costAssumptions, fixedResources, memoryGbOf } from './assumptions.ts';
import type { Prices } from './prices.ts';

/** What one occurrence of each kind and one execution of each workflow cost, as the benchmark measured. */
export interface MeasuredFigures {
  readonly kinds: Partial<Record<MessageKind, KindFigures>>;
  readonly workflows: Partial<Record<StateMachineId, WorkflowFigures>>;
}

/** Billable quantities of a month. */
interface Usage {
  webSocketMessages: number;
  httpRequests: number;
  lambdaRequests: number;
  lambdaGbSeconds: number;
  writeUnits: number;
  readUnits: number;
  storageBytes: number;
  /** The table after `storageMonths` of this usage, with each kind's retention. */
  storedBytes: number;
  /** The same for the index (GSI1 projects every attribute): billed as storage, not covered by PITR. */
  indexStorageBytes: number;
  indexStoredBytes: number;
  events: number;
  standardTransitions: number;
  expressExecutions: number;
  expressGbSeconds: number;
  cloudFrontRequests: number;
  bytesOut: number;
  bytesIn: number;
  lambdaLogBytes: number;
  workflowLogBytes: number;
  /** Executions of the workflows: the requests Step Functions samples traces from. */
  workflowExecutions: number;
}

type PerFunction = Partial<Record<FunctionId, number>>;

/** Invocations per function: by an API Gateway (they sample by themselves) and as workflow tasks. */
interface Invocations {
  readonly entry: PerFunction;
  readonly task: PerFunction;
}

const emptyUsage = (): Usage => ({
  webSocketMessages: 0,
  httpRequests: 0,
  lambdaRequests: 0,
  lambdaGbSeconds: 0,
  writeUnits: 0,
  readUnits: 0,
  storageBytes: 0,
  storedBytes: 0,
  indexStorageBytes: 0,
  indexStoredBytes: 0,
  events: 0,
  standardTransitions: 0,
  expressExecutions: 0,
  expressGbSeconds: 0,
  cloudFrontRequests: 0,
  bytesOut: 0,
  bytesIn: 0,
  lambdaLogBytes: 0,
  workflowLogBytes: 0,
  workflowExecutions: 0,
});

export type WorkflowType = 'standard' | 'express';

export interface CostOptions {
  readonly chargers: number;
  readonly mix: ReferenceMix;
  readonly prices: Prices;
  /** What-if: every workflow of this type. @default each workflow's type in the topology (what the stack deploys) */
  readonly workflowType?: WorkflowType;
  /** What-if: other tracing or log levels. @default observabilityOf (what the stack deploys) */
  readonly observability?: (id: FunctionId) => FunctionObservability;
  /** What-if: workflows traced or not. @default workflowObservability.tracing (what the stack deploys) */
  readonly workflowTracing?: boolean;
  /** What-if: the workflows' log level. @default workflowObservability.logLevel (what the stack deploys) */
  readonly workflowLogLevel?: WorkflowLogLevel;
}

/** Step Functions log levels (sfn.LogLevel). */
export type WorkflowLogLevel = 'ALL' | 'ERROR' | 'FATAL' | 'OFF';

export interface CostLine {
  readonly service: string;
  readonly usdPerMonth: number;
}

export interface FleetCost {
  readonly chargers: number;
  readonly usdPerMonth: number;
  readonly usdPerChargerMonth: number;
  readonly lines: readonly CostLine[];
  /** What each kind adds per charger-month (variable costs only). */
  readonly perKind: Partial<Record<MessageKind, number>>;
  /** Kinds without figures: left out of the sum. */
  readonly missing: readonly string[];
  /**
   * DynamoDB data the month adds (GB) and what keeping it one more month costs per charger: the bill prices a
   * month of new data for one month, each further month it is kept adds this much again, every month.
   */
  readonly storage: { readonly newGbPerMonth: number; readonly usdPerChargerMonthPerMonthKept: number };
}

const sum = (record: Partial<Record<string, number>>): number =>
  Object.values(record).reduce<number>((total, n) => total + (n ?? 0), 0);

/** Modelled billed milliseconds of `count` invocations that made these calls (see costAssumptions.lambda). */
const modelledMs = (
  count: number,
  calls: { dynamodb: number; putEvents: number; connectionManagement: number; waitMs: number },
): number => {
  const a = costAssumptions.lambda;
  return (
    count * a.baseMs +
    calls.dynamodb * a.perDynamoDbRequestMs +
    calls.putEvents * a.perPutEventsMs +
    calls.connectionManagement * a.perConnectionManagementCallMs +
    calls.waitMs
  );
};

/** Memory of the invoked functions, weighted by how often each runs. */
const averageGb = (invocations: Partial<Record<FunctionId, number>>): number => {
  const count = sum(invocations);
  if (count === 0) return 0;
  const entries = Object.entries(invocations) as [FunctionId, number][];
  return entries.reduce((total, [fn, n]) => total + memoryGbOf(fn) * n, 0) / count;
};

/** Log bytes of these invocations at the levels each function logs at (see costAssumptions.logs). */
const lambdaLogBytes = (
  invocations: PerFunction,
  observe: (id: FunctionId) => FunctionObservability,
): number => {
  const { systemBytesPerInvocation, applicationBytesPerInvocation } = costAssumptions.logs;
  return (Object.entries(invocations) as [FunctionId, number][]).reduce((bytes, [fn, n]) => {
    const { systemLogLevel, logLevel } = observe(fn);
    return bytes + n * (systemBytesPerInvocation[systemLogLevel] + applicationBytesPerInvocation[logLevel]);
  }, 0);
};

/** Log bytes of one workflow execution with `tasks` Task states, at the workflows' log level. */
const workflowLogBytesPerExecution = (tasks: number, level: WorkflowLogLevel): number => {
  const { bytesPerEvent, eventsPerExecution, eventsPerTask } = costAssumptions.logs.stepFunctions;
  // ERROR, FATAL and OFF log nothing for a successful execution.
  return level === 'ALL' ? bytesPerEvent * (eventsPerExecution + eventsPerTask * tasks) : 0;
};

const scaled = (record: PerFunction, by: number): PerFunction =>
  Object.fromEntries(Object.entries(record).map(([fn, n]) => [fn, (n ?? 0) * by]));

const addPerFunction = (into: PerFunction, from: PerFunction) => {
  for (const [fn, n] of Object.entries(from) as [FunctionId, number][]) into[fn] = (into[fn] ?? 0) + n;
};

interface KindContext {
  readonly workflows: MeasuredFigures['workflows'];
  readonly typeOf: (machine: StateMachineId) => WorkflowType;
  readonly observe: (id: FunctionId) => FunctionObservability;
  readonly workflowLogLevel: WorkflowLogLevel;
  readonly missing: Set<string>;
}

/** The month's usage caused by `n` occurrences of one kind, its workflows included. */
const usageOfKind = (
  kind: MessageKind,
  figures: KindFigures,
  n: number,
  { workflows, typeOf, observe, workflowLogLevel, missing }: KindContext,
  invocations: Invocations,
): Usage => {
  const usage = emptyUsage();
  const invoked = sum(figures.lambdaInvocations);
  const ws = figures.webSocket;
  usage.webSocketMessages = n * (ws.messagesIn + ws.messagesOut);
  usage.httpRequests = n * figures.httpRequests;
  usage.lambdaRequests = n * invoked;
  const ms = modelledMs(invoked, {
    dynamodb: figures.dynamodb.readRequests + figures.dynamodb.writeRequests,
    putEvents: figures.putEventsCalls,
    connectionManagement: figures.connectionManagementCalls,
    waitMs: kind === 'Command' ? costAssumptions.lambda.commandWaitMs : 0,
  });
  usage.lambdaGbSeconds = n * (ms / 1000) * averageGb(figures.lambdaInvocations);
  usage.writeUnits = n * figures.dynamodb.writeUnits;
  usage.readUnits = n * figures.dynamodb.readUnits;
  usage.storageBytes = n * figures.itemBytesPut * costAssumptions.storageOverheadFactor;
  const monthsKept = Math.min(
    costAssumptions.storageMonths,
    costAssumptions.retentionMonths[kind] ?? costAssumptions.storageMonths,
  );
  usage.storedBytes = usage.storageBytes * monthsKept;
  usage.indexStorageBytes = n * (figures.indexBytesPut ?? 0) * costAssumptions.storageOverheadFactor;
  usage.indexStoredBytes = usage.indexStorageBytes * monthsKept;
  usage.events = n * figures.events;
  usage.cloudFrontRequests = kind === 'Connect' ? n : 0;
  usage.bytesOut = n * (ws.bytesOut + ws.messagesOut * costAssumptions.bytesOverheadPerMessage);
  usage.bytesIn = n * (ws.bytesIn + ws.messagesIn * costAssumptions.bytesOverheadPerMessage);
  const entry = scaled(figures.lambdaInvocations, n);
  usage.lambdaLogBytes = lambdaLogBytes(entry, observe);
  addPerFunction(invocations.entry, entry);
  for (const [machine, perOccurrence] of Object.entries(figures.workflowExecutions) as [
    StateMachineId,
    number,
  ][]) {
    const executions = n * perOccurrence;
    const workflow = workflows[machine];
    if (!workflow) missing.add(`workflow ${machine}`);
    const steps = workflow?.stepsPerExecution ?? 1;
    const tasks = workflow?.lambdaInvocations ?? {};
    const taskCount = sum(tasks);
    const ddb = workflow?.dynamodb ?? { readRequests: 0, writeRequests: 0, readUnits: 0, writeUnits: 0 };
    const taskMs = modelledMs(taskCount, {
      dynamodb: ddb.readRequests + ddb.writeRequests,
      putEvents: 0,
      connectionManagement: 0,
      waitMs: 0,
    });
    if (typeOf(machine) === 'standard') usage.standardTransitions += executions * steps;
    else {
      // Express bills the execution's duration (the tasks plus a little of its own) at 64 MB, in 100 ms steps.
      usage.expressExecutions += executions;
      usage.expressGbSeconds += executions * (Math.ceil((taskMs + 20) / 100) / 10) * (64 / 1024);
    }
    usage.lambdaRequests += executions * taskCount;
    usage.lambdaGbSeconds += executions * (taskMs / 1000) * averageGb(tasks);
    usage.writeUnits += executions * ddb.writeUnits;
    usage.readUnits += executions * ddb.readUnits;
    // What the workflow keeps (the billing's ledger and CDR) stays as long as the session: `storageMonths`.
    const kept = costAssumptions.storageOverheadFactor * executions;
    usage.storageBytes += kept * (workflow?.itemBytesPut ?? 0);
    usage.storedBytes += kept * (workflow?.itemBytesPut ?? 0) * costAssumptions.storageMonths;
    usage.indexStorageBytes += kept * (workflow?.indexBytesPut ?? 0);
    usage.indexStoredBytes += kept * (workflow?.indexBytesPut ?? 0) * costAssumptions.storageMonths;
    const taskInvocations = scaled(tasks, executions);
    usage.lambdaLogBytes += lambdaLogBytes(taskInvocations, observe);
    usage.workflowLogBytes += executions * workflowLogBytesPerExecution(taskCount, workflowLogLevel);
    usage.workflowExecutions += executions;
    addPerFunction(invocations.task, taskInvocations);
  }
  return usage;
};

const addInto = (into: Usage, from: Usage) => {
  for (const key of Object.keys(into) as (keyof Usage)[]) into[key] += from[key];
};

/** Traces X-Ray's sampling records of `requests` a month spread evenly (see costAssumptions.xray). */
export const sampledTraces = (requests: number): number => {
  const { reservoirPerSecond, fixedRate } = costAssumptions.xray;
  const reservoir = reservoirPerSecond * costAssumptions.secondsPerMonth;
  return Math.min(requests, reservoir) + fixedRate * Math.max(0, requests - reservoir);
};

/**
 * Traces of a month. Functions with Active tracing sample what reaches them without a decision, each at its own
 * rate: API Gateway invocations always (WebSocket and HTTP APIs sample nothing), workflow tasks only when the
 * workflows are not traced (otherwise they join their execution's trace, recorded once). PassThrough functions
 * record nothing of their own. Traced workflows sample their executions by the default rule, together.
 */
const traces = (
  invocations: Invocations,
  workflowExecutions: number,
  observe: (id: FunctionId) => FunctionObservability,
  workflowTracing: boolean,
) => {
  const lambda: PerFunction = {};
  for (const fn of Object.keys(functions) as FunctionId[]) {
    if (observe(fn).tracing !== 'Active') continue;
    const unsampled = (invocations.entry[fn] ?? 0) + (workflowTracing ? 0 : (invocations.task[fn] ?? 0));
    if (unsampled > 0) lambda[fn] = sampledTraces(unsampled);
  }
  return { lambda, workflows: workflowTracing ? sampledTraces(workflowExecutions) : 0 };
};

const variableLines = (usage: Usage, prices: Prices, workflowLogLevel: WorkflowLogLevel): CostLine[] => {
  const gb = 1e9;
  return [
    {
      service: 'API Gateway WebSocket messages',
      usdPerMonth: (usage.webSocketMessages / 1e6) * prices.apiGatewayWebSocketMessagesPerMillion,
    },
    {
      service: 'API Gateway HTTP API requests',
      usdPerMonth: (usage.httpRequests / 1e6) * prices.apiGatewayHttpRequestsPerMillion,
    },
    {
      service: 'Lambda requests',
      usdPerMonth: (usage.lambdaRequests / 1e6) * prices.lambdaRequestsPerMillion,
    },
    { service: 'Lambda duration (arm64)', usdPerMonth: usage.lambdaGbSeconds * prices.lambdaArmGbSecond },
    {
      service: 'DynamoDB write units',
      usdPerMonth: (usage.writeUnits / 1e6) * prices.dynamodbWriteRequestUnitsPerMillion,
    },
    {
      service: 'DynamoDB read units',
      usdPerMonth: (usage.readUnits / 1e6) * prices.dynamodbReadRequestUnitsPerMillion,
    },
    {
      service: `DynamoDB storage, table and index (month ${costAssumptions.storageMonths}, with retention)`,
      usdPerMonth: ((usage.storedBytes + usage.indexStoredBytes) / gb) * prices.dynamodbStorageGbMonth,
    },
    {
      service: `DynamoDB point-in-time recovery (month ${costAssumptions.storageMonths}; ${pointInTimeRecoveryByDefault ? 'on' : 'off'})`,
      usdPerMonth: pointInTimeRecoveryByDefault
        ? (usage.storedBytes / gb) * prices.dynamodbPointInTimeRecoveryGbMonth
        : 0,
    },
    {
      service: 'EventBridge events',
      usdPerMonth: (usage.events / 1e6) * prices.eventBridgeCustomEventsPerMillion,
    },
    {
      service: 'Step Functions Standard transitions',
      usdPerMonth: (usage.standardTransitions / 1000) * prices.stepFunctionsStandardTransitionsPerThousand,
    },
    {
      service: 'Step Functions Express requests and duration',
      usdPerMonth:
        (usage.expressExecutions / 1e6) * prices.stepFunctionsExpressRequestsPerMillion +
        usage.expressGbSeconds * prices.stepFunctionsExpressGbSecond,
    },
    {
      service: 'CloudFront (upgrades and data)',
      usdPerMonth:
        (usage.cloudFrontRequests / 1e4) * prices.cloudFrontHttpsRequestsPerTenThousand +
        (usage.bytesOut / gb) * prices.cloudFrontDataTransferOutPerGb +
        (usage.bytesIn / gb) * prices.cloudFrontDataTransferToOriginPerGb,
    },
    {
      service: 'CloudWatch Logs, Lambda (at the declared levels)',
      usdPerMonth: (usage.lambdaLogBytes / gb) * prices.cloudWatchLogsIngestionPerGb,
    },
    {
      service: `CloudWatch Logs, Step Functions (level ${workflowLogLevel})`,
      usdPerMonth: (usage.workflowLogBytes / gb) * prices.cloudWatchLogsIngestionPerGb,
    },
  ];
};

const total = (lines: readonly CostLine[]) => lines.reduce((usd, line) => usd + line.usdPerMonth, 0);

/**
 * The figures as they are at `mix`: Heartbeat writes at the steady state of the mix's heartbeat interval (a
 * benchmark stores them at the steady state of the mix it ran, which may be another).
 */
export const figuresAtMix = (figures: MeasuredFigures, mix: ReferenceMix): MeasuredFigures => {
  const heartbeat = withSteadyStateHeartbeats(figures.kinds.Heartbeat, mix);
  return heartbeat ? { ...figures, kinds: { ...figures.kinds, Heartbeat: heartbeat } } : figures;
};

/** The monthly bill of a fleet at the mix: measured counts per kind times the prices, plus fixed costs. */
export const fleetCost = (measured: MeasuredFigures, options: CostOptions): FleetCost => {
  const { chargers, mix, prices } = options;
  const figures = figuresAtMix(measured, mix);
  // Each workflow as the stack deploys it, unless a what-if gives them all one type.
  const typeOf = (machine: StateMachineId): WorkflowType =>
    options.workflowType ?? (stateMachines[machine].type === 'EXPRESS' ? 'express' : 'standard');
  const observe = options.observability ?? observabilityOf;
  const workflowTracing = options.workflowTracing ?? workflowObservability.tracing;
  const day = perChargerDay(mix);
  const missing = new Set<string>();
  const workflowLogLevel = options.workflowLogLevel ?? workflowObservability.logLevel;
  const context: KindContext = { workflows: figures.workflows, typeOf, observe, workflowLogLevel, missing };
  const usage = emptyUsage();
  const invocations: Invocations = { entry: {}, task: {} };
  const perKind: Partial<Record<MessageKind, number>> = {};
  for (const kind of messageKinds) {
    const kindFigures = figures.kinds[kind];
    if (!kindFigures) {
      missing.add(kind);
      continue;
    }
    const n = chargers * day[kind] * daysPerMonth;
    const kindUsage = usageOfKind(kind, kindFigures, n, context, invocations);
    addInto(usage, kindUsage);
    perKind[kind] = total(variableLines(kindUsage, prices, workflowLogLevel)) / chargers;
  }
  const traced = traces(invocations, usage.workflowExecutions, observe, workflowTracing);
  const tracedFunctions = Object.keys(traced.lambda);
  const fixed = fixedResources();
  const lines: CostLine[] = [
    ...variableLines(usage, prices, workflowLogLevel),
    {
      service: 'API Gateway WebSocket connection minutes',
      usdPerMonth:
        ((chargers * costAssumptions.secondsPerMonth) / 60 / 1e6) *
        prices.apiGatewayWebSocketConnectionMinutesPerMillion,
    },
    {
      service: `X-Ray traces, Lambda (Active: ${tracedFunctions.length > 0 ? tracedFunctions.join(', ') : 'none'})`,
      usdPerMonth: (sum(traced.lambda) / 1e6) * prices.xrayTracesRecordedPerMillion,
    },
    {
      service: `X-Ray traces, Step Functions (${workflowTracing ? 'default sampling rule' : 'off'})`,
      usdPerMonth: (traced.workflows / 1e6) * prices.xrayTracesRecordedPerMillion,
    },
    {
      service: `CloudWatch dashboard, alarms and custom metrics (fixed: ${fixed.dashboards} + ${fixed.alarmMetrics} alarm metrics + ${fixed.customMetrics} custom metrics)`,
      usdPerMonth:
        fixed.dashboards * prices.cloudWatchDashboardPerMonth +
        fixed.alarmMetrics * prices.cloudWatchAlarmMetricPerMonth +
        fixed.customMetrics * prices.cloudWatchCustomMetricPerMonth,
    },
  ];
  const usdPerMonth = total(lines);
  const newGbPerMonth = (usage.storageBytes + usage.indexStorageBytes) / 1e9;
  return {
    chargers,
    usdPerMonth,
    usdPerChargerMonth: usdPerMonth / chargers,
    lines,
    perKind,
    missing: [...missing],
    storage: {
      newGbPerMonth,
      usdPerChargerMonthPerMonthKept: (newGbPerMonth * prices.dynamodbStorageGbMonth) / chargers,
    },
  };
};

/** DynamoDB writes per OCPP message at the mix, and how many Heartbeats write at all. */
export const writesPerMessage = (measured: MeasuredFigures, mix: ReferenceMix) => {
  const figures = figuresAtMix(measured, mix);
  const day = perChargerDay(mix);
  let messages = 0;
  let writeRequests = 0;
  let writeUnits = 0;
  for (const kind of [...ocppMessageKinds, 'Command'] as const) {
    const kindFigures = figures.kinds[kind];
    if (!kindFigures) continue;
    messages += day[kind];
    // Workflows the message starts write too: counted with it.
    let workflowRequests = 0;
    let workflowUnits = 0;
    for (const [machine, n] of Object.entries(kindFigures.workflowExecutions) as [StateMachineId, number][]) {
      workflowRequests += n * (figures.workflows[machine]?.dynamodb.writeRequests ?? 0);
      workflowUnits += n * (figures.workflows[machine]?.dynamodb.writeUnits ?? 0);
    }
    writeRequests += day[kind] * (kindFigures.dynamodb.writeRequests + workflowRequests);
    writeUnits += day[kind] * (kindFigures.dynamodb.writeUnits + workflowUnits);
  }
  const heartbeat = figures.kinds.Heartbeat;
  return {
    ocppMessagesPerChargerDay: messages,
    writeRequestsPerMessage: messages > 0 ? writeRequests / messages : 0,
    writeUnitsPerMessage: messages > 0 ? writeUnits / messages : 0,
    heartbeatsWithoutWrite: heartbeat ? 1 - heartbeat.withWrites : undefined,
  };
};
