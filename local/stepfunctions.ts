import { randomUUID } from 'node:crypto';
import {
  ExecutionAbortedError,
  ExecutionError,
  ExecutionTimeoutError,
  StateMachine,
  type StateMachineDefinition,
} from 'aws-local-stepfunctions';
import { type FunctionId, functions } from '../shared/topology/functions.ts';
import {
  placeholderPattern,
  type StateMachineId,
  type StateMachineSpec,
} from '../shared/topology/state-machines.ts';

/** Structural subset of `console` and the Powertools logger. */
export interface LocalLogger {
  info(message: string, ...extra: unknown[]): void;
  error(message: string, ...extra: unknown[]): void;
}

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface Execution {
  readonly executionArn: string;
  readonly stateMachineId: StateMachineId;
  readonly input: unknown;
  readonly status: ExecutionStatus;
  readonly output?: unknown;
  readonly error?: string;
  readonly cause?: string;
  readonly startedAt: Date;
  readonly stoppedAt?: Date;
}

export interface LocalStepFunctionsOptions {
  readonly stateMachines: Partial<Record<StateMachineId, StateMachineSpec>>;
  /** Runs a function's handler; its result is the Task's result, a throw is the Task's error. */
  readonly invokeFunction: (id: FunctionId, payload: unknown) => Promise<unknown>;
  readonly logger?: LocalLogger;
}

type JsonValue = Parameters<StateMachine['run']>[0];
type TaskHandlers = Record<string, (input: JsonValue) => Promise<JsonValue>>;
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const maxRecordedExecutions = 1000;
const account = '000000000000';
const region = 'local';

export const fakeFunctionArn = (id: FunctionId): string =>
  `arn:aws:lambda:${region}:${account}:function:${id}`;

// Payloads cross a JSON boundary on AWS (Lambda invoke, StartExecution); doing the same here keeps Dates,
// undefined and class instances from behaving differently locally.
const toJson = (value: unknown): JsonValue => JSON.parse(JSON.stringify(value ?? null)) as JsonValue;

/** Runs the topology's state machines in-process, each Task calling the function its placeholder names. */
export class LocalStepFunctions {
  readonly #machines = new Map<StateMachineId, { machine: StateMachine; handlers: TaskHandlers }>();
  readonly #executions: Mutable<Execution>[] = [];
  readonly #running = new Map<string, { abort: () => void; done: Promise<void> }>();
  readonly #logger: LocalLogger;
  #closed = false;

  constructor(options: LocalStepFunctionsOptions) {
    this.#logger = options.logger ?? console;
    for (const [id, spec] of Object.entries(options.stateMachines) as [StateMachineId, StateMachineSpec][]) {
      // Compiled eagerly so that a broken definition fails at startup, not on the first event.
      // A JSON copy, not structuredClone: that keeps shared sub-objects shared, and bindTasks rewrites them.
      const definition = JSON.parse(JSON.stringify(spec.definition)) as StateMachineDefinition;
      const handlers: TaskHandlers = {};
      bindTasks(definition, handlers, options.invokeFunction, id);
      const machine = new StateMachine(definition, { validationOptions: { checkArn: false } });
      this.#machines.set(id, { machine, handlers });
    }
  }

