/**
 * How the workflows are observed, as `EventWorkflows` deploys them by default. Plain data without CDK imports:
 * the cost model prices these same facts (scripts/cost/).
 */
export const workflowObservability = {
  /**
   * No X-Ray on the state machines by default. Step Functions samples by the account's X-Ray sampling rules (the
   * default rule: 1 execution a second and 5 % of the rest) and its reservoir is most of the bill: about 2.6
   * million traces, $13 a month, once the workflows run more than once a second (at 10,000 chargers about
   * $0.0013 per charger-month, a quarter of what all other observability costs). Each workflow is one task
   * today and its history is in the logs (below); turn tracing on with `EventWorkflows`' `tracingEnabled` when
   * the workflows grow or for debugging: the tasks (PassThrough) then join the traces.
   */
  tracing: false,
  /**
   * Execution history in CloudWatch Logs (the only history Express keeps): failed executions only. Each workflow
   * is one Task whose outcome is already kept where it is used (the billing record and its event, the charging
   * profiles it sends), and an event the rules could not deliver lands in the dead-letter queue; ERROR logs every
   * failed, timed-out or aborted execution with its error and cause, which is what one debugs. Every transition
   * of every successful run (level ALL, `EventWorkflows`' `logLevel`) cost about $0.0004 per charger-month at
   * 10,000 chargers, as much as the workflows themselves.
   */
  logLevel: 'ERROR',
  /** Inputs and outputs stay out of the logs: they are the bulk of the bytes and may carry id tokens. */
  includeExecutionData: false,
} as const;
