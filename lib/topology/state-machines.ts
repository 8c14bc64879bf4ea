import type { FunctionId } from './functions.ts';

export type StateMachineId = 'billing' | 'loadBalancing';

/**
 * Amazon States Language definitions. A Task's `Resource` is `${fn:<FunctionId>}`: the stack substitutes the
 * function ARN (definitionSubstitutions), the local runtime runs that function's handler in-process.
 */
export interface StateMachineSpec {
  readonly description: string;
  /**
   * STANDARD: exactly-once, auditable history (billing). EXPRESS: short, frequent, idempotent work, billed per
   * request and duration rather than per state transition (load balancing).
   */
  readonly type: 'STANDARD' | 'EXPRESS';
  readonly definition: Record<string, unknown>;
}

export const functionPlaceholder = (id: FunctionId): string => `\${fn:${id}}`;
export const placeholderPattern = /^\$\{fn:([a-z-]+)\}$/;

const lambdaRetry = [
  {
    ErrorEquals: ['Lambda.ServiceException', 'Lambda.TooManyRequestsException', 'Lambda.SdkClientException'],
    IntervalSeconds: 1,
    MaxAttempts: 3,
    BackoffRate: 2,
  },
];

export const stateMachines: Record<StateMachineId, StateMachineSpec> = {
  billing: {
    description: 'Prices a finished transaction',
    type: 'STANDARD',
    definition: {
      Comment:
        'Billing: a finished transaction is recorded as awaiting pricing (pricing comes with its issue)',
      StartAt: 'RecordPendingBilling',
      States: {
        RecordPendingBilling: {
          Type: 'Task',
          Resource: functionPlaceholder('record-pending-billing'),
          InputPath: '$.detail',
          ResultPath: '$.billing',
          Retry: lambdaRetry,
          End: true,
        },
      },
    },
  },
  loadBalancing: {
    description: "Re-balances a site's power between its active chargers",
    type: 'EXPRESS',
    definition: {
      Comment: 'Load balancing: loads the active chargers of the site (allocation comes with its issue)',
      StartAt: 'LoadSiteChargers',
      States: {
        LoadSiteChargers: {
          Type: 'Task',
          Resource: functionPlaceholder('load-site-chargers'),
          InputPath: '$.detail',
          ResultPath: '$.site',
          Retry: lambdaRetry,
          End: true,
        },
      },
    },
  },
};
