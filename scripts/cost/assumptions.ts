import { apiAuthRefusalMetrics } from '../../shared/handlers/refusal-metrics.ts';
import { defaultSettings } from '../../shared/settings.ts';
import { commandRetentionSeconds } from '../../shared/slices/commands/model.ts';
import { webhookDeliveryMetrics } from '../../shared/slices/webhooks/model.ts';
import { functions } from '../../shared/topology/functions.ts';
import { queues } from '../../shared/topology/queues.ts';
import { stateMachines } from '../../shared/topology/state-machines.ts';
import { tableDesign } from '../../shared/topology/table.ts';

/**
 * What the cost model assumes where the local runtime cannot measure AWS: durations on Lambda, log bytes per
 * line, X-Ray's sampling and the fixed resources of the stack. Each with the reason; change them here. Which
 * functions are traced and at which levels they log is not assumed: it comes from the topology.
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
  /**
   * CloudWatch Logs bytes, priced from the levels each function is deployed with (shared/topology/functions.ts) and
   * the workflows' logging (lib/constructs/workflow-observability.ts). Each event counts its message plus 26
   * bytes, as PutLogEvents sizes a batch (CloudWatch Logs API reference); taken as the ingested size too.
   */
  logs: {
    /**
     * Lambda's platform lines per invocation, JSON format, by system log level. INFO: `platform.start` (~140
     * bytes) and `platform.report` (~250 bytes with the metrics), +26 each. DEBUG adds `platform.runtimeDone`
     * and the telemetry lines (an estimate). WARN: none on an ordinary invocation (faults only).
     */
    systemBytesPerInvocation: { DEBUG: 900, INFO: 440, WARN: 0 },
    /**
     * The handlers' own lines per invocation, by application log level. At INFO and above they write nothing on
     * the mix's paths (anomalies only: WARN for refused or invalid frames, ERROR for failures; the one INFO line,
     * DataTransfer of an unknown vendor, is not in the mix). DEBUG and TRACE: no such lines are written today;
     * one 300-byte line per invocation is assumed so that turning DEBUG on shows in the bill.
     */
    applicationBytesPerInvocation: { TRACE: 300, DEBUG: 300, INFO: 0, WARN: 0, ERROR: 0, FATAL: 0 },
    /**
     * Step Functions at level ALL without execution data: execution started and succeeded, and per Task state
     * entered, scheduled, succeeded and exited, ~350 bytes each. At ERROR or FATAL a successful run logs nothing.
     */
    stepFunctions: { bytesPerEvent: 350, eventsPerExecution: 2, eventsPerTask: 4 },
  },
  /**
   * X-Ray sampling: the first request each second, then 5 % of the rest (X-Ray developer guide, "Configuring
   * sampling rules"; AWS Lambda developer guide: "1 request per second and 5 percent of additional requests",
   * which cannot be configured for Lambda functions). Lambda applies it per function with Active tracing (an
   * upper bound if the reservoir is in fact shared); Step Functions follows the account's sampling rules, whose
   * default rule has one reservoir for everything that uses it. Requests are taken as spread evenly over the
   * month. Billed per trace recorded: a Lambda task of a sampled execution is part of that execution's trace.
   */
  xray: { reservoirPerSecond: 1, fixedRate: 0.05 },
  /** TLS record and WebSocket frame overhead on each message through CloudFront. */
  bytesOverheadPerMessage: 40,
  /**
   * DynamoDB storage: item overhead over the JSON size. The bill prices a month of new data for one month; the
   * report prints apart what each further month it is kept adds.
   */
  storageOverheadFactor: 1.2,
  /**
   * The bill prices the table as it is after this many months of data, with the retention policy: the headline
   * is what month 12 costs, not month 1.
   */
  storageMonths: 12,
  /**
   * Months each kind's items stay in the table (DynamoDB TTL), at most `storageMonths`. Meter values: raw samples,
   * METER_VALUE_RETENTION_DAYS (0: kept). Commands: their records' TTL. Connect overwrites the charger's one
   * connection item, Disconnect its one last-seen item (no growth). Sessions (TransactionStarted/Ended, the one meter value each holds included:
   * an upper bound) and everything else: kept.
   */
  retentionMonths: {
    MeterValues:
      defaultSettings.meterValueRetentionDays === 0
        ? Infinity
        : defaultSettings.meterValueRetentionDays / 30.4375,
    Command: commandRetentionSeconds / 86_400 / 30.4375,
    Connect: 0,
    // The charger's one last-seen item, overwritten at each disconnect.
    Disconnect: 0,
  } as Partial<Record<string, number>>,
  /** Seconds in an average month (365.25 / 12 days). */
  secondsPerMonth: 30.4375 * 86_400,
} as const;

/**
 * The stack's fixed monthly resources, counted from the topology the stack is built from
 * (lib/constructs/operations-dashboard.ts; test/cdk/operations-dashboard.test.ts compares it with the template).
 * CloudWatch bills an alarm per metric it reads, a metric-math alarm for each metric of its expression:
 * - one dashboard;
 * - an errors alarm per function, the charger authorizer's reading its refusals as well (errors minus refusals);
 * - a throttles alarm over the table's and each index's read and write throttles;
 * - a failed-executions alarm per workflow;
 * - a messages alarm per dead-letter queue: every queue's and the bus rules';
 * - webhook delivery: the age of the oldest waiting attempt, and dead-lettered deliveries.
 * Custom metrics (each name and set of dimension values): the tenant API's refusals by reason, the charger
 * authorizer's refusals (a metric filter) and the webhook delivery attempts by outcome.
 */
export const fixedResources = () => ({
  dashboards: 1,
  alarmMetrics:
    Object.keys(functions).length +
    1 +
    2 * (1 + tableDesign.globalSecondaryIndexes.length) +
    Object.keys(stateMachines).length +
    Object.keys(queues).length +
    1 +
    2,
  customMetrics:
    Object.keys(apiAuthRefusalMetrics.metricNames).length + 1 + webhookDeliveryMetrics.outcomes.length,
});

/** The anchor of the issue: the AWS sample OCPP gateway, about $175 a month for 500 chargers. */
export const anchor = { chargers: 500, usdPerMonth: 175, usdPerChargerMonth: 0.35 } as const;

/** The target of the issue: less than $0.05 per charger-month at 10,000 chargers. */
export const target = { chargers: 10_000, usdPerChargerMonth: 0.05 } as const;

export const memoryGbOf = (functionId: keyof typeof functions): number =>
  (functions[functionId].memoryMb ?? 256) / 1024;
