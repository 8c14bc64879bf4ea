import type { Operation } from '../operation.ts';
import { chargerOperations } from './chargers.ts';
import { tenantOperations } from './tenants.ts';

/** Every operation, keyed by the topology's operationId; a route without one fails at start-up and in tests. */
export const operations: Record<string, Operation> = {
  ...tenantOperations,
  ...chargerOperations,
};
