import { eventSources, eventTypes } from '../../events/catalog.ts';
import { defineManifest } from '../../topology/manifest.ts';
import { functionPlaceholder, lambdaRetry, workflowTask } from '../../topology/specs.ts';

export const smartChargingManifest = defineManifest({
  slice: 'smart-charging',
  summary: "The load-balancing workflow: a site's online chargers and their connector states",
  functions: {
    'load-site-chargers': {
      entry: 'functions/load-site-chargers.ts',
      description: 'Load-balancing workflow: loads the active chargers of a site',
      access: { tenantData: true },
      tracing: workflowTask,
      logLevel: 'INFO',
    },
  },
  stateMachines: {
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
  },
  eventRules: [
    {
      id: 'StartLoadBalancingOnChargerChange',
      // Not on ChargerConnected: every charger reconnects every 2 hours (API Gateway's cap) without any change
      // in power demand; a boot or a connector status change is what changes it.
      description: 'A charger of a site that boots or changes connector status re-balances the site',
      pattern: {
        source: [eventSources.ocpp],
        'detail-type': [eventTypes.chargerBooted, eventTypes.connectorStatusChanged],
        detail: { siteId: [{ exists: true }] },
      },
      target: { stateMachine: 'loadBalancing' },
    },
  ],
});
