import type { Clock } from '../../../shared/kernel/ports.ts';

export interface FixedClock extends Clock {
  set(at: Date | string): void;
  advance(milliseconds: number): void;
}

/** A clock that stands still until told otherwise. */
export const createFixedClock = (at: Date | string = '2024-05-01T12:00:00.000Z'): FixedClock => {
  let current = new Date(at).getTime();
  return {
    now: () => new Date(current),
    set(next) {
      current = new Date(next).getTime();
    },
    advance(milliseconds) {
      current += milliseconds;
    },
  };
};
