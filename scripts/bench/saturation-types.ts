import type { LatencySummary } from '../simulator/stats.ts';

/** Message types of the throughput phase; Mix draws from the reference mix. */
export const saturationTypes = ['Heartbeat', 'StatusNotification', 'MeterValues', 'Mix'] as const;
export type SaturationType = (typeof saturationTypes)[number];

export interface SaturationResult {
  readonly answered: number;
  readonly callErrors: number;
  readonly failures: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly latency: LatencySummary;
  /** How long the server took afterwards to finish the work the messages started (workflows). */
  readonly settleSeconds: number;
}

export interface SaturationSummary {
  readonly chargers: number;
  readonly secondsPerType: number;
  readonly results: Partial<Record<SaturationType, SaturationResult>>;
}
