/**
 * How the workflows are observed, as `EventWorkflows` deploys them by default. Plain data without CDK imports:
 * the cost model prices these same facts (scripts/cost/).
 */
export const workflowObservability = {
  /**
   * X-Ray on every state machine. Step Functions samples by the account's X-Ray sampling rules (the default
   * rule: 1 execution a second and 5 % of the rest, shared by all that use it) and its Lambda tasks join the
   * sampled traces. The reservoir is most of it: about 2.6 million traces, $13 a month, once the workflows run
   * more than once a second (at 10,000 chargers about $0.0013 per charger-month, less per charger beyond).
   * Kept for the end-to-end view of billing; `npm run cost` prints the what-if without it.
   */
  tracing: true,
  /** Execution history in CloudWatch Logs: every state transition (the only history Express keeps). */
  logLevel: 'ALL',
  /** Inputs and outputs stay out of the logs: they are the bulk of the bytes and may carry id tokens. */
  includeExecutionData: false,
} as const;
