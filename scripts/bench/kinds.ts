import { defaultLastSeenWriteIntervalSeconds } from '../../shared/slices/chargers/adapters/last-seen-throttle.ts';
import type { FunctionId } from '../../shared/topology/functions.ts';
import {
  placeholderPattern,
  type StateMachineId,
  stateMachines,
} from '../../shared/topology/state-machines.ts';
import { type MessageKind, perChargerDay, type ReferenceMix } from '../simulator/reference-mix.ts';
import type { LabelUsage } from './runtime-meter.ts';

/** What one message of a kind costs the CSMS, per occurrence (averaged over the occurrences measured). */
export interface KindFigures {
  readonly samples: number;
  readonly lambdaInvocations: Partial<Record<FunctionId, number>>;
  readonly dynamodb: {
    readonly readRequests: number;
    readonly writeRequests: number;
    readonly readUnits: number;
    readonly writeUnits: number;
  };
  readonly events: number;
  readonly putEventsCalls: number;
  readonly workflowExecutions: Partial<Record<StateMachineId, number>>;
  readonly webSocket: {
    readonly messagesIn: number;
    readonly messagesOut: number;
    readonly bytesIn: number;
    readonly bytesOut: number;
  };
  readonly httpRequests: number;
  readonly connectionManagementCalls: number;
  readonly itemBytesPut: number;
  /** What the index grows by (absent in figures measured before it was counted: 0). */
  readonly indexBytesPut?: number;
  readonly localHandlerMs: number;
  /** Share of occurrences that wrote to DynamoDB at all. */
  readonly withWrites: number;
  /**
   * What the run measured, when the writes above were raised to a steady state (Heartbeat): kept so that the
   * cost model can take the steady state of another mix from the measurement, not from another mix's estimate.
   */
  readonly measuredWrites?: MeasuredWrites;
}

export interface MeasuredWrites {
  readonly withWrites: number;
  readonly writeRequests: number;
  readonly writeUnits: number;
}

/** One execution of a workflow: its state transitions and what its Task functions cost. */
export interface WorkflowFigures {
  readonly executions: number;
  readonly stepsPerExecution: number;
  readonly lambdaInvocations: Partial<Record<FunctionId, number>>;
  readonly dynamodb: KindFigures['dynamodb'];
  /** What the table and its index grow by per execution (the billing's ledger and CDR, kept with the session). */
  readonly itemBytesPut?: number;
  readonly indexBytesPut?: number;
  readonly localHandlerMs: number;
}

/** OCPP actions (both versions) of each kind. */
const actionsOfKind: Partial<Record<MessageKind, readonly string[]>> = {
  Heartbeat: ['Heartbeat'],
  StatusNotification: ['StatusNotification'],
  Authorize: ['Authorize'],
  TransactionStarted: ['TransactionEvent.Started', 'StartTransaction'],
  MeterValues: ['TransactionEvent.Updated', 'MeterValues'],
  TransactionEnded: ['TransactionEvent.Ended', 'StopTransaction'],
  BootNotification: ['BootNotification'],
};

/** Sums usages; divided by `per` occurrences. */
const perOccurrence = (usages: readonly LabelUsage[], per: number) => {
  const sum = (pick: (usage: LabelUsage) => number) =>
    usages.reduce((total, usage) => total + pick(usage), 0) / per;
  const sumRecord = (pick: (usage: LabelUsage) => Record<string, number>) => {
    const result: Record<string, number> = {};
    for (const usage of usages)
      for (const [key, n] of Object.entries(pick(usage))) result[key] = (result[key] ?? 0) + n / per;
    return result;
  };
  return {
    dynamodb: {
      readRequests: sum((u) => u.dynamodb.readRequests),
      writeRequests: sum((u) => u.dynamodb.writeRequests),
      readUnits: sum((u) => u.dynamodb.readUnits),
      writeUnits: sum((u) => u.dynamodb.writeUnits),
    },
    events: sum((u) => Object.values(u.events).reduce((a, b) => a + b, 0)),
    putEventsCalls: sum((u) => u.putEventsCalls),
    workflowExecutions: sumRecord((u) => u.workflowStarts) as Partial<Record<StateMachineId, number>>,
    connectionManagementCalls: sum((u) => Object.values(u.connectionManagement).reduce((a, b) => a + b, 0)),
    itemBytesPut: sum((u) => u.dynamodb.itemBytesPut),
    indexBytesPut: sum((u) => u.dynamodb.indexBytesPut),
    localHandlerMs: sum((u) => u.localHandlerMs),
    bytesIn: sum((u) => u.bytesIn),
    bytesOut: sum((u) => u.bytesOut),
    postedBytes: sum((u) => u.postedBytes),
    framesOut: sum((u) => u.framesOut),
    withWrites: sum((u) => u.invocationsWithWrites),
  };
};

