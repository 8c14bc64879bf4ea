import { manifests } from './manifests.ts';
import type { QueueId } from './queues.ts';
import type { EventRule as EventRuleSpec } from './specs.ts';
import type { StateMachineId } from './state-machines.ts';

export type { EventPattern } from './specs.ts';

/** A rule of a slice's manifest, its target checked against the workflows and queues the slices declare. */
export interface EventRule extends EventRuleSpec {
  readonly target: { readonly stateMachine: StateMachineId } | { readonly queue: QueueId };
}

export const eventBusName = 'csms';

/** Every EventBridge rule, from the slices' manifests; each starts one of the slices' workflows or feeds a queue. */
export const eventRules = manifests.flatMap((m): readonly EventRuleSpec[] =>
  'eventRules' in m ? m.eventRules : [],
) as readonly EventRule[];
