import { hostname } from 'node:os';
import type { Producer } from 'kafkajs';
import type { Logger } from '../../shared/logger';
import type { MetricsSnapshot } from '../../shared/metrics';
import type { PipelineStatus } from '../../shared/pipelineState';
import type { Settings } from '../../shared/settings';
import { HEARTBEAT_INTERVAL_MS, WORKERS_TOPIC, type WorkerHeartbeat } from '../../shared/workerHeartbeat';
import { createKafkaClient } from '../pipeline';

/** Options of `startHeartbeatPublisher`. */
export interface HeartbeatPublisherOptions {
  /** The cluster the worker consumes from (its addresses as the engine uses them). */
  kafka: Settings['kafka'];
  workerId: string;
  version: string;
  status(): PipelineStatus;
  /** The latest metrics snapshot, null before the first. */
  metrics(): MetricsSnapshot | null;
  logger: Logger;
  intervalMs?: number;
  topic?: string;
  /** While sends keep failing, one warning per this many ms (default 60 s), counting the failures in between. */
  warnEveryMs?: number;
  /** The clock the warnings are spaced by (tests). */
  now?(): number;
}

/** A running publisher; `close()` sends the tombstone and disconnects. */
export interface HeartbeatPublisher {
  /** Publishes one heartbeat now (tests, and the first one right after start). */
  beat(): Promise<void>;
  close(): Promise<void>;
}

/** Builds the heartbeat from what the worker reports: its own partitions are those its client id owns. */
export function buildHeartbeat(
  options: Pick<HeartbeatPublisherOptions, 'kafka' | 'workerId' | 'version'> & { intervalMs: number },
  status: PipelineStatus,
  m: MetricsSnapshot | null,
  lastError: string | null,
): WorkerHeartbeat {
  const clientId = options.kafka.clientId;
  const mine = m?.members.find((member) => member.clientId === clientId)?.partitions ?? [];
  const owned = new Set(mine);
  return {
    workerId: options.workerId,
    clientId,
    host: hostname(),
    pid: process.pid,
    version: options.version,
    state: status.state,
    topic: options.kafka.topic,
    groupId: options.kafka.groupId,
    partitions: mine,
    rates: {
      consumed: m?.consumed.perSecond ?? 0,
      written: m?.written.perSecond ?? 0,
      rejected: m?.rejected.perSecond ?? 0,
    },
    totals: {
      written: m?.written.total ?? 0,
      rejected: m?.rejected.total ?? 0,
      deadLettered: m?.deadLettered.total ?? 0,
    },
    lag: (m?.partitions ?? [])
      .filter((p) => owned.has(p.partition))
      .map((p) => ({ partition: p.partition, lag: p.lag })),
    p99Ms: m?.latencyMs?.p99 ?? null,
    lastError,
    at: Date.now(),
    intervalMs: options.intervalMs,
  };
}

/** A logger whose warnings and errors are debug lines: kafkajs reports every failed retry, once per attempt. */
const demoted = (logger: Logger): Logger => ({
  debug: logger.debug,
  info: logger.debug,
  warn: logger.debug,
  error: logger.debug,
  child: (bindings) => demoted(logger.child(bindings)),
});

/**
 * Publishes the worker's heartbeat to `userstream.workers` every few seconds (creating the topic, compacted, if it is
 * missing), and a tombstone on close. A failed send is a warning, at most one a minute while they keep failing, and the
 * next tick tries again: telemetry never stops the pipeline.
 */
export async function startHeartbeatPublisher(options: HeartbeatPublisherOptions): Promise<HeartbeatPublisher> {
  const intervalMs = options.intervalMs ?? HEARTBEAT_INTERVAL_MS;
  const topic = options.topic ?? WORKERS_TOPIC;
  const warnEveryMs = options.warnEveryMs ?? 60_000;
  const now = options.now ?? Date.now;
  const logger = options.logger.child({ component: 'heartbeat' });
  // Few, short retries: a heartbeat retried for long is stale by the time it lands; the next tick sends a fresh one.
  const kafka = createKafkaClient(options.kafka, demoted(logger), '-heartbeat', {
    initialRetryTime: 100,
    maxRetryTime: 1_000,
    retries: 2,
  });
  let producer: Producer | null = null;
  let lastError: string | null = null;
  /** Failures since the last warning, and when that was (null: the last send worked). */
  let failing: { since: number; warnedAt: number; unreported: number } | null = null;

  const failed = (error: unknown) => {
    const at = now();
    const err = error instanceof Error ? error.message : String(error);
    if (!failing) {
      failing = { since: at, warnedAt: at, unreported: 0 };
      logger.warn({ err, topic }, `heartbeat not sent; retrying every ${intervalMs} ms`);
    } else if (at - failing.warnedAt >= warnEveryMs) {
      const failures = failing.unreported + 1;
      logger.warn({ err, topic, failures, failingForMs: at - failing.since }, 'heartbeats still not sent');
      failing = { ...failing, warnedAt: at, unreported: 0 };
    } else failing.unreported++;
  };
  const recovered = () => {
    if (failing) logger.info({ topic, failedForMs: now() - failing.since }, 'heartbeats sent again');
    failing = null;
  };

  const ready = async (): Promise<Producer> => {
    if (producer) return producer;
    const admin = kafka.admin();
    await admin.connect();
    try {
      // Compacted: the topic keeps each worker's latest heartbeat (and forgets a stopped one after its tombstone).
      await admin.createTopics({
        topics: [{ topic, numPartitions: 1, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] }],
      });
    } finally {
      await admin.disconnect();
    }
    const p = kafka.producer({ allowAutoTopicCreation: false });
    await p.connect();
    return (producer = p);
  };
  const send = async (value: string | null) => {
    const p = await ready();
    await p.send({ topic, acks: -1, messages: [{ key: options.workerId, value }] });
  };
  const beat = async () => {
    const status = options.status();
    if (status.reason && status.state !== 'running') lastError = status.reason;
    const heartbeat = buildHeartbeat({ ...options, intervalMs }, status, options.metrics(), lastError);
    try {
      await send(JSON.stringify(heartbeat));
      recovered();
    } catch (error) {
      failed(error);
    }
  };
  let sending: Promise<void> = Promise.resolve();
  let inFlight = 0;
  const enqueue = () => {
    inFlight++;
    sending = sending.then(beat).finally(() => inFlight--);
    return sending;
  };
  // A tick while a beat is still on its way is skipped, so a slow cluster never builds a queue of old heartbeats.
  const timer = setInterval(() => {
    if (inFlight === 0) void enqueue();
  }, intervalMs);
  void enqueue();
  let closing: Promise<void> | null = null;
  return {
    beat: enqueue,
    close: () =>
      (closing ??= (async () => {
        clearInterval(timer);
        // Bounded: a worker whose cluster is unreachable must still exit promptly (kafkajs would retry for minutes).
        const within = (work: Promise<unknown>) =>
          Promise.race([work, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
        await within(sending);
        try {
          if (producer) await within(send(null));
        } catch (error) {
          logger.warn({ err: String(error) }, 'tombstone not sent');
        }
        await within(producer?.disconnect().catch(() => undefined) ?? Promise.resolve());
      })()),
  };
}
