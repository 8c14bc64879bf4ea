import type { Clock } from '../shared/kernel/ports.ts';

/** The local runtime's clock: the handlers' `deps.clock`, and what the emulated delays (SQS) are due by. */
export interface LocalClock extends Clock {
  /** Hears of every jump of the time (`set`, `advance`), not of its flow; returns the unsubscribe. */
  onJump(listener: () => void): () => void;
}

/** Wall time. */
export const systemClock: LocalClock = { now: () => new Date(), onJump: () => () => undefined };

/**
 * A clock that runs with wall time from an offset tests can move: `advance(60_000)` makes a minute pass at
 * once (a command times out, a delayed SQS message comes due) while waits and polls keep working as usual.
 * Time never goes back: `set` to an earlier time is refused, as the handlers assume it only moves on.
 */
export class SettableClock implements LocalClock {
  #offsetMs = 0;
  readonly #listeners = new Set<() => void>();

  now(): Date {
    return new Date(Date.now() + this.#offsetMs);
  }

  advance(milliseconds: number): void {
    if (!(milliseconds >= 0)) throw new Error(`the clock only moves forward, not by ${milliseconds} ms`);
    this.#offsetMs += milliseconds;
    for (const listener of this.#listeners) listener();
  }

  set(at: Date | string): void {
    this.advance(new Date(at).getTime() - this.now().getTime());
  }

  onJump(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
