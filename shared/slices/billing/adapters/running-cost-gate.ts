import { setRecentlyUsed } from '../../../adapters/recently-used.ts';
import type { RunningCostGate } from '../ports.ts';

/** Sessions a container keeps track of: a few per connected charger served, bounded however long it lives. */
export const defaultRunningCostGateSize = 10_000;

/**
 * Lets a session's sample be priced when it is at least `intervalSeconds` (by the charger's clock) after the
 * last one priced; 0 prices none (running cost off). The memory is per process, i.e. per Lambda container: with
 * K warm containers a session is priced up to K times per interval. Least recently used sessions are forgotten
 * first (a forgotten session's next sample is priced).
 */
export const createRunningCostGate = (
  intervalSeconds: number,
  capacity = defaultRunningCostGateSize,
): RunningCostGate => {
  const intervalMs = intervalSeconds * 1000;
  const lastPriced = new Map<string, number>();
  return {
    due(sessionId, at) {
      if (intervalMs <= 0) return false;
      const time = Date.parse(at);
      if (Number.isNaN(time)) return false;
      const last = lastPriced.get(sessionId);
      // Not before the last one either: a sample delivered late would show an older cost.
      if (last !== undefined && time < last + intervalMs) return false;
      setRecentlyUsed(lastPriced, sessionId, time, capacity);
      return true;
    },
  };
};
