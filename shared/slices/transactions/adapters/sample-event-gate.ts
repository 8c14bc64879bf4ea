import { setRecentlyUsed } from '../../../adapters/recently-used.ts';
import type { SampleEventGate } from '../ports.ts';

/** Sessions a container keeps track of: a few per connected charger served, bounded however long it lives. */
export const defaultSampleEventGateSize = 10_000;

/**
 * Lets a session's periodic sample through when it is at least `intervalSeconds` (by the charger's clock)
 * after the last one let through; 0 lets every sample through. The memory is per process, i.e. per Lambda
 * container: with K warm containers a session gets up to K events per interval. Least recently used sessions
 * are forgotten first (a forgotten session's next sample is let through).
 */
export const createSampleEventGate = (
  intervalSeconds: number,
  capacity = defaultSampleEventGateSize,
): SampleEventGate => {
  const intervalMs = intervalSeconds * 1000;
  const lastLetThrough = new Map<string, number>();
  return {
    due(sessionId, at) {
      if (intervalMs <= 0) return true;
      const time = Date.parse(at);
      const last = lastLetThrough.get(sessionId);
      // Not before the last one either: a sample delivered late would report older figures.
      if (last !== undefined && time < last + intervalMs) return false;
      setRecentlyUsed(lastLetThrough, sessionId, time, capacity);
      return true;
    },
  };
};
