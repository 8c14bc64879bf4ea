import { eventSources, eventTypes } from '../../events/catalog.ts';
import { defineManifest } from '../../topology/manifest.ts';
import { functionPlaceholder, lambdaRetry, workflowTask } from '../../topology/specs.ts';

export const smartChargingManifest = defineManifest({
  slice: 'smart-charging',
  summary:
    "The load-balancing workflow: a managed site's allocation, applied to its chargers (reductions first), one run at a time per site; " +
    'what OCPP 2.0.1 chargers say of smart charging (EV charging needs and schedules, external limits, reported profiles), per EVSE',
  ocpp: {
    'ocpp2.0.1': [
      'NotifyEVChargingNeeds',
      'NotifyEVChargingSchedule',
      'NotifyChargingLimit',
      'ClearedChargingLimit',
      'ReportChargingProfiles',
    ],
  },
  routes: {
    tenant: [['GET', '/v1/chargers/{chargerId}/smart-charging', 'getChargerSmartCharging']],
  },
  events: [
    'evChargingNeedsNotified',
    'evChargingScheduleNotified',
    'chargingLimitNotified',
    'chargingLimitCleared',
    'chargingProfilesReported',
  ],
  functions: {
    'check-site-managed': {
      entry: 'functions/check-site-managed.ts',
      description:
        'Load-balancing workflow: whether the site is under load management (stops for an unmanaged site)',
      access: { tenantData: true },
      tracing: workflowTask,
      logLevel: 'INFO',
    },
    'balance-site': {
      entry: 'functions/balance-site.ts',
      description:
        'Load-balancing workflow: allocates a managed site and sends the TxProfiles, reductions before increases',
      access: { tenantData: true, publishEvents: true, manageConnections: ['POST'], scheduleCallQueue: true },
      tracing: workflowTask,
      logLevel: 'INFO',
      // Waits for the chargers' answers (at most 20 s each, reductions then increases, two rounds); stays well
      // within the site lock's lease (runLeaseSeconds, 240 s), so two runs of a site never overlap.
      timeoutSeconds: 120,
    },
  },
  stateMachines: {
    loadBalancing: {
      description: "Re-balances a site's power between its charging sessions",
      /*
       * EXPRESS: a run takes seconds to a minute and is started at least once per trigger. One run at a time per
       * site comes from the site's run lock (LOADRUN: a trigger counter and a leased lock, conditional writes), not
       * from the workflow type: every execution bumps the counter; the one holding the lock re-runs until no
       * trigger came in meanwhile, the others end at once ("superseded"). Tasks are idempotent: a retried task
       * re-takes its own lock (same execution id) and balances from the state the chargers last accepted.
       */
      type: 'EXPRESS',
      definition: {
        Comment:
          'Load balancing: stop for an unmanaged site; otherwise allocate and apply, one run at a time per site',
        StartAt: 'CheckSiteManaged',
        States: {
          CheckSiteManaged: {
            Type: 'Task',
            Resource: functionPlaceholder('check-site-managed'),
            InputPath: '$.detail',
            ResultPath: '$.site',
            Retry: lambdaRetry,
            Next: 'Managed',
          },
          Managed: {
            Type: 'Choice',
            Choices: [
              {
                And: [
                  { Variable: '$.site.managed', IsPresent: true },
                  { Variable: '$.site.managed', BooleanEquals: true },
                ],
                Next: 'BalanceSite',
              },
              // Turned off: one run clears the allocations (the TxProfiles lapse with their lease).
              {
                And: [
                  { Variable: '$.detail.change', IsPresent: true },
                  { Variable: '$.detail.change', StringEquals: 'removed' },
                ],
                Next: 'BalanceSite',
              },
            ],
            Default: 'Done',
          },
          BalanceSite: {
            Type: 'Task',
            Resource: functionPlaceholder('balance-site'),
            Parameters: { 'detail.$': '$.detail', 'executionId.$': '$$.Execution.Id' },
            ResultPath: '$.balance',
            Retry: [
              ...lambdaRetry,
              { ErrorEquals: ['ZodError'], MaxAttempts: 0 },
              { ErrorEquals: ['States.TaskFailed'], IntervalSeconds: 2, MaxAttempts: 2, BackoffRate: 2 },
            ],
            Next: 'Again',
          },
          Again: {
            Type: 'Choice',
            Choices: [{ Variable: '$.balance.outcome', StringEquals: 'again', Next: 'BalanceSite' }],
            Default: 'Done',
          },
          Done: { Type: 'Succeed' },
        },
      },
    },
  },
  eventRules: [
    {
      id: 'StartLoadBalancingOnChargerChange',
      // Not on ChargerConnected: every charger reconnects every 2 hours (API Gateway's cap) without any change
      // in power demand. Not on ChargerBooted either: a boot installs the charger's fail-safe default itself,
      // and the connector states a charger reports after each boot are what may change demand (a session cut
      // by the reboot); a boot storm would otherwise start one run per charger for nothing.
      description: 'A charger of a load-managed site whose connector status changes re-balances the site',
      pattern: {
        source: [eventSources.ocpp],
        'detail-type': [eventTypes.connectorStatusChanged],
        // Sites without load management start nothing: each run of theirs would only read that they have none.
        detail: { siteId: [{ exists: true }], loadManaged: [true] },
      },
      target: { stateMachine: 'loadBalancing' },
    },
    {
      id: 'StartLoadBalancingOnSession',
      // TransactionUpdated is sampled (at most one per session per TRANSACTION_UPDATED_INTERVAL_SECONDS): it is
      // what measures under-use (Current.Import) and renews the TxProfiles' leases while a session runs. An EV's
      // charging needs (departure, energy) change its session's urgency.
      description:
        'A session of a load-managed site that starts, ends, reports meter values (under-use, lease renewal) or its EV charging needs re-balances it',
      pattern: {
        source: [eventSources.ocpp],
        'detail-type': [
          eventTypes.transactionStarted,
          eventTypes.transactionEnded,
          eventTypes.transactionUpdated,
          eventTypes.evChargingNeedsNotified,
        ],
        detail: { siteId: [{ exists: true }], loadManaged: [true] },
      },
      target: { stateMachine: 'loadBalancing' },
    },
    {
      id: 'StartLoadBalancingOnLimitChange',
      description: "A site's limits or a charger's wiring changed through the API: the site is re-balanced",
      pattern: {
        source: [eventSources.api],
        'detail-type': [eventTypes.loadManagementChanged],
      },
      target: { stateMachine: 'loadBalancing' },
    },
  ],
});
