import type { Metric } from 'prom-client';
import type { LatencyHistogram } from '../../../shared/metrics';

/**
 * A Prometheus histogram fed with bucket counts already taken elsewhere (the pipeline counts per message, cheaply;
 * prom-client's Histogram only takes one observation at a time). It answers the registry the way prom-client's own
 * metrics do: `get()` with `_bucket`, `_sum` and `_count` values.
 */
export interface BucketHistogram {
  /** Adds one interval's counts (milliseconds) to the running totals, exported in seconds. */
  add(histogram: LatencyHistogram): void;
  /** For `registry.registerMetric`. */
  metric: Metric;
}

/** Creates the histogram `name` (seconds) over the bounds of the first counts added. */
export function createBucketHistogram(name: string, help: string): BucketHistogram {
  let boundsMs: number[] = [];
  let cumulative: number[] = [];
  let sumMs = 0;
  let count = 0;
  const shape = {
    name,
    help,
    type: 'histogram' as const,
    aggregator: 'sum' as const,
    collect: () => undefined,
    reset() {
      cumulative = cumulative.map(() => 0);
      sumMs = 0;
      count = 0;
    },
    async get() {
      const values: { metricName: string; labels: Record<string, string | number>; value: number }[] = boundsMs.map(
        (le, i) => ({
        metricName: `${name}_bucket`,
        labels: { le: le / 1000 },
          value: cumulative.slice(0, i + 1).reduce((a, b) => a + b, 0),
        }),
      );
      values.push({ metricName: `${name}_bucket`, labels: { le: '+Inf' }, value: count });
      values.push({ metricName: `${name}_sum`, labels: {}, value: sumMs / 1000 });
      values.push({ metricName: `${name}_count`, labels: {}, value: count });
      return { name, help, type: shape.type, aggregator: shape.aggregator, collect: shape.collect, values };
    },
  };
  return {
    add(h) {
      if (boundsMs.length === 0) {
        boundsMs = [...h.boundsMs];
        cumulative = new Array<number>(h.counts.length).fill(0);
      }
      h.counts.forEach((c, i) => {
        if (i < cumulative.length) cumulative[i] = (cumulative[i] ?? 0) + c;
      });
      sumMs += h.sumMs;
      count += h.count;
    },
    // prom-client types a registered metric as one of its own classes; the registry only calls what `shape` has.
    metric: shape as unknown as Metric,
  };
}
