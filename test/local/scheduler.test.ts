import { describe, expect, it } from 'vitest';
import { startLocalScheduler } from '../../local/scheduler.ts';
import type { Schedule, ScheduleId } from '../../shared/topology/schedules.ts';

const schedules = {
  sweepSilentChargers: {
    description: 'test schedule',
    function: 'sweep-silent-chargers',
    rateMinutes: 2,
    why: 'test',
  },
} as Record<ScheduleId, Schedule>;
const quiet = { info: () => undefined, error: () => undefined };
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('local scheduler', () => {
  it('invokes each schedule’s function at its rate with a scheduled event', async () => {
    // Prepare
    const calls: { id: string; event: Record<string, unknown> }[] = [];
    const scheduler = startLocalScheduler({
      schedules,
      invokeFunction: async (id, event) => {
        calls.push({ id, event: event as Record<string, unknown> });
      },
      logger: quiet,
      msPerMinute: 10,
    });
    // Act: 2 minutes of 10 ms: a run every 20 ms.
    await wait(110);
    await scheduler.close();
    const afterClose = calls.length;
    await wait(50);
    // Assess
    expect(afterClose).toBeGreaterThanOrEqual(3);
    expect(calls.length).toBe(afterClose);
    expect(calls[0]).toEqual({
      id: 'sweep-silent-chargers',
      event: expect.objectContaining({ source: 'aws.events', 'detail-type': 'Scheduled Event' }),
    });
  });

  it('runs nothing by itself at 0 ms per minute; run() runs once, never twice at a time', async () => {
    // Prepare
    let runs = 0;
    let release: () => void = () => undefined;
    const scheduler = startLocalScheduler({
      schedules,
      invokeFunction: async () => {
        runs += 1;
        await new Promise<void>((resolve) => {
          release = resolve;
        });
      },
      logger: quiet,
      msPerMinute: 0,
    });
    await wait(30);
    const idle = runs;
    // Act
    const first = scheduler.run('sweepSilentChargers');
    const second = scheduler.run('sweepSilentChargers');
    release();
    await Promise.all([first, second]);
    await scheduler.close();
    // Assess
    expect(idle).toBe(0);
    expect(second).toBe(first);
    expect(runs).toBe(1);
  });
});
