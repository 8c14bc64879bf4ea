import type { Schedule, ScheduleId } from '../shared/topology/schedules.ts';
import type { InvokeFunction } from './functions.ts';
import type { Logger } from './websocket-gateway.ts';

export interface LocalSchedulerOptions {
  readonly schedules: Readonly<Record<ScheduleId, Schedule>>;
  readonly invokeFunction: InvokeFunction;
  readonly logger: Logger;
  /**
   * Real milliseconds per scheduled minute; 0 runs nothing by itself (tests call `run`).
   * @default 60000
   */
  readonly msPerMinute?: number;
}

/**
 * What EventBridge's rate rules do on AWS: each schedule's function on an interval, with a scheduled event of the
 * same shape. A run still going when the next is due is not doubled. `run` triggers one now (tests).
 */
export const startLocalScheduler = (options: LocalSchedulerOptions) => {
  const msPerMinute = options.msPerMinute ?? 60_000;
  const running = new Map<ScheduleId, Promise<unknown>>();
  const run = (id: ScheduleId): Promise<unknown> => {
    const current = running.get(id);
    if (current) return current;
    const schedule = options.schedules[id];
    const started = options
      .invokeFunction(schedule.function, {
        source: 'aws.events',
        'detail-type': 'Scheduled Event',
        time: new Date().toISOString(),
        detail: {},
      })
      .finally(() => running.delete(id));
    running.set(id, started);
    return started;
  };
  const timers =
    msPerMinute > 0
      ? Object.entries(options.schedules).map(([id, schedule]) => {
          const timer = setInterval(
            () =>
              run(id as ScheduleId).catch((error: unknown) =>
                options.logger.error(`schedule ${id} failed`, error),
              ),
            schedule.rateMinutes * msPerMinute,
          );
          timer.unref();
          return timer;
        })
      : [];
  return {
    run,
    /** Resolves once the runs in flight have finished. */
    async settled(): Promise<void> {
      await Promise.allSettled([...running.values()]);
    },
    async close(): Promise<void> {
      for (const timer of timers) clearInterval(timer);
      await Promise.allSettled([...running.values()]);
    },
  };
};
