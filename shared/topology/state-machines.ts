import { manifests } from './manifests.ts';
import type { StateMachineSpec } from './specs.ts';

export type { StateMachineSpec } from './specs.ts';
export { functionPlaceholder, placeholderPattern } from './specs.ts';

type StateMachinesOf<M> = M extends { stateMachines: infer S } ? keyof S & string : never;

export type StateMachineId = StateMachinesOf<(typeof manifests)[number]>;

/**
 * Amazon States Language definitions of every workflow, from the slices' manifests. A Task's `Resource` is
 * `${fn:<FunctionId>}`: the stack substitutes the function ARN (definitionSubstitutions), the local runtime runs
 * that function's handler in-process.
 */
export const stateMachines = Object.assign(
  {},
  ...manifests.map((m) => ('stateMachines' in m ? m.stateMachines : {})),
) as Record<StateMachineId, StateMachineSpec>;
