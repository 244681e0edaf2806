import type { EachBatchPayload, KafkaMessage } from 'kafkajs';
import type { PipelineErrorRecord } from '../../shared/errorRecord';
import type { Logger } from '../../shared/logger';
import type { Problem } from '../../shared/problem';
import type { ErrorPolicy } from './policy';
import type { UserRow } from '../../shared/user';
import { backoffDelay, sleep } from './backoff';
import type { PartitionWatermark, WatermarkBook } from './commitWatermark';
import type { ErrorLog } from './errorLog';
import type { InFlightLimiter } from './inFlightLimiter';
import type { LatencyRecorder } from './latencyRecorder';
import { keyText, toRawValue } from './rawValue';
import type { DeadLetterSink, DecodeFn, IngestCounters, RowSink, WriteFailureKind } from './types';

/** Callbacks through which the ingest loop tells the pipeline what happened. */
export interface IngestHooks {
  onWritten(row: UserRow, partition: number, offset: string): void;
  onRejected(record: PipelineErrorRecord): void;
  /** Cassandra went down (with a reason) or came back. */
  onSinkState(up: boolean, reason?: string): void;
  pausePartition(topic: string, partition: number): void;
  resumePartition(topic: string, partition: number): void;
}

export interface IngestOptions {
  decode: DecodeFn;
  maxMessageBytes: number;
  sink: RowSink;
  classifyWriteError(error: unknown): WriteFailureKind;
  deadLetter: DeadLetterSink | null;
  errorLog: ErrorLog;
  limiter: InFlightLimiter;
  book: WatermarkBook;
  counters: IngestCounters;
  latency: LatencyRecorder;
  errorPolicy: ErrorPolicy;
  maxWriteAttempts: number;
  /** False once a stop began: no new message is dispatched, in-flight ones finish. */
  isDispatching(): boolean;
  /** Aborted when a stop stops waiting: retry loops give up and their offsets stay uncommitted (replayed next time). */
  signal: AbortSignal;
  hooks: IngestHooks;
  logger: Logger;
  retryInitialMs?: number;
  retryMaxMs?: number;
  /** How often to heartbeat while waiting for a free write slot. */
  heartbeatEveryMs?: number;
}

/** The part of kafkajs's eachBatch payload the loop uses (a subset, so unit tests can drive it). */
export type BatchPayload = Pick<EachBatchPayload, 'resolveOffset' | 'heartbeat' | 'isRunning' | 'isStale'> & {
  batch: { topic: string; partition: number; messages: KafkaMessage[] };
};

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The consume → decode → write → acknowledge loop. Each message takes a write slot, is marked begun in its partition's
 * watermark and resolved in kafkajs (so fetching moves on); the watermark moves only when the row is acknowledged by
 * Cassandra or the rejected message is kept (dead-letter topic + error log). Commits therefore never pass a row that
 * is not stored.
 */