const addFigures = (a: ReturnType<typeof perOccurrence>, b: ReturnType<typeof perOccurrence>) => {
  const records = (x: Record<string, number>, y: Record<string, number>) => {
    const out = { ...x };
    for (const [key, n] of Object.entries(y)) out[key] = (out[key] ?? 0) + n;
    return out;
  };
  return {
    dynamodb: {
      readRequests: a.dynamodb.readRequests + b.dynamodb.readRequests,
      writeRequests: a.dynamodb.writeRequests + b.dynamodb.writeRequests,
      readUnits: a.dynamodb.readUnits + b.dynamodb.readUnits,
      writeUnits: a.dynamodb.writeUnits + b.dynamodb.writeUnits,
    },
    events: a.events + b.events,
    putEventsCalls: a.putEventsCalls + b.putEventsCalls,
    workflowExecutions: records(a.workflowExecutions, b.workflowExecutions),
    connectionManagementCalls: a.connectionManagementCalls + b.connectionManagementCalls,
    itemBytesPut: a.itemBytesPut + b.itemBytesPut,
    indexBytesPut: a.indexBytesPut + b.indexBytesPut,
    localHandlerMs: a.localHandlerMs + b.localHandlerMs,
    bytesIn: a.bytesIn + b.bytesIn,
    bytesOut: a.bytesOut + b.bytesOut,
    postedBytes: a.postedBytes + b.postedBytes,
    framesOut: a.framesOut + b.framesOut,
    withWrites: Math.min(1, a.withWrites + b.withWrites),
  };
};

const successful = (usage: Record<string, LabelUsage>, match: (label: LabelUsage) => boolean) =>
  Object.values(usage).filter((label) => !label.failed && match(label));

const invocationsOf = (usages: readonly LabelUsage[]) => usages.reduce((sum, u) => sum + u.invocations, 0);

