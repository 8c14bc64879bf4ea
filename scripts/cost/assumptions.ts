import { functions } from '../../lib/topology/functions.ts';
import { stateMachines } from '../../lib/topology/state-machines.ts';
import { tableDesign } from '../../lib/topology/table.ts';

/**
 * What the cost model assumes where the local runtime cannot measure AWS: durations on Lambda, log volume,
 * tracing and the fixed resources of the stack. Each with the reason; change them here.
 */
export const costAssumptions = {
  /**
   * Lambda duration per invocation, modelled from the calls counted (local timings say nothing about Lambda):
   * handler work plus typical in-region latencies of each call, billed per 1 ms.
   */
  lambda: {
    baseMs: 4,
    perDynamoDbRequestMs: 6,
    perPutEventsMs: 15,
    perConnectionManagementCallMs: 20,
    /** The API function waits for the charger's answer to a command (polling its record): billed too. */
    commandWaitMs: 400,
  },
  /** START, END and REPORT lines of every invocation (the handlers log at WARN and above only). */
  lambdaLogBytesPerInvocation: 350,
  /** Step Functions logging at level ALL without execution data: ~2 lines per execution plus 4 per Task. */
  stepFunctionsLogBytesPerExecution: 6 * 350,
  /** X-Ray's default sampling rule: the first request each second, then 5 % of the rest. */
  xray: { reservoirPerSecond: 1, fixedRate: 0.05 },
  /** TLS record and WebSocket frame overhead on each message through CloudFront. */
  bytesOverheadPerMessage: 40,
  /** DynamoDB storage: item overhead over the JSON size; a month of new data is priced for one month. */
  storageOverheadFactor: 1.2,
  /** Seconds in an average month (365.25 / 12 days). */
  secondsPerMonth: 30.4375 * 86_400,
} as const;

/**
 * The stack's fixed monthly resources, counted from the topology the stack is built from
 * (lib/constructs/operations-dashboard.ts): one dashboard; an errors alarm per function, a throttles alarm
 * over the table's and each index's read and write throttles, and a failed-executions alarm per workflow.
 */
export const fixedResources = () => ({
  dashboards: 1,
  alarmMetrics:
    Object.keys(functions).length +
    2 * (1 + tableDesign.globalSecondaryIndexes.length) +
    Object.keys(stateMachines).length,
});

/** The anchor of the issue: the AWS sample OCPP gateway, about $175 a month for 500 chargers. */
export const anchor = { chargers: 500, usdPerMonth: 175, usdPerChargerMonth: 0.35 } as const;

/** The target of the issue: less than $0.05 per charger-month at 10,000 chargers. */
export const target = { chargers: 10_000, usdPerChargerMonth: 0.05 } as const;

export const memoryGbOf = (functionId: keyof typeof functions): number =>
  (functions[functionId].memoryMb ?? 256) / 1024;
