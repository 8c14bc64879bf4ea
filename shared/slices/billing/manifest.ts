import { eventSources, eventTypes } from '../../events/catalog.ts';
import { defineManifest } from '../../topology/manifest.ts';
import { functionPlaceholder, lambdaRetry, workflowTask } from '../../topology/specs.ts';

export const billingManifest = defineManifest({
  slice: 'billing',
  summary:
    'Tariffs (OCPI 2.2.1, versioned), the one pricing function, and the billing workflow: a finished transaction is recorded as awaiting pricing',
  routes: {
    tenant: [
      ['PUT', '/v1/tariffs/{tariffId}', 'putTariff'],
      ['GET', '/v1/tariffs', 'listTariffs'],
      ['GET', '/v1/tariffs/{tariffId}', 'getTariff'],
      ['DELETE', '/v1/tariffs/{tariffId}', 'deleteTariff'],
      ['POST', '/v1/tariffs/{tariffId}/price', 'priceTariff'],
    ],
  },
  functions: {
    'record-pending-billing': {
      entry: 'functions/record-pending-billing.ts',
      description: 'Billing workflow: records that a finished transaction awaits pricing',
      access: { tenantData: true },
      tracing: workflowTask,
      logLevel: 'INFO',
    },
  },
  stateMachines: {
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