/** Per-occurrence figures of every kind measured; a kind without samples is left out. */
export const kindFigures = (usage: Record<string, LabelUsage>): Partial<Record<MessageKind, KindFigures>> => {
  const kinds: Partial<Record<MessageKind, KindFigures>> = {};
  const ocpp = (figures: ReturnType<typeof perOccurrence>, samples: number): KindFigures => ({
    samples,
    lambdaInvocations: { 'ws-default': 1 },
    dynamodb: figures.dynamodb,
    events: figures.events,
    putEventsCalls: figures.putEventsCalls,
    workflowExecutions: figures.workflowExecutions,
    // The one-way `$default` posts its answer (PostToConnection); a two-way route would return it: both count.
    webSocket: {
      messagesIn: 1,
      messagesOut: figures.framesOut,
      bytesIn: figures.bytesIn,
      bytesOut: figures.bytesOut + figures.postedBytes,
    },
    httpRequests: 0,
    connectionManagementCalls: figures.connectionManagementCalls,
    itemBytesPut: figures.itemBytesPut,
    indexBytesPut: figures.indexBytesPut,
    localHandlerMs: figures.localHandlerMs,
    withWrites: figures.withWrites,
  });
  for (const [kind, actions] of Object.entries(actionsOfKind) as [MessageKind, string[]][]) {
    const usages = successful(usage, (u) => u.functionId === 'ws-default' && actions.includes(u.action));
    const samples = invocationsOf(usages);
    if (samples > 0) kinds[kind] = ocpp(perOccurrence(usages, samples), samples);
  }

  const single = (functionId: FunctionId) => {
    const usages = successful(usage, (u) => u.functionId === functionId);
    const samples = invocationsOf(usages);
    return samples > 0 ? { figures: perOccurrence(usages, samples), samples } : undefined;
  };
  const connection = (
    parts: readonly { fn: FunctionId; figures: ReturnType<typeof perOccurrence> }[],
    samples: number,
  ): KindFigures => {
    const figures = parts.map((part) => part.figures).reduce(addFigures);
    return {
      ...ocpp(figures, samples),
      lambdaInvocations: Object.fromEntries(parts.map((part) => [part.fn, 1])),
      webSocket: { messagesIn: 0, messagesOut: 0, bytesIn: 0, bytesOut: 0 },
    };
  };

  const authorizer = single('ws-authorizer');
  const connect = single('ws-connect');
  if (authorizer && connect)
    kinds.Connect = connection(
      [
        { fn: 'ws-authorizer', figures: authorizer.figures },
        { fn: 'ws-connect', figures: connect.figures },
      ],
      connect.samples,
    );
  const disconnect = single('ws-disconnect');
  if (disconnect)
    kinds.Disconnect = connection([{ fn: 'ws-disconnect', figures: disconnect.figures }], disconnect.samples);

  const commandUsages = successful(usage, (u) => u.functionId === 'api' && u.action.includes('/ocpp/'));
  const commands = invocationsOf(commandUsages);
  const apiAuthorizer = single('api-authorizer');
  const answers = successful(usage, (u) => u.functionId === 'ws-default' && u.action === 'CALLRESULT');
  if (commands > 0 && apiAuthorizer && invocationsOf(answers) > 0) {
    const api = perOccurrence(commandUsages, commands);
    const answer = perOccurrence(answers, invocationsOf(answers));
    const figures = [api, apiAuthorizer.figures, answer].reduce(addFigures);
    kinds.Command = {
      ...ocpp(figures, commands),
      lambdaInvocations: { api: 1, 'api-authorizer': 1, 'ws-default': 1 },
      // The command goes out with PostToConnection; the answer comes back as a frame.
      webSocket: { messagesIn: 1, messagesOut: 1, bytesIn: answer.bytesIn, bytesOut: api.postedBytes },
      httpRequests: 1,
    };
  }
  return kinds;
};

/** The function each state machine's Task states run, from the topology's definitions. */
const taskFunctionsOf = (id: StateMachineId): FunctionId[] =>
  Object.values(stateMachines[id].definition.States as Record<string, { Resource?: string }>).flatMap(
    (state) => {
      const match = placeholderPattern.exec(state.Resource ?? '');
      return match ? [match[1] as FunctionId] : [];
    },
  );

/** Per-execution figures of each workflow that ran; steps counted as the states of its (linear) definition. */
export const workflowFigures = (
  usage: Record<string, LabelUsage>,
): Partial<Record<StateMachineId, WorkflowFigures>> => {
  const result: Partial<Record<StateMachineId, WorkflowFigures>> = {};
  for (const id of Object.keys(stateMachines) as StateMachineId[]) {
    const tasks = taskFunctionsOf(id);
    const usages = Object.values(usage).filter((u) => tasks.includes(u.functionId as FunctionId));
    const executions = tasks.length > 0 ? invocationsOf(usages) / tasks.length : 0;
    if (executions === 0) continue;
    const figures = perOccurrence(usages, executions);
    result[id] = {
      executions,
      stepsPerExecution: Object.keys(stateMachines[id].definition.States as object).length,
      lambdaInvocations: Object.fromEntries(tasks.map((fn) => [fn, 1])),
      dynamodb: figures.dynamodb,
      itemBytesPut: figures.itemBytesPut,
      indexBytesPut: figures.indexBytesPut,
      localHandlerMs: figures.localHandlerMs,
    };
  }
  return result;
};

