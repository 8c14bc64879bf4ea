import { workflowObservability } from '../../lib/constructs/workflow-observability.ts';
import { defaultSelfHealingSettings } from '../../shared/slices/self-healing/model.ts';
import { type StateMachineSpec, stateMachines } from '../../shared/topology/state-machines.ts';
import { daysPerMonth, type ReferenceMix, referenceMix } from '../simulator/reference-mix.ts';
import { costAssumptions, memoryGbOf, target } from './assumptions.ts';
import type { WorkflowLogLevel } from './cost-model.ts';
import type { Prices } from './prices.ts';
import { tenantCredentialAssumptions } from './tenant-credentials.ts';

/**
 * The self-healing workflow, priced apart from the measured totals: the reference mix has no faults, so the
 * bench never runs it. Modelled from what each Heal task does (shared/slices/self-healing/heal-charger.ts) and
 * from the `selfHealing` state machine as the slice declares it: its state transitions are counted by walking
 * the definition with each task's answer, not by hand.
 *
 * A Faulted episode of a tenant with self-healing on, at the default settings (`maxResets` 2): the first task
 * claims the charger and waits `faultedDelaySeconds`; a charger still Faulted then gets a soft reset, and after
 * each `rebootWaitSeconds` a hard one, up to `maxResets`; after the last an incident. Each reset that does not
 * heal reboots the charger, which reports its connector Faulted again: that event starts an execution that finds
 * the charger claimed and stops (superseded). An operator resolves each incident through the API.
 *
 * Not here: the charger's own messages (the Faulted and recovery StatusNotifications, a reset's reboot:
 * disconnect, connect, BootNotification), which cost what those kinds cost in the totals, and the
 * ConnectorStatusChanged events, which the platform publishes whether self-healing is on or not.
 */
export const selfHealingAssumptions = {
  /** Faulted episodes per charger-month (one connector each: the mix's charger has one). A costly case. */
  faultedEpisodesPerChargerMonth: 1,
  /** Of the episodes: cleared by themselves during `faultedDelaySeconds`, before any reset. */
  recoversUnaidedShare: 0.3,
  /** Of the chargers still Faulted at a reset (the soft one, then each hard one): the share it heals. */
  healedByResetShare: 0.6,
  /**
   * The transaction check (`sessions.list` of the charger's active session) is a filtered query of the tenant's
   * session index: up to 8 batches of 250 items, all read when the tenant has more sessions than that and none
   * active on the charger (a tenant of `tenantCredentialAssumptions.chargersPerTenant` chargers at the mix has
   * 2,000 within 5 days). Each index item as stored (projection ALL).
   */
  sessionCheckMaxBatches: 8,
  sessionCheckBatchItems: 250,
  sessionIndexItemBytes: 1_000,
  /**
   * DynamoDB per piece of a task (strongly consistent reads of ≤ 4 KB: 1 unit, eventually consistent 0.5; a
   * write of ≤ 1 KB: 1 unit, a failed conditional write too).
   * - start: the settings and the attempt (both strongly consistent).
   * - view: the charger's view (one strongly consistent query of its charger, connection and connector items).
   * - a lease write (claim, renew, close) or a step (its record, and the attempt read back).
   * - a Reset call (nothing queued: it takes the slot at once): the call queue's query, the call slot put, the
   *   command put (≤ 2 KB: 2), the step's completion; one PostToConnection.
   * - an incident: its put (with its GSI1 copy: 2) and its `incidentOpened` PutEvents.
   */
  start: { requests: 2, readUnits: 2 },
  view: { requests: 1, readUnits: 1 },
  leaseWrite: { requests: 1, writeUnits: 1 },
  step: { requests: 2, readUnits: 1, writeUnits: 1 },
  resetCall: { requests: 4, readUnits: 1, writeUnits: 4, connectionCalls: 1 },
  incident: { requests: 1, writeUnits: 2, putEvents: 1 },
  /**
   * The charger's answer to a Reset, in `ws-default`: the call slot read and freed, the command completed
   * (≤ 2 KB: 2), the call queue looked at, and its `commandCompleted` published; a CALL out and its CALLRESULT in.
   */
  answer: { requests: 4, readUnits: 2, writeUnits: 3, putEvents: 1 },
  webSocketMessagesPerReset: 2,
  /**
   * An operator resolving an incident: an HTTP API request (authorizer and `api`), the conditional update
   * (the GSI1 copy too: 2) and the read back, `incidentResolved` published.
   */
  resolve: { requests: 2, readUnits: 1, writeUnits: 2, putEvents: 1 },
} as const;

