import type { LatencyHistogram, LatencyPercentiles } from '../../shared/metrics';
import { createLatencyBuckets } from './latencyBuckets';

/**
 * Collects end-to-end latencies for one metrics interval and reports p50/p95/p99. Beyond `capacity` samples it keeps a
 * uniform reservoir, so memory stays fixed at any throughput.
 */
export interface LatencyRecorder {
  record(ms: number): void;
  /** Percentiles of the samples since the last take, then starts afresh; null when there were none. */
  take(): LatencyPercentiles | null;
  /** Every sample since the last call in fixed buckets (the reservoir above keeps only some at high rates). */
  takeHistogram(): LatencyHistogram;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function createLatencyRecorder(capacity = 16_384, random: () => number = Math.random): LatencyRecorder {
  const samples = new Float64Array(capacity);
  let seen = 0;
  const buckets = createLatencyBuckets();
  return {
    record(ms) {
      const value = ms < 0 ? 0 : ms; // clocks of producer and pipeline may disagree slightly
      buckets.observe(value);
      if (seen < capacity) samples[seen] = value;
      else {
        const j = Math.floor(random() * (seen + 1));
        if (j < capacity) samples[j] = value;
      }
      seen++;
    },
    take() {
      if (seen === 0) return null;
      const sorted = samples.slice(0, Math.min(seen, capacity)).sort();
      seen = 0;
      return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) };
    },
    takeHistogram: () => buckets.take(),
  };
}
