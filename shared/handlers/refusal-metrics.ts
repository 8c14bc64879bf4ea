import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { AuthError } from '../http/principal-context.ts';

/** Refused API authentications of one interval, by reason. */
export type RefusalCounts = Readonly<Record<AuthError, number>>;

/** Where the counts go: one EMF line per interval (CloudWatch metrics `Csms/ApiAuthRefused*`). */
export type PublishRefusals = (counts: RefusalCounts) => void;

const metricNames: Record<AuthError, string> = {
  missing: 'ApiAuthRefusedMissingKey',
  invalid: 'ApiAuthRefusedInvalidKey',
  throttled: 'ApiAuthRefusedThrottled',
};

/** Where the dashboard finds them: Powertools adds the `service` dimension to every metric it publishes. */
export const apiAuthRefusalMetrics = {
  namespace: 'Csms',
  service: 'api-authorizer',
  metricNames,
} as const;

/** Powertools Metrics: an Embedded Metric Format log line, which CloudWatch turns into metrics without a call. */
export const publishRefusalsAsEmf = (): PublishRefusals => {
  const metrics = new Metrics({
    namespace: apiAuthRefusalMetrics.namespace,
    serviceName: apiAuthRefusalMetrics.service,
  });
  return (counts) => {
    for (const reason of Object.keys(metricNames) as AuthError[])
      if (counts[reason] > 0) metrics.addMetric(metricNames[reason], MetricUnit.Count, counts[reason]);
    metrics.publishStoredMetrics();
  };
};

/**
 * Counts refusals and publishes them at most once per interval, when the first refusal after it comes: a flood
 * of bad keys is one metric line a minute, not one log line per request. What a container counted after its
 * last publication is lost when it is recycled; the metric is a trend, not a ledger.
 */
export const createRefusalCounter = (publish: PublishRefusals, intervalSeconds = 60) => {
  let counts: Record<AuthError, number> = { missing: 0, invalid: 0, throttled: 0 };
  let since: number | undefined;
  return {
    count(reason: AuthError, nowMs: number): void {
      since ??= nowMs;
      counts[reason] += 1;
      if (nowMs - since < intervalSeconds * 1000) return;
      const published = counts;
      counts = { missing: 0, invalid: 0, throttled: 0 };
      since = nowMs;
      publish(published);
    },
  };
};

export type RefusalCounter = ReturnType<typeof createRefusalCounter>;
