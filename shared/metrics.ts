/** A counter: its running total and its rate over the last interval. */
export interface Rate {
  total: number;
  perSecond: number;
}

/** One partition's progress: committed offset, high watermark and the lag between them. */
export interface PartitionProgress {
  topic: string;
  partition: number;
  /** Next offset to consume as committed by the group; null before the first commit. */
  committedOffset: number | null;
  highWatermark: number;
  lag: number;
  /** The group member that owns it, when known. */
  memberId?: string;
}

/** One member of the consumer group and what it owns. */
export interface GroupMember {
  memberId: string;
  clientId: string;
  clientHost: string;
  partitions: number[];
}

/** End-to-end latency percentiles (Kafka record timestamp → Cassandra acknowledgement), in milliseconds. */
export interface LatencyPercentiles {
  p50: number;
  p95: number;
  p99: number;
}

/**
 * Latencies of one interval counted into fixed buckets (milliseconds), so an exporter can add them up into a
 * Prometheus histogram: `counts[i]` is the samples at most `boundsMs[i]` and above the bound before; the last count is
 * the samples above every bound.
 */
export interface LatencyHistogram {
  boundsMs: number[];
  counts: number[];
  sumMs: number;
  count: number;
}

/** What the pipeline reports every metrics interval (1 s by default); history keeps an hour of these. */
export interface MetricsSnapshot {
  /** Epoch milliseconds when the snapshot was taken. */
  at: number;
  intervalMs: number;
  consumed: Rate;
  written: Rate;
  rejected: Rate;
  deadLettered: Rate;
  bytes: Rate;
  /** null while nothing was written in the interval. */
  latencyMs: LatencyPercentiles | null;
  /** Every end-to-end latency of the interval in buckets (absent in history written before it existed). */
  latencyHistogram?: LatencyHistogram;
  partitions: PartitionProgress[];
  totalLag: number;
  members: GroupMember[];
  inFlightWrites: number;
  /** Event-loop delay of the process running the pipeline, in milliseconds. */
  eventLoopLagMs: { p50: number; p99: number; max: number };
  memory: { rssBytes: number; heapUsedBytes: number };
  /**
   * Set when a monitor made this snapshot from the fleet's heartbeats instead of a pipeline of its own: rates and
   * totals are the live workers' sums, lag is the group's; no latency distribution (`latencyMs` null, the slowest
   * worker's p99 here), and the process figures (in-flight, event loop, memory) are zero.
   */
  fleet?: { workers: number; slowestP99Ms: number | null };
}
