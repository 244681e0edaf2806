import { z } from 'zod';
import { PIPELINE_STATES } from './pipelineState';

/** The compacted topic every `userstream run` publishes its heartbeat to, keyed by worker id. */
export const WORKERS_TOPIC = 'userstream.workers';

/** How often a worker publishes (ms); a monitor calls it stale after three missed ones. */
export const HEARTBEAT_INTERVAL_MS = 3_000;

/**
 * One heartbeat: the value of a record on `userstream.workers` whose key is the worker id (a tombstone, a null value,
 * says the worker stopped cleanly). Documented in docs/workers.md; extra keys are ignored so old monitors keep
 * reading newer workers.
 */
export const workerHeartbeatSchema = z.object({
  /** Stable across restarts of the same data dir (`<data dir>/worker-id`). */
  workerId: z.string().min(1).max(200),
  /** The Kafka client id the worker's consumer uses: how a monitor finds it among the group's members. */
  clientId: z.string().max(400),
  host: z.string().max(400),
  pid: z.number().int().nonnegative(),
  version: z.string().max(100),
  state: z.enum(PIPELINE_STATES),
  topic: z.string().max(400),
  groupId: z.string().max(400),
  /** Partitions of `topic` assigned to this worker, as the group last reported them. */
  partitions: z.array(z.number().int().nonnegative()),
  /** Messages per second over the last metrics interval. */
  rates: z.object({ consumed: z.number(), written: z.number(), rejected: z.number() }),
  /** Since the worker started. */
  totals: z.object({ written: z.number(), rejected: z.number(), deadLettered: z.number() }),
  /** Lag of each of this worker's partitions. */
  lag: z.array(z.object({ partition: z.number().int().nonnegative(), lag: z.number().nonnegative() })),
  /** End-to-end p99 of the last interval with writes, in ms; null before the first write. */
  p99Ms: z.number().nullable(),
  /** The last reason the pipeline gave for not running (an outage, a fatal error); null if none yet. */
  lastError: z.string().max(2_000).nullable(),
  /** Epoch milliseconds when it was sent. */
  at: z.number(),
  /** The interval the worker publishes at, so a monitor knows when it is late. */
  intervalMs: z.number().positive(),
});

/** A worker's heartbeat (see `workerHeartbeatSchema`). */
export type WorkerHeartbeat = z.infer<typeof workerHeartbeatSchema>;

/** Parses a heartbeat record's value; null for a tombstone or anything that is not a heartbeat. */
export function parseHeartbeat(value: string | null): WorkerHeartbeat | null {
  if (value === null) return null;
  try {
    const parsed = workerHeartbeatSchema.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
