import type { PipelineErrorRecord } from '../../shared/errorRecord';
import type { Logger } from '../../shared/logger';
import type { MetricsSnapshot } from '../../shared/metrics';
import type { PipelineStatus } from '../../shared/pipelineState';
import type { Settings } from '../../shared/settings';
import type { UserRow } from '../../shared/user';
import type { SinkConnector } from './sinkConnector';
import type { DecodeFn } from './types';

/** A user the pipeline just wrote (the Core re-exports this shape as `RecentUser`). */
export interface IngestedUser {
  row: UserRow;
  /** Epoch milliseconds of the Cassandra acknowledgement. */
  writtenAt: number;
  partition: number;
  offset: string;
}

/** Where `resetOffsets` moves the group. */
export type OffsetReset = 'earliest' | 'latest' | { timestamp: number };

export interface PipelineOptions {
  settings: Settings;
  logger?: Logger;
  /** Error log and metrics history live here; omit to keep them in memory. */
  dataDir?: string;
  /** The message decoder; the shared `decodeUserEvent` by default. */
  decode?: DecodeFn;
  /** Where rows go; Cassandra by default. Unit tests pass a fake of `SinkConnector`. */
  connectSink?: SinkConnector;
  /** How often the commit watermark is committed (ms). */
  commitIntervalMs?: number;
  recentUsersCapacity?: number;
  errorLogCapacity?: number;
  /** Byte budget of the error log's file (default 64 MiB, `ERROR_LOG_MAX_BYTES`). */
  errorLogMaxBytes?: number;
  /** How long `stop()` waits for in-flight writes before abandoning them to the next run (they are replayed). */
  drainTimeoutMs?: number;
}

export interface PipelineEvents {
  status: PipelineStatus;
  metrics: MetricsSnapshot;
  user: IngestedUser;
  error: PipelineErrorRecord;
}

/** The Kafka → Cassandra engine: what the Core (and through it, the app and the CLI) steers. */
export interface Pipeline {
  status(): PipelineStatus;
  /** Connects and runs; resolves once consuming, rejects on a fatal problem (the status then says `error`). */
  start(): Promise<void>;
  /** Graceful: stops fetching, finishes in-flight writes, commits, disconnects. Idempotent. */
  stop(): Promise<void>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  /** Moves the group's committed offsets; a running pipeline stops for it and starts again. */
  resetOffsets(options: { to: OffsetReset }): Promise<void>;
  metricsHistory(): MetricsSnapshot[];
  recentUsers(): IngestedUser[];
  listErrors(query?: { reason?: string; limit?: number }): PipelineErrorRecord[];
  getError(id: string): PipelineErrorRecord | undefined;
  on<E extends keyof PipelineEvents>(event: E, listener: (payload: PipelineEvents[E]) => void): () => void;
  /** Stops, then closes the error log and history files. */
  close(): Promise<void>;
}