  /** Like StartExecution: returns at once, the execution runs in the background. */
  startExecution(stateMachineId: StateMachineId, input: unknown): { executionArn: string } {
    if (this.#closed) throw new Error('LocalStepFunctions is closed');
    const compiled = this.#machines.get(stateMachineId);
    if (!compiled) throw new Error(`State machine ${stateMachineId} does not exist`);
    const executionArn = `arn:aws:states:${region}:${account}:execution:${stateMachineId}:${randomUUID()}`;
    const execution: Mutable<Execution> = {
      executionArn,
      stateMachineId,
      input: toJson(input),
      status: 'RUNNING',
      startedAt: new Date(),
    };
    this.#executions.push(execution);
    if (this.#executions.length > maxRecordedExecutions) this.#executions.shift();

    const controller = new AbortController();
    // Deferred so the caller (e.g. PutEvents) completes before any state runs, as on AWS.
    const done = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.#run(compiled.machine, compiled.handlers, execution, controller.signal))
      .finally(() => this.#running.delete(executionArn));
    this.#running.set(executionArn, { abort: () => controller.abort(), done });
    return { executionArn };
  }

  async #run(
    machine: StateMachine,
    handlers: TaskHandlers,
    execution: Mutable<Execution>,
    signal: AbortSignal,
  ): Promise<void> {
    try {
      if (signal.aborted) throw new ExecutionAbortedError();
      const run = machine.run(execution.input as JsonValue, {
        overrides: { taskResourceLocalHandlers: handlers },
        // The Context Object's execution fields, as on AWS (`$$.Execution.Id`, …).
        context: {
          Execution: {
            Id: execution.executionArn,
            Name: execution.executionArn.split(':').at(-1)!,
            Input: execution.input as JsonValue,
            StartTime: execution.startedAt.toISOString(),
          },
        },
      });
      signal.addEventListener('abort', run.abort, { once: true });
      execution.output = await run.result;
      execution.status = 'SUCCEEDED';
    } catch (error) {
      Object.assign(execution, failure(error));
    }
    execution.stoppedAt = new Date();
    const { executionArn, status, error, cause } = execution;
    if (status === 'SUCCEEDED') this.#logger.info('Execution succeeded', { executionArn });
    else this.#logger.error('Execution did not succeed', { executionArn, status, error, cause });
  }

  /** Most recent last; only the last 1000 executions are kept. */
  listExecutions(stateMachineId?: StateMachineId): Execution[] {
    return this.#executions
      .filter((execution) => stateMachineId === undefined || execution.stateMachineId === stateMachineId)
      .map((execution) => ({ ...execution }));
  }

  describeExecution(executionArn: string): Execution | undefined {
    const execution = this.#executions.find((candidate) => candidate.executionArn === executionArn);
    return execution && { ...execution };
  }

  /** Resolves once nothing runs, including executions started meanwhile (a workflow putting events). */
  async waitForIdle(): Promise<void> {
    while (this.#running.size > 0) {
      await Promise.all([...this.#running.values()].map((running) => running.done));
    }
  }

  /** Aborts running executions and refuses new ones. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const running of this.#running.values()) running.abort();
    await this.waitForIdle();
  }
}

const failure = (error: unknown): Pick<Execution, 'status' | 'error' | 'cause'> => {
  if (error instanceof ExecutionAbortedError) return { status: 'ABORTED' };
  if (error instanceof ExecutionTimeoutError) return { status: 'TIMED_OUT', error: 'States.Timeout' };
  const reason = error instanceof ExecutionError ? error.cause : error;
  return reason instanceof Error
    ? { status: 'FAILED', error: reason.name, cause: reason.message }
    : { status: 'FAILED', error: 'Error', cause: String(reason) };
};

type States = StateMachineDefinition['States'];

/**
 * Replaces each Task's `${fn:id}` placeholder with a Lambda ARN (as the stack's definitionSubstitutions do)
 * and routes the Task to the function in-process. The library keys local handlers by state name across the
 * whole definition, nested Parallel branches and Map processors included, so names must be unique.
 */
const bindTasks = (
  machine: { States: States },
  handlers: TaskHandlers,
  invokeFunction: LocalStepFunctionsOptions['invokeFunction'],
  stateMachineId: StateMachineId,
): void => {
  for (const [name, state] of Object.entries(machine.States)) {
    const where = `State machine ${stateMachineId}, state ${name}`;
    if (state.Type === 'Parallel') {
      for (const branch of state.Branches) bindTasks(branch, handlers, invokeFunction, stateMachineId);
    } else if (state.Type === 'Map') {
      const processor = state.ItemProcessor ?? state.Iterator;
      if (processor) bindTasks(processor, handlers, invokeFunction, stateMachineId);
    } else if (state.Type === 'Task') {
      if (Object.hasOwn(handlers, name)) throw new Error(`${where}: Task state names must be unique`);
      const id = placeholderPattern.exec(state.Resource)?.[1] as FunctionId | undefined;
      // Anything else would make the library call real AWS services.
      if (!id)
        throw new Error(`${where}: only \${fn:<id>} Task resources run locally, got ${state.Resource}`);
      if (!Object.hasOwn(functions, id)) throw new Error(`${where}: unknown function ${id}`);
      state.Resource = fakeFunctionArn(id);
      handlers[name] = async (input) => toJson(await invokeFunction(id, input));
    }
  }
};