export function createIngest(options: IngestOptions): { handleBatch(payload: BatchPayload): Promise<void> } {
  const { limiter, book, counters, signal, hooks, logger } = options;
  const retryInitialMs = options.retryInitialMs ?? 100;
  const retryMaxMs = options.retryMaxMs ?? 5_000;
  const heartbeatEveryMs = options.heartbeatEveryMs ?? 1_000;
  const pausedBy = new Map<string, number>();

  const pause = (topic: string, partition: number) => {
    const key = `${topic}/${partition}`;
    const n = pausedBy.get(key) ?? 0;
    pausedBy.set(key, n + 1);
    if (n === 0) hooks.pausePartition(topic, partition);
  };
  const resume = (topic: string, partition: number) => {
    const key = `${topic}/${partition}`;
    const n = pausedBy.get(key) ?? 0;
    if (n <= 1) {
      pausedBy.delete(key);
      if (n === 1) hooks.resumePartition(topic, partition);
    } else pausedBy.set(key, n - 1);
  };

  /** Dead-letters and logs a rejected message; false when stopped before it was kept. */
  async function keepRejected(
    kind: PipelineErrorRecord['kind'],
    topic: string,
    partition: number,
    message: KafkaMessage,
    problems: Problem[],
  ): Promise<boolean> {
    const record: PipelineErrorRecord = {
      id: `${topic}/${partition}/${message.offset}`,
      at: Date.now(),
      kind,
      origin: { topic, partition, offset: message.offset, timestamp: Number(message.timestamp) },
      key: keyText(message.key ?? null),
      value: toRawValue(message.value),
      problems,
      deadLettered: false,
    };
    counters.rejected++;
    if (options.deadLetter) {
      for (let attempt = 1; ; attempt++) {
        try {
          await options.deadLetter.send(record, { key: message.key ?? null, value: message.value });
          record.deadLettered = true;
          counters.deadLettered++;
          break;
        } catch (error) {
          logger.warn({ err: messageOf(error), id: record.id, attempt }, 'dead-letter send failed; retrying');
          if (!(await sleep(backoffDelay(attempt, retryInitialMs, retryMaxMs), signal))) return false;
        }
      }
    }
    try {
      await options.errorLog.add(record);
    } catch (error) {
      // The dead-letter topic holds it; a full disk must not stop the stream.
      logger.error({ err: messageOf(error), id: record.id }, 'error log write failed');
    }
    hooks.onRejected(record);
    return true;
  }

  /** The sink's callback write as a promise, for the (rare) retry path. */
  const writeOnce = (row: UserRow) =>
    new Promise<void>((resolve, reject) =>
      options.sink.write(row, (error) => (error === undefined ? resolve() : reject(error))),
    );

  const written = (row: UserRow, partition: number, message: KafkaMessage) => {
    counters.written++;
    options.latency.record(Date.now() - Number(message.timestamp));
    hooks.onWritten(row, partition, message.offset);
  };

  /**
   * After a row's first write failed: retries until acknowledged or the policy gives up; false when stopped first.
   * Cluster outages are waited out (never blamed on the row); refusals count as attempts.
   */
  async function retryRow(
    topic: string,
    partition: number,
    message: KafkaMessage,
    row: UserRow,
    firstError: unknown,
  ): Promise<boolean> {
    let rejections = 0;
    let paused = false;
    let error: unknown = firstError;
    try {
      for (let attempt = 1; ; attempt++) {
        const kind = options.classifyWriteError(error);
        if (kind === 'unavailable') hooks.onSinkState(false, messageOf(error));
        else {
          rejections++;
          if (options.errorPolicy === 'dead-letter' && rejections >= options.maxWriteAttempts) {
            const problem: Problem = {
              field: 'value',
              code: 'write_failed',
              message: `Cassandra refused the row ${rejections} times: ${messageOf(error)}`,
            };
            return await keepRejected('write', topic, partition, message, [problem]);
          }
          if (!paused && options.errorPolicy === 'retry-forever') {
            // Nothing after this row may commit anyway; stop fetching more of its partition meanwhile.
            paused = true;
            pause(topic, partition);
          }
          logger.warn({ err: messageOf(error), partition, offset: message.offset, attempt }, 'write refused; retrying');
        }
        if (!(await sleep(backoffDelay(attempt, retryInitialMs, retryMaxMs), signal))) return false;
        try {
          await writeOnce(row);
          hooks.onSinkState(true);
          break;
        } catch (next) {
          error = next;
        }
      }
    } finally {
      if (paused) resume(topic, partition);
    }
    written(row, partition, message);
    return true;
  }

  /** Ends one message's work: its offset may commit once `kept`, and its write slot is free again. */
  const settle = (watermark: PartitionWatermark, offset: number, kept: boolean) => {
    if (kept && !watermark.retired) watermark.ack(offset);
    limiter.release();
  };
  const settleLater = (work: Promise<boolean>, watermark: PartitionWatermark, partition: number, offset: number) => {
    work.then(
      (kept) => settle(watermark, offset, kept),
      (error: unknown) => {
        logger.error({ err: messageOf(error), partition, offset }, 'message handling failed');
        settle(watermark, offset, false);
      },
    );
  };

  /**
   * Decodes and writes one message. The common case (a good row, acknowledged at the first try) runs on callbacks with
   * no promise or async frame per message: at tens of thousands of users a second those were most of the pipeline's
   * own allocations.
   */
  function dispatch(
    topic: string,
    partition: number,
    message: KafkaMessage,
    watermark: PartitionWatermark,
    offset: number,
  ) {
    const outcome = options.decode(message.value, options.maxMessageBytes);
    if (!outcome.ok) {
      settleLater(keepRejected('decode', topic, partition, message, outcome.problems), watermark, partition, offset);
      return;
    }
    const row = outcome.row;
    options.sink.write(row, (error) => {
      if (error === undefined) {
        written(row, partition, message);
        settle(watermark, offset, true);
      } else settleLater(retryRow(topic, partition, message, row, error), watermark, partition, offset);
    });
  }

  /** Waits for a write slot, heartbeating so a slow Cassandra does not cost the group membership. */
  async function takeSlot(heartbeat: () => Promise<void>): Promise<boolean> {
    const slot = limiter.acquire();
    for (;;) {
      let timer: NodeJS.Timeout | undefined;
      const tick = new Promise<'tick'>((resolve) => (timer = setTimeout(() => resolve('tick'), heartbeatEveryMs)));
      const won = await Promise.race([slot, tick]);
      clearTimeout(timer);
      if (won !== 'tick') return won;
      try {
        await heartbeat();
      } catch (error) {
        // A rebalance: hand the slot back when it comes, and let kafkajs rejoin.
        void slot.then((ok) => ok && limiter.release());
        throw error;
      }
    }
  }

  return {
    async handleBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }) {
      const { topic, partition } = batch;
      const watermark = book.get(topic, partition);
      // Checked per message would cost a string key and a map lookup each in kafkajs: every 64 is often enough to stop
      // promptly on a seek or a stop.
      const stopped = () =>
        !options.isDispatching() || signal.aborted || !isRunning() || isStale() || watermark.retired;
      let lastDispatched: string | null = null;
      try {
        for (let i = 0; i < batch.messages.length; i++) {
          const message = batch.messages[i]!;
          if ((i & 63) === 0 && stopped()) break;
          if (!limiter.tryAcquire()) {
            if (!(await takeSlot(heartbeat))) break;
            if (stopped()) {
              limiter.release();
              break;
            }
          }
          const offset = Number(message.offset);
          watermark.begin(offset);
          lastDispatched = message.offset;
          counters.consumed++;
          counters.bytes += message.value?.length ?? 0;
          dispatch(topic, partition, message, watermark, offset);
        }
      } finally {
        // Moves kafkajs's fetch position past what was dispatched (commits follow the watermark, not this).
        if (lastDispatched !== null) resolveOffset(lastDispatched);
      }
    },
  };
}
