import { AsyncLocalStorage } from 'node:async_hooks';
import type { FunctionId } from '../shared/topology/functions.ts';

/** One function invocation of the local runtime: which function ran and the event it got. */
export interface Invocation {
  readonly functionId: FunctionId;
  readonly event: unknown;
}

/**
 * Holds the invocation around each handler the local runtime runs, so that an observer of AWS SDK calls (the
 * benchmark) can tell which message a DynamoDB call was made for; async work of the handler inherits it.
 */
export const currentInvocation = new AsyncLocalStorage<Invocation>();

/** Told when an invocation has finished: with the handler's result, or the error it failed with. */
export type InvocationListener = (
  invocation: Invocation,
  outcome: { readonly result?: unknown; readonly error?: unknown; readonly durationMs: number },
) => void;