/** What one charging session of the mix causes: events, workflow executions and their state transitions. */
export const perSessionFigures = (
  kinds: Partial<Record<MessageKind, KindFigures>>,
  workflows: Partial<Record<StateMachineId, WorkflowFigures>>,
  mix: ReferenceMix,
) => {
  const day = perChargerDay(mix);
  const sessionKinds: MessageKind[] = ['Authorize', 'TransactionStarted', 'MeterValues', 'TransactionEnded'];
  const counts: Partial<Record<MessageKind, number>> = {
    ...Object.fromEntries(sessionKinds.map((kind) => [kind, day[kind] / mix.sessionsPerDay])),
    StatusNotification: 2,
  };
  let messages = 0;
  let events = 0;
  let executions = 0;
  let transitions = 0;
  let writeUnits = 0;
  for (const [kind, count] of Object.entries(counts) as [MessageKind, number][]) {
    const figures = kinds[kind];
    messages += count;
    if (!figures) continue;
    events += figures.events * count;
    writeUnits += figures.dynamodb.writeUnits * count;
    for (const [machine, n] of Object.entries(figures.workflowExecutions) as [StateMachineId, number][]) {
      executions += n * count;
      transitions += n * count * (workflows[machine]?.stepsPerExecution ?? 1);
    }
  }
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    messages: round(messages),
    events: round(events),
    workflowExecutions: round(executions),
    stateTransitions: round(transitions),
    writeUnits: round(writeUnits),
  };
};

/**
 * The share of Heartbeats that write `lastSeenAt` in a steady state, by the rule of last-seen-throttle.ts: over
 * one connection's life (connect, a Heartbeat every interval, the cut) in one container. A connection costs the
 * same writes whatever the interval (3 in 2 hours with the 30-minute throttle), so the share follows the mix's
 * heartbeat interval: 3 of 13 at 540 s, 3 of 23 at 300 s.
 */
export const steadyStateHeartbeatWriteShare = (
  mix: ReferenceMix,
  intervalSeconds = defaultLastSeenWriteIntervalSeconds,
): number => {
  let beats = 0;
  let writes = 0;
  let writtenAt = 0;
  for (
    let t = mix.heartbeatIntervalSeconds;
    t < mix.connectionHours * 3600;
    t += mix.heartbeatIntervalSeconds
  ) {
    beats += 1;
    if (t - writtenAt >= intervalSeconds) {
      writes += 1;
      writtenAt = t;
    }
  }
  return beats > 0 ? writes / beats : 0;
};

/**
 * A run lasts minutes of simulated time after the fleet (re)connected, less than the throttle's 30 minutes, so
 * its Heartbeats rarely write: the steady-state share at `mix` is used when it is higher than measured, at one
 * write request and one unit each (the connection item, under 1 KB and in no index). Starts from the measured
 * writes when the figures were raised before (for another mix), so it can be applied again at any mix.
 */
export const withSteadyStateHeartbeats = (
  heartbeat: KindFigures | undefined,
  mix: ReferenceMix,
): KindFigures | undefined => {
  if (!heartbeat) return undefined;
  const measured: MeasuredWrites = heartbeat.measuredWrites ?? {
    withWrites: heartbeat.withWrites,
    writeRequests: heartbeat.dynamodb.writeRequests,
    writeUnits: heartbeat.dynamodb.writeUnits,
  };
  const { measuredWrites: _raised, ...rest } = heartbeat;
  const share = steadyStateHeartbeatWriteShare(mix);
  if (measured.withWrites >= share) {
    return {
      ...rest,
      withWrites: measured.withWrites,
      dynamodb: {
        ...heartbeat.dynamodb,
        writeRequests: measured.writeRequests,
        writeUnits: measured.writeUnits,
      },
    };
  }
  return {
    ...rest,
    withWrites: share,
    dynamodb: {
      ...heartbeat.dynamodb,
      writeRequests: Math.max(measured.writeRequests, share),
      writeUnits: Math.max(measured.writeUnits, share),
    },
    measuredWrites: measured,
  };
};
