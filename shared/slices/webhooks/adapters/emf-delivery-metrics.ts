import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { webhookDeliveryMetrics } from '../model.ts';
import type { DeliveryMetrics } from '../ports.ts';

/**
 * Powertools Metrics: one Embedded Metric Format log line per outcome of a batch, which CloudWatch turns into
 * metrics without a PutMetricData call. Powertools adds the `service` dimension to each. Off where
 * `POWERTOOLS_METRICS_DISABLED` is true (the local runtime and the tests: there is no CloudWatch to read them).
 */
export const createEmfDeliveryMetrics = (): DeliveryMetrics => {
  const metrics = new Metrics({
    namespace: webhookDeliveryMetrics.namespace,
    serviceName: webhookDeliveryMetrics.service,
  });
  return {
    count(outcomes) {
      for (const outcome of webhookDeliveryMetrics.outcomes) {
        if (outcomes[outcome] === 0) continue;
        // A dimension applies to the whole line: one line per outcome (publishing clears it).
        metrics.addDimension(webhookDeliveryMetrics.dimension, outcome);
        metrics.addMetric(webhookDeliveryMetrics.metricName, MetricUnit.Count, outcomes[outcome]);
        metrics.publishStoredMetrics();
      }
    },
  };
};
