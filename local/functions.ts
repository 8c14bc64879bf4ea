import { gatewayFunctionFactories } from '../shared/handlers/gateway-functions.ts';
import type { Dependencies } from '../shared/slices/dependencies.ts';
import { sliceFunctionFactories } from '../shared/slices/index.ts';
import { type FunctionId, functions } from '../shared/topology/functions.ts';
import { currentInvocation, type InvocationListener } from './invocation-context.ts';

// biome-ignore lint/suspicious/noExplicitAny: each function takes its own API Gateway or Step Functions event.
type Handler = (event: any) => Promise<unknown>;

/**
 * The same factories the Lambda entry points in functions/ call: the gateway's and the slices'. A function of the
 * topology without a factory fails here at start-up (and in test/unit/slices.test.ts).
 */
const factories = { ...gatewayFunctionFactories, ...sliceFunctionFactories } as Record<
  FunctionId,
  (deps: Dependencies) => Handler
>;
for (const id of Object.keys(functions))
  if (!Object.hasOwn(factories, id)) throw new Error(`function ${id} of the topology has no handler factory`);

export class FunctionTimeoutError extends Error {
  constructor(id: FunctionId, seconds: number) {
    super(`Task timed out after ${seconds} seconds (function ${id})`);
    this.name = 'FunctionTimeoutError';
  }
}

export type InvokeFunction = (id: FunctionId, event: unknown) => Promise<unknown>;

/**
 * Invokes handlers as Lambda would: one instance per function, bounded by the function's timeout. Each runs in
 * its `currentInvocation`; `onInvocation` hears of each when it has finished.
 */
export const createFunctionInvoker = (
  deps: Dependencies,
  onInvocation?: InvocationListener,
): InvokeFunction => {
  const handlers = Object.fromEntries(
    Object.entries(factories).map(([id, factory]) => [id, factory(deps)]),
  ) as Record<FunctionId, Handler>;
  return async (id, event) => {
    const seconds = functions[id].timeoutSeconds ?? 10;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new FunctionTimeoutError(id, seconds)), seconds * 1000);
    });
    const invocation = { functionId: id, event };
    const startedAt = performance.now();
    try {
      const result = await Promise.race([
        currentInvocation.run(invocation, () => handlers[id](event)),
        timeout,
      ]);
      onInvocation?.(invocation, { result, durationMs: performance.now() - startedAt });
      return result;
    } catch (error) {
      onInvocation?.(invocation, { error, durationMs: performance.now() - startedAt });
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };
};
