import { eventSources, eventTypes } from '../events/catalog.ts';
import type { StateMachineId } from './state-machines.ts';

/** An EventBridge event pattern in the wire format (`detail-type`, not CDK's `detailType`). */
export type EventPattern = { readonly [field: string]: readonly unknown[] | EventPattern };

export interface EventRule {
  readonly id: string;
  readonly description: string;
  readonly pattern: EventPattern;
  readonly target: { readonly stateMachine: StateMachineId };
}

export const eventBusName = 'csms';

export const eventRules: readonly EventRule[] = [
  {
    id: 'StartBillingOnTransactionEnded',
    description: 'A finished transaction starts the billing workflow',
    pattern: { source: [eventSources.ocpp], 'detail-type': [eventTypes.transactionEnded] },
    target: { stateMachine: 'billing' },
  },
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
];
