import type { Timer } from '../../../shared/kernel/ports.ts';
import type { FixedClock } from './clock.ts';

/**
 * Sleeping moves the clock instead of waiting, so tests of polling run instantly and deterministically; it
 * still yields to the event loop, so work started meanwhile (e.g. a simulated answer) gets to run.
 */
export const createClockTimer = (clock: FixedClock): Timer => ({
  async sleep(milliseconds) {
    clock.advance(milliseconds);
    await new Promise<void>((resolve) => setImmediate(resolve));
  },
});
