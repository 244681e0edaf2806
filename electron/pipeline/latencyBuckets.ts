import type { LatencyHistogram } from '../../shared/metrics';

/** Bucket bounds (ms) for end-to-end and write latencies: 1 ms to 30 s, roughly ×2.5 apart. */
export const LATENCY_BOUNDS_MS: readonly number[] = [
  1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000,
];

/**
 * Counts latencies into fixed buckets: a short scan and an increment per sample, cheap enough for every message
 * (prom-client's own `observe` costs about a microsecond, too much at tens of thousands a second).
 */
export interface LatencyBuckets {
  observe(ms: number): void;
  /** The counts since the last take, then starts afresh. */
  take(): LatencyHistogram;
}

/** Creates bucket counters over `boundsMs` (ascending). */
export function createLatencyBuckets(boundsMs: readonly number[] = LATENCY_BOUNDS_MS): LatencyBuckets {
  const bounds = Float64Array.from(boundsMs);
  let counts = new Float64Array(bounds.length + 1);
  let sum = 0;
  let count = 0;
  return {
    observe(ms) {
      let i = 0;
      while (i < bounds.length && ms > bounds[i]!) i++;
      counts[i]!++;
      sum += ms;
      count++;
    },
    take() {
      const taken: LatencyHistogram = { boundsMs: [...boundsMs], counts: Array.from(counts), sumMs: sum, count };
      counts = new Float64Array(bounds.length + 1);
      sum = 0;
      count = 0;
      return taken;
    },
  };
}
