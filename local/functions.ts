import { type FunctionId, functions } from '../lib/topology/functions.ts';
import type { Dependencies } from '../shared/domain/dependencies.ts';
import { createApiHandler } from '../shared/handlers/api.ts';
import { createApiAuthorizerHandler } from '../shared/handlers/api-authorizer.ts';
import { createCallQueueTimerHandler } from '../shared/handlers/call-queue-timer.ts';
import { createLoadSiteChargersHandler } from '../shared/handlers/load-site-chargers.ts';
import { createRecordPendingBillingHandler } from '../shared/handlers/record-pending-billing.ts';
import { createWsAuthorizerHandler } from '../shared/handlers/ws-authorizer.ts';
import { createWsConnectHandler } from '../shared/handlers/ws-connect.ts';
import { createWsDefaultHandler } from '../shared/handlers/ws-default.ts';
import { createWsDisconnectHandler } from '../shared/handlers/ws-disconnect.ts';
import { currentInvocation, type InvocationListener } from './invocation-context.ts';

// biome-ignore lint/suspicious/noExplicitAny: each function takes its own API Gateway or Step Functions event.
type Handler = (event: any) => Promise<unknown>;

/** The same factories the Lambda entry points in functions/ call; the Record type makes it complete. */
const factories: Record<FunctionId, (deps: Dependencies) => Handler> = {
  'ws-authorizer': createWsAuthorizerHandler,
  'ws-connect': createWsConnectHandler,
  'ws-default': createWsDefaultHandler,
  'ws-disconnect': createWsDisconnectHandler,
  'api-authorizer': createApiAuthorizerHandler,
  api: createApiHandler,
  'load-site-chargers': createLoadSiteChargersHandler,
  'record-pending-billing': createRecordPendingBillingHandler,
  'call-queue-timer': createCallQueueTimerHandler,
};

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
