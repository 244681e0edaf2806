import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { GroupMember, MetricsSnapshot, PartitionProgress } from '../../shared/metrics';
import type { LatencyRecorder } from './latencyRecorder';
import type { IngestCounters } from './types';

export interface MetricsCollectorOptions {
  counters: IngestCounters;
  latency: LatencyRecorder;
  inFlight(): number;
  /** The latest group progress (refreshed elsewhere, off the snapshot's path). */
  progress(): { partitions: PartitionProgress[]; members: GroupMember[] };
  now?: () => number;
}

/** Turns running totals into one `MetricsSnapshot` per call: rates over the time since the previous call. */
export function createMetricsCollector(options: MetricsCollectorOptions): {
  snapshot(): MetricsSnapshot;
  close(): void;
} {
  const now = options.now ?? Date.now;
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  let lastAt = now();
  let last = { ...options.counters };
  const rate = (total: number, before: number, seconds: number) => ({
    total,
    perSecond: seconds > 0 ? Math.round(((total - before) / seconds) * 10) / 10 : 0,
  });
  const ms = (ns: number) => Math.round((ns / 1e6) * 100) / 100;
  return {
    snapshot() {
      const at = now();
      const seconds = (at - lastAt) / 1000;
      const c = options.counters;
      const { partitions, members } = options.progress();
      const memory = process.memoryUsage();
      const snapshot: MetricsSnapshot = {
        at,
        intervalMs: at - lastAt,
        consumed: rate(c.consumed, last.consumed, seconds),
        written: rate(c.written, last.written, seconds),
        rejected: rate(c.rejected, last.rejected, seconds),
        deadLettered: rate(c.deadLettered, last.deadLettered, seconds),
        bytes: rate(c.bytes, last.bytes, seconds),
        latencyMs: options.latency.take(),
        latencyHistogram: options.latency.takeHistogram(),
        partitions,
        totalLag: partitions.reduce((sum, p) => sum + p.lag, 0),
        members,
        inFlightWrites: options.inFlight(),
        eventLoopLagMs: {
          p50: ms(loop.percentile(50)),
          p99: ms(loop.percentile(99)),
          max: ms(loop.max),
        },
        memory: { rssBytes: memory.rss, heapUsedBytes: memory.heapUsed },
      };
      loop.reset();
      lastAt = at;
      last = { ...c };
      return snapshot;
    },
    close() {
      loop.disable();
    },
  };
}
