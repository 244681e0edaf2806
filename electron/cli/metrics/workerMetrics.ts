import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { MetricsSnapshot } from '../../../shared/metrics';
import type { LatencyBuckets } from '../../pipeline';
import { createBucketHistogram } from './bucketHistogram';

/** A worker's Prometheus registry, fed from the pipeline's metrics snapshots (one a second), never per message. */
export interface WorkerMetrics {
  registry: Registry;
  /** Takes one snapshot: counters move by its totals' growth, gauges take its values, histograms add its buckets. */
  observe(snapshot: MetricsSnapshot): void;
}

const COUNTERS = [
  ['consumed', 'Messages read from the source topic.'],
  ['written', 'Users written to Cassandra (acknowledged).'],
  ['rejected', 'Messages rejected (kept in the error log).'],
  ['deadLettered', 'Rejected messages produced to the dead-letter topic.'],
] as const;

const counterName = (key: string) => `userstream_${key === 'deadLettered' ? 'dead_lettered' : key}_total`;

/** Builds the registry: the four counters, lag and in-flight gauges, both latency histograms, process metrics. */
export function createWorkerMetrics(options: { writeLatency: LatencyBuckets }): WorkerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const counters = COUNTERS.map(
    ([key, help]) => [key, new Counter({ name: counterName(key), help, registers: [registry] })] as const,
  );
  const lag = new Gauge({
    name: 'userstream_partition_lag',
    help: "Messages between the group's committed offset and the high watermark, per partition.",
    labelNames: ['topic', 'partition'] as const,
    registers: [registry],
  });
  const inFlight = new Gauge({
    name: 'userstream_in_flight_writes',
    help: 'Writes sent to Cassandra and not yet acknowledged.',
    registers: [registry],
  });
  const endToEnd = createBucketHistogram(
    'userstream_end_to_end_latency_seconds',
    'Kafka record timestamp to Cassandra acknowledgement.',
  );
  const write = createBucketHistogram(
    'userstream_write_latency_seconds',
    'Row handed to the Cassandra writer to acknowledged (batching included).',
  );
  registry.registerMetric(endToEnd.metric);
  registry.registerMetric(write.metric);
  // The pipeline's totals restart from zero when it is rebuilt (a settings change); a counter must never go down.
  const last = new Map<string, number>();
  return {
    registry,
    observe(snapshot) {
      for (const [key, counter] of counters) {
        const total = snapshot[key].total;
        const before = last.get(key) ?? 0;
        const grown = total >= before ? total - before : total;
        if (grown > 0) counter.inc(grown);
        last.set(key, total);
      }
      lag.reset();
      for (const p of snapshot.partitions) lag.set({ topic: p.topic, partition: String(p.partition) }, p.lag);
      inFlight.set(snapshot.inFlightWrites);
      if (snapshot.latencyHistogram) endToEnd.add(snapshot.latencyHistogram);
      write.add(options.writeLatency.take());
    },
  };
}
