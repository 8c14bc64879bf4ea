import type { FunctionId } from './functions.ts';
import { manifests } from './manifests.ts';
import type { ScheduleSpec } from './specs.ts';

export type { ScheduleSpec } from './specs.ts';

/** A schedule of a slice's manifest, its function checked against the topology's functions. */
export interface Schedule extends ScheduleSpec {
  readonly function: FunctionId;
}

type SchedulesOf<M> = M extends { schedules: infer S } ? keyof S & string : never;
export type ScheduleId = SchedulesOf<(typeof manifests)[number]>;

/** Every schedule, from the slices' manifests: the stack makes each an EventBridge rate rule, locally an interval. */
export const schedules = Object.assign(
  {},
  ...manifests.map((m) => ('schedules' in m ? m.schedules : {})),
) as Record<ScheduleId, Schedule>;
