import type { LatencyBuckets } from './latencyBuckets';
import type { SinkConnector } from './sinkConnector';

/**
 * Wraps a sink connector so every acknowledged row's write time (handed to the sink → acknowledged, batching
 * included) is counted into `buckets`; failed writes are not latencies and are left out.
 */
export function timeSinkWrites(connect: SinkConnector, buckets: LatencyBuckets): SinkConnector {
  return async (settings) => {
    const connection = await connect(settings);
    const inner = connection.sink;
    return {
      ...connection,
      sink: {
        write(row, done) {
          const started = performance.now();
          inner.write(row, (error) => {
            if (error === undefined) buckets.observe(performance.now() - started);
            done(error);
          });
        },
      },
    };
  };
}