interface Work {
  readonly requests: number;
  readonly readUnits?: number;
  readonly writeUnits?: number;
  readonly connectionCalls?: number;
  readonly putEvents?: number;
  /** Transaction checks among the requests (the session-index reads). */
  readonly sessionChecks?: number;
}

const sum = (...parts: readonly Work[]): Required<Work> =>
  parts.reduce<Required<Work>>(
    (total, part) => ({
      requests: total.requests + part.requests,
      readUnits: total.readUnits + (part.readUnits ?? 0),
      writeUnits: total.writeUnits + (part.writeUnits ?? 0),
      connectionCalls: total.connectionCalls + (part.connectionCalls ?? 0),
      putEvents: total.putEvents + (part.putEvents ?? 0),
      sessionChecks: total.sessionChecks + (part.sessionChecks ?? 0),
    }),
    { requests: 0, readUnits: 0, writeUnits: 0, connectionCalls: 0, putEvents: 0, sessionChecks: 0 },
  );

/** What one Heal task reads and writes, by what it does (heal-charger.ts, in its order). */
export const healTasks = (mix: ReferenceMix = referenceMix) => {
  const a = selfHealingAssumptions;
  const indexSessions = tenantCredentialAssumptions.chargersPerTenant * mix.sessionsPerDay * daysPerMonth;
  const batches = Math.min(a.sessionCheckMaxBatches, Math.ceil(indexSessions / a.sessionCheckBatchItems));
  const itemsPerBatch = Math.min(a.sessionCheckBatchItems, indexSessions);
  const sessionCheck = sum({
    requests: batches,
    readUnits: batches * Math.ceil((itemsPerBatch * a.sessionIndexItemBytes) / 4096) * 0.5,
    sessionChecks: 1,
  });
  /** A round of a charger still Faulted: its view and the transaction check. */
  const faultedRound = sum(a.view, sessionCheck);
  return {
    sessionCheck,
    /** Claims the charger, finds it Faulted, waits `faultedDelaySeconds`. */
    claim: sum(a.start, a.leaseWrite, faultedRound, a.leaseWrite),
    /** Records and sends a reset, completes its step, finds the charger still Faulted, waits `rebootWaitSeconds`. */
    reset: sum(a.start, faultedRound, a.step, a.resetCall, faultedRound, a.leaseWrite),
    /** Finds no connector Faulted: closes the attempt silently. */
    recovered: sum(a.start, a.view, a.leaseWrite),
    /** Records the incident step, opens the incident and closes the attempt. */
    incident: sum(a.start, faultedRound, a.step, faultedRound, a.incident, a.leaseWrite),
    /** A second Faulted event while the attempt runs: its claim fails. */
    superseded: sum(a.start, a.leaseWrite),
    /**
     * Self-healing turned off while a charger function still remembers it on (up to 5 minutes): the settings and
     * the attempt read, nothing written. Not priced: a tenant with it off starts no execution.
     */
    disabled: sum(a.start),
  };
};

type TaskName = Exclude<keyof ReturnType<typeof healTasks>, 'sessionCheck'>;

interface State {
  readonly Type: string;
  readonly Next?: string;
  readonly End?: boolean;
  readonly ResultPath?: string;
  readonly Default?: string;
  readonly Choices?: readonly {
    readonly Variable: string;
    readonly StringEquals?: string;
    readonly Next: string;
  }[];
}

