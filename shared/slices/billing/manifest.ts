import { eventSources, eventTypes } from '../../events/catalog.ts';
import { defineManifest } from '../../topology/manifest.ts';
import { functionPlaceholder, lambdaRetry, workflowTask } from '../../topology/specs.ts';

export const billingManifest = defineManifest({
  slice: 'billing',
  summary:
    'Tariffs (OCPI 2.2.1, versioned), the one pricing function, and the billing workflow: a finished session is priced and issued exactly one CDR per version (credit and rebill on corrections)',
  routes: {
    tenant: [
      ['PUT', '/v1/tariffs/{tariffId}', 'putTariff'],
      ['GET', '/v1/tariffs', 'listTariffs'],
      ['GET', '/v1/tariffs/{tariffId}', 'getTariff'],
      ['DELETE', '/v1/tariffs/{tariffId}', 'deleteTariff'],
      ['POST', '/v1/tariffs/{tariffId}/price', 'priceTariff'],
      ['GET', '/v1/cdrs', 'listCdrs'],
      ['GET', '/v1/cdrs/{cdrId}', 'getCdr'],
    ],
  },
  functions: {
    'bill-session': {
      entry: 'functions/bill-session.ts',
      description: 'Billing workflow: prices a finished session and issues its CDR, exactly once per version',
      access: { tenantData: true, publishEvents: true },
      tracing: workflowTask,
      logLevel: 'INFO',
    },
  },
  stateMachines: {
    billing: {
      description: 'Prices a finished session and issues its CDR (a credit and a new CDR after a correction)',
      /*
       * EXPRESS, not STANDARD. Exactly-once does not come from the workflow type: EventBridge starts a workflow at
       * least once whatever its type (a new execution name each time), a replayed or repeated TransactionEnded is
       * a new execution, and a Task's Lambda may run twice in a Standard workflow too (retries). It comes from the
       * billing ledger: one item per session whose conditional write (the next revision) decides what is issued,
       * and CDR items keyed by (session, version), written with attribute_not_exists. So Standard would buy
       * nothing and cost more: $25 per million state transitions against about $1 per million short Express runs.
       *
       * No Powertools Idempotency: it keys on a hash of the payload, so the duplicates that matter here — a
       * TransactionEnded replayed with another correlation id, a SessionCorrected for a version billed already, a
       * retried StopTransaction publishing a second event — would each get a key of their own; the business key
       * (session, version) in the ledger catches them all. It would also add an item write and read per run, hold
       * an in-progress lock that blocks the retry of a crashed run until it expires, and need keys outside the
       * tenant-first key builder (the tenant role's LeadingKeys condition would refuse them).
       *
       * Retries: a task error (a throttled table, a billing that lost its claim five times) is retried; it
       * finishes any half-done claim first, so a retry still issues one CDR. An invalid event is never retried.
       */
      type: 'EXPRESS',
      definition: {
        Comment: 'Billing: price the session’s latest version and issue its CDR exactly once',
        StartAt: 'BillSession',
        States: {
          BillSession: {
            Type: 'Task',
            Resource: functionPlaceholder('bill-session'),
            // The execution's id tells the task's own retries (which finish its claim) from a duplicate execution.
            Parameters: { 'detail.$': '$.detail', 'executionId.$': '$$.Execution.Id' },
            ResultPath: '$.billing',
            Retry: [
              ...lambdaRetry,
              { ErrorEquals: ['ZodError'], MaxAttempts: 0 },
              { ErrorEquals: ['States.TaskFailed'], IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2 },
            ],
            End: true,
          },
        },
      },
    },
  },
  eventRules: [
    {
      id: 'StartBillingOnTransactionEnded',
      description: 'A finished transaction, or a correction of one (a new session version), starts billing',
      pattern: {
        source: [eventSources.ocpp],
        'detail-type': [eventTypes.transactionEnded, eventTypes.sessionCorrected],
      },
      target: { stateMachine: 'billing' },
    },
  ],
});
