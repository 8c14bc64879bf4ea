import type { FunctionId } from './functions.ts';

export type StateMachineId = 'billing' | 'loadBalancing';

/**
 * Amazon States Language definitions. A Task's `Resource` is `${fn:<FunctionId>}`: the stack substitutes the
 * function ARN (definitionSubstitutions), the local runtime runs that function's handler in-process.
 */
export interface StateMachineSpec {
  readonly description: string;
  /**
   * EXPRESS: work that finishes within 5 minutes, billed per request and duration (about $1 per million short
   * runs) rather than per state transition ($25 per million); its steps run at least once, so its tasks must be
   * idempotent, and its history is in CloudWatch Logs. STANDARD: for work that waits (callbacks, human steps)
   * or runs longer, or needs each step exactly once.
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
    // EventBridge starts a workflow at least once whatever its type, so the billing task is idempotent anyway
    // (a conditional write per session); Express costs a twenty-fifth of Standard here.
    type: 'EXPRESS',
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