/** `$.a.b` of a document. */
const at = (document: unknown, path: string): unknown =>
  path
    .replace(/^\$\.?/, '')
    .split('.')
    .filter(Boolean)
    .reduce<unknown>((value, name) => (value as Record<string, unknown> | undefined)?.[name], document);

/** The document with `value` at `$.a.b` (`$`: the value replaces it). */
const placed = (document: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> => {
  const [name, ...rest] = path
    .replace(/^\$\.?/, '')
    .split('.')
    .filter(Boolean);
  if (name === undefined) return value as Record<string, unknown>;
  const inner = document[name];
  return {
    ...document,
    [name]: placed(
      typeof inner === 'object' && inner !== null ? (inner as Record<string, unknown>) : {},
      `$.${rest.join('.')}`,
      value,
    ),
  };
};

/**
 * The state transitions of one Standard execution (each state entered is one, the final Succeed included; no
 * task retried), walking the definition: each Task in turn answers `{ next }` of `taskAnswers`, placed at its
 * ResultPath, which the Choice states read.
 */
export const transitionsOf = (
  definition: StateMachineSpec['definition'],
  taskAnswers: readonly string[],
): number => {
  const states = definition.States as Record<string, State>;
  let name: string | undefined = definition.StartAt as string;
  let document: Record<string, unknown> = {};
  let tasks = 0;
  let transitions = 0;
  while (name !== undefined) {
    const state: State | undefined = states[name];
    if (!state) throw new Error(`no state ${name}`);
    transitions += 1;
    if (transitions > 10_000) throw new Error('the execution does not end');
    if (state.Type === 'Task') {
      const next = taskAnswers[tasks];
      if (next === undefined) throw new Error(`no answer for task ${tasks + 1}`);
      tasks += 1;
      document = placed(document, state.ResultPath ?? '$', { next });
    }
    if (state.Type === 'Succeed' || state.Type === 'Fail' || state.End) break;
    name =
      state.Type === 'Choice'
        ? (state.Choices?.find((choice) => at(document, choice.Variable) === choice.StringEquals)?.Next ??
          state.Default)
        : state.Next;
  }
  if (tasks !== taskAnswers.length) throw new Error(`${taskAnswers.length} answers for ${tasks} tasks`);
  return transitions;
};

/** An execution's path: its Heal tasks in order, each but the last answering `wait`. */
const execution = (tasks: readonly TaskName[]) => ({
  tasks,
  answers: tasks.map((_, i) => (i < tasks.length - 1 ? 'wait' : 'done')),
});

export interface SelfHealingCostOptions {
  readonly chargers?: number;
  readonly maxResets?: number;
  /**
   * Tenants with self-healing off: their Faulted events carry no `selfHealing`, so the rule starts no execution
   * (one settings read per tenant and charger-function container every 5 minutes at most, at a Faulted status or
   * an authorised session end: not counted).
   */
  readonly enabled?: boolean;
  /** What-if: the workflows' log level. @default workflowObservability.logLevel (what the stack deploys) */
  readonly workflowLogLevel?: WorkflowLogLevel;
  readonly mix?: ReferenceMix;
}

export const selfHealingCost = (prices: Prices, options: SelfHealingCostOptions = {}) => {
  const {
    chargers = target.chargers,
    maxResets = defaultSelfHealingSettings('reference').maxResets,
    enabled = true,
    workflowLogLevel = workflowObservability.logLevel,
    mix = referenceMix,
  } = options;
  const a = selfHealingAssumptions;
  const work = healTasks(mix);
  const { definition } = stateMachines.selfHealing;
  const episodes = chargers * a.faultedEpisodesPerChargerMonth;
  // Each way an episode ends, with its share: healed after k resets (k = 0: unaided), or an incident.
  const paths: { share: number; resets: number; incident: boolean }[] = [];
  const stillFaulted = (resets: number) =>
    (1 - a.recoversUnaidedShare) * (1 - a.healedByResetShare) ** resets;
  paths.push({ share: a.recoversUnaidedShare, resets: 0, incident: false });
  for (let k = 1; k <= maxResets; k += 1)
    paths.push({ share: stillFaulted(k - 1) * a.healedByResetShare, resets: k, incident: false });
  paths.push({ share: stillFaulted(maxResets), resets: maxResets, incident: true });

  const executions: { count: number; tasks: readonly TaskName[]; answers: readonly string[] }[] = enabled
    ? paths.flatMap((path) => {
        const tasks: TaskName[] = [
          'claim',
          ...Array<TaskName>(path.resets).fill('reset'),
          path.incident ? 'incident' : 'recovered',
        ];
        // A reset that did not heal: the reboot's Faulted report starts an execution that is superseded.
        const unhealed = path.incident ? path.resets : path.resets - (path.resets > 0 ? 1 : 0);
        return [
          { count: episodes * path.share, ...execution(tasks) },
          { count: episodes * path.share * unhealed, ...execution(['superseded']) },
        ];
      })
    : [];

  let runs = 0;
  let transitions = 0;
  let taskInvocations = 0;
  let taskMs = 0;
  const taskWork = { readUnits: 0, writeUnits: 0, putEvents: 0, sessionChecks: 0 };
  const lambda = costAssumptions.lambda;
  const logs = costAssumptions.logs.stepFunctions;
  let workflowLogBytes = 0;
  for (const { count, tasks, answers } of executions) {
    runs += count;
    transitions += count * transitionsOf(definition, answers);
    taskInvocations += count * tasks.length;
    // ERROR, FATAL and OFF log nothing for a successful execution.
    if (workflowLogLevel === 'ALL')
      workflowLogBytes +=
        count * logs.bytesPerEvent * (logs.eventsPerExecution + logs.eventsPerTask * tasks.length);
    for (const task of tasks) {
      const w = work[task];
      taskMs +=
        count *
        (lambda.baseMs +
          lambda.perDynamoDbRequestMs * w.requests +
          lambda.perConnectionManagementCallMs * w.connectionCalls +
          lambda.perPutEventsMs * w.putEvents);
      taskWork.readUnits += count * w.readUnits;
      taskWork.writeUnits += count * w.writeUnits;
      taskWork.putEvents += count * w.putEvents;
      taskWork.sessionChecks += count * w.sessionChecks;
    }
  }
  const resets = enabled ? paths.reduce((n, path) => n + episodes * path.share * path.resets, 0) : 0;
  const incidents = enabled ? episodes * paths.at(-1)!.share : 0;
  const answerMs =
    lambda.baseMs +
    lambda.perDynamoDbRequestMs * a.answer.requests +
    lambda.perPutEventsMs * a.answer.putEvents;
  const resolveMs =
    lambda.baseMs +
    lambda.perDynamoDbRequestMs * a.resolve.requests +
    lambda.perPutEventsMs * a.resolve.putEvents;
  const gbSeconds =
    (taskMs * memoryGbOf('heal-charger') +
      resets * answerMs * memoryGbOf('ws-default') +
      incidents * (resolveMs * memoryGbOf('api') + lambda.baseMs * memoryGbOf('api-authorizer'))) /
    1000;
  // Invocations: the tasks, the answer of each reset, the authorizer and the API of each resolution.
  const invocations = taskInvocations + resets + incidents * 2;
  const readUnits = taskWork.readUnits + resets * a.answer.readUnits + incidents * a.resolve.readUnits;
  const writeUnits = taskWork.writeUnits + resets * a.answer.writeUnits + incidents * a.resolve.writeUnits;
  // incidentOpened (in the tasks), commandCompleted of each reset, incidentResolved.
  const events = taskWork.putEvents + resets * a.answer.putEvents + incidents * a.resolve.putEvents;
  const webSocketMessages = resets * a.webSocketMessagesPerReset;
  const usd = {
    stepFunctions: (transitions / 1000) * prices.stepFunctionsStandardTransitionsPerThousand,
    lambda: (invocations / 1e6) * prices.lambdaRequestsPerMillion + gbSeconds * prices.lambdaArmGbSecond,
    dynamodb:
      (readUnits / 1e6) * prices.dynamodbReadRequestUnitsPerMillion +
      (writeUnits / 1e6) * prices.dynamodbWriteRequestUnitsPerMillion,
    webSocket: (webSocketMessages / 1e6) * prices.apiGatewayWebSocketMessagesPerMillion,
    eventBridge: (events / 1e6) * prices.eventBridgeCustomEventsPerMillion,
    api: (incidents / 1e6) * prices.apiGatewayHttpRequestsPerMillion,
    logs: (workflowLogBytes / 1e9) * prices.cloudWatchLogsIngestionPerGb,
  };
  const usdPerMonth = Object.values(usd).reduce((total, line) => total + line, 0);
  const per = (n: number) => n / chargers;
  return {
    chargers,
    maxResets,
    enabled,
    workflowLogLevel,
    paths,
    runsPerChargerMonth: per(runs),
    transitionsPerChargerMonth: per(transitions),
    invocationsPerChargerMonth: per(invocations),
    resetsPerChargerMonth: per(resets),
    incidentsPerChargerMonth: per(incidents),
    readUnitsPerChargerMonth: per(readUnits),
    writeUnitsPerChargerMonth: per(writeUnits),
    webSocketMessagesPerChargerMonth: per(webSocketMessages),
    eventsPerChargerMonth: per(events),
    sessionChecksPerChargerMonth: per(taskWork.sessionChecks),
    /** The part of `usd.dynamodb` that the transaction checks' session-index reads cost. */
    sessionCheckUsd:
      ((taskWork.sessionChecks * work.sessionCheck.readUnits) / 1e6) *
      prices.dynamodbReadRequestUnitsPerMillion,
    usd,
    usdPerMonth,
    usdPerChargerMonth: usdPerMonth / chargers,
  };
};

/** The lines `npm run cost` prints: the reference (self-healing on everywhere), and what it costs when off. */
export const selfHealingLines = (prices: Prices, chargers: number = target.chargers): string => {
  const a = selfHealingAssumptions;
  const cost = selfHealingCost(prices, { chargers });
  const off = selfHealingCost(prices, { chargers, enabled: false });
  const pct = (share: number) => `${Math.round(share * 100)} %`;
  const round = (n: number, digits = 2) => Number(n.toFixed(digits)).toString();
  return (
    `Self-healing (not in the totals; ${a.faultedEpisodesPerChargerMonth} Faulted episode per charger-month, ` +
    `${pct(a.recoversUnaidedShare)} clearing before a reset, each reset healing ${pct(a.healedByResetShare)} of ` +
    `the rest, maxResets ${cost.maxResets}): ${round(cost.runsPerChargerMonth)} Standard executions, ` +
    `${round(cost.transitionsPerChargerMonth)} state transitions, ${round(cost.resetsPerChargerMonth)} resets and ` +
    `${round(cost.incidentsPerChargerMonth, 3)} incidents a charger-month at ${chargers.toLocaleString('en-US')} ` +
    `chargers: $${cost.usdPerMonth.toFixed(2)} a month, $${cost.usdPerChargerMonth.toFixed(5)} per ` +
    `charger-month (Step Functions $${cost.usd.stepFunctions.toFixed(2)}, Lambda $${cost.usd.lambda.toFixed(2)}, ` +
    `DynamoDB $${cost.usd.dynamodb.toFixed(2)}, $${cost.sessionCheckUsd.toFixed(2)} of it the ` +
    `${round(cost.sessionChecksPerChargerMonth)} transaction checks' reads of the session index, ` +
    `WebSocket messages $${cost.usd.webSocket.toFixed(2)}, EventBridge $${cost.usd.eventBridge.toFixed(2)}, ` +
    `HTTP API $${cost.usd.api.toFixed(2)}, workflow logs $${cost.usd.logs.toFixed(2)} at ` +
    `${cost.workflowLogLevel}).\n` +
    `Self-healing off: the rule starts no execution (its Faulted events carry no selfHealing flag, ` +
    `${round(off.runsPerChargerMonth)} runs): $${off.usdPerChargerMonth.toFixed(5)} per charger-month.`
  );
};
