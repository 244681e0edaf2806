import { setMaxListeners } from 'node:events';
import type { Admin, Consumer, Producer } from 'kafkajs';
import type { PipelineErrorRecord } from '../../shared/errorRecord';
import type { Logger } from '../../shared/logger';
import type { GroupMember, PartitionProgress } from '../../shared/metrics';
import type { Settings } from '../../shared/settings';
import type { UserRow } from '../../shared/user';
import { sleep } from './backoff';
import type { SinkConnection, SinkConnector } from './sinkConnector';
import type { WatermarkBook } from './commitWatermark';
import { createDeadLetterSink } from './deadLetter';
import type { ErrorLog } from './errorLog';
import { fetchGroupProgress } from './groupProgress';
import { createInFlightLimiter } from './inFlightLimiter';
import { createIngest } from './ingest';
import { createKafkaClient } from './kafkaClient';
import type { LatencyRecorder } from './latencyRecorder';
import type { DecodeFn, IngestCounters } from './types';

/** What a session reports upward; the pipeline turns these into states. */
export interface SessionHooks {
  onWritten(row: UserRow, partition: number, offset: string): void;
  onRejected(record: PipelineErrorRecord): void;
  onLink(side: 'kafka' | 'cassandra', up: boolean, reason?: string): void;
  onCassandraInfo(info: SinkConnection['info']): void;
}

export interface SessionOptions {
  settings: Settings;
  logger: Logger;
  decode: DecodeFn;
  book: WatermarkBook;
  counters: IngestCounters;
  latency: LatencyRecorder;
  errorLog: ErrorLog;
  hooks: SessionHooks;
  commitIntervalMs: number;
  drainTimeoutMs: number;
  startPaused: boolean;
  connectSink: SinkConnector;
}

/** One connected run of the pipeline: clients, consumer loop, commit loop. Built by `openSession`, ended by `close`. */
export interface Session {
  pause(): void;
  resume(): void;
  inFlight(): number;
  progress(): { partitions: PartitionProgress[]; members: GroupMember[] };
  /** Graceful end: no new dispatch, in-flight writes finish (bounded), final commit, disconnect. */
  close(): Promise<void>;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Connects Cassandra (schema ensured) then Kafka, and starts consuming. Cleans up whatever it opened on failure. */
export async function openSession(options: SessionOptions): Promise<Session> {
  const { settings, logger, hooks } = options;
  const topic = settings.kafka.topic;
  const closers: (() => Promise<unknown>)[] = [];
  const closeAll = async () => {
    for (const close of closers.reverse()) await close().catch(() => undefined);
  };
  try {
    const sink = await options.connectSink(settings.cassandra);
    closers.push(() => sink.close());
    hooks.onCassandraInfo(sink.info);
    hooks.onLink('cassandra', true);

    const kafka = createKafkaClient(settings.kafka, logger.child({ component: 'kafkajs' }));
    const admin = kafka.admin();
    await admin.connect();
    closers.push(() => admin.disconnect());
    const dlqTopic = settings.pipeline.deadLetterTopic;
    let producer: Producer | null = null;
    if (dlqTopic) {
      await admin.createTopics({ topics: [{ topic: dlqTopic }] }).catch((error: unknown) => {
        logger.warn(
          { err: messageOf(error), topic: dlqTopic },
          'could not create the dead-letter topic; producing will try',
        );
      });
      producer = kafka.producer({ allowAutoTopicCreation: true });
      await producer.connect();
      const p = producer;
      closers.push(() => p.disconnect());
    }
    const consumer = kafka.consumer({
      groupId: settings.kafka.groupId,
      // A crashed worker's partitions move to the others after 10 s instead of kafkajs's 30 s; heartbeats go out every
      // second, also while a batch waits for write slots, so a slow Cassandra does not cost the membership.
      sessionTimeout: 10_000,
      rebalanceTimeout: 20_000,
      heartbeatInterval: 1_000,
      maxWaitTimeInMs: 500,
      retry: { initialRetryTime: 300, maxRetryTime: 10_000, retries: 8, restartOnFailure: async () => true },
    });
    return await startConsuming(options, { sink, admin, producer, consumer, closers, closeAll, topic });
  } catch (error) {
    await closeAll();
    throw error;
  }
}

interface Clients {
  sink: SinkConnection;
  admin: Admin;
  producer: Producer | null;
  consumer: Consumer;
  closers: (() => Promise<unknown>)[];
  closeAll(): Promise<void>;
  topic: string;
}

async function startConsuming(options: SessionOptions, clients: Clients): Promise<Session> {
  const { settings, logger, book, hooks } = options;
  const { sink, admin, producer, consumer, topic } = clients;
  const limiter = createInFlightLimiter(settings.pipeline.inFlightLimit);
  const abort = new AbortController();
  // Every retrying write sleeps on this signal: up to the in-flight limit of listeners is expected.
  setMaxListeners(0, abort.signal);
  let dispatching = true;
  let progress: { partitions: PartitionProgress[]; members: GroupMember[] } = { partitions: [], members: [] };

  const ingest = createIngest({
    decode: options.decode,
    maxMessageBytes: settings.pipeline.maxMessageBytes,
    sink: sink.sink,
    classifyWriteError: sink.classifyWriteError,
    deadLetter: producer ? createDeadLetterSink(producer, settings.pipeline.deadLetterTopic) : null,
    errorLog: options.errorLog,
    limiter,
    book,
    counters: options.counters,
    latency: options.latency,
    errorPolicy: settings.pipeline.errorPolicy,
    maxWriteAttempts: settings.pipeline.maxWriteAttempts,
    isDispatching: () => dispatching,
    signal: abort.signal,
    logger,
    hooks: {
      onWritten: hooks.onWritten,
      onRejected: hooks.onRejected,
      onSinkState: (up, reason) => hooks.onLink('cassandra', up, reason),
      pausePartition: (t, p) => consumer.pause([{ topic: t, partitions: [p] }]),
      resumePartition: (t, p) => consumer.resume([{ topic: t, partitions: [p] }]),
    },
  });

  consumer.on(consumer.events.GROUP_JOIN, (event) => {
    // A new generation: acks of work fetched under the old assignment must not move the new watermarks.
    book.retireAll();
    hooks.onLink('kafka', true);
    logger.info(
      { memberId: event.payload.memberId, assignment: event.payload.memberAssignment },
      'joined the consumer group',
    );
  });
  consumer.on(consumer.events.CRASH, (event) => {
    hooks.onLink('kafka', false, messageOf(event.payload.error));
    logger.warn(
      { err: messageOf(event.payload.error), restart: event.payload.restart },
      'consumer crashed; kafkajs restarts it',
    );
  });

  let committing: Promise<void> = Promise.resolve();
  const commitDue = () => {
    committing = committing.then(async () => {
      const due = book.due();
      if (due.length === 0) return;
      try {
        await consumer.commitOffsets(
          due.map((d) => ({ topic: d.watermark.topic, partition: d.watermark.partition, offset: String(d.offset) })),
        );
        for (const d of due) d.watermark.markCommitted(d.offset);
      } catch (error) {
        // A rebalance or a broker restart: the next tick commits the same (or a newer) watermark.
        logger.debug({ err: messageOf(error) }, 'offset commit failed; will retry');
      }
    });
    return committing;
  };
  const commitTimer = setInterval(() => void commitDue(), options.commitIntervalMs);

  let polling = false;
  const poll = async () => {
    if (polling) return;
    polling = true;
    try {
      progress = await fetchGroupProgress(admin, settings.kafka.groupId, topic);
      hooks.onLink('kafka', true);
    } catch (error) {
      hooks.onLink('kafka', false, messageOf(error));
    } finally {
      polling = false;
    }
  };
  const pollTimer = setInterval(() => void poll(), settings.pipeline.metricsIntervalMs);

  try {
    await consumer.connect();
    clients.closers.push(() => consumer.disconnect());
    await consumer.subscribe({ topics: [topic], fromBeginning: settings.kafka.startFrom === 'earliest' });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 4,
      eachBatch: (payload) => ingest.handleBatch(payload),
    });
    if (options.startPaused) consumer.pause([{ topic }]);
  } catch (error) {
    clearInterval(commitTimer);
    clearInterval(pollTimer);
    throw error;
  }
  void poll();

  let closing: Promise<void> | null = null;
  return {
    pause: () => consumer.pause([{ topic }]),
    resume: () => consumer.resume([{ topic }]),
    inFlight: () => limiter.inFlight,
    progress: () => progress,
    close() {
      return (closing ??= (async () => {
        dispatching = false;
        consumer.pause([{ topic }]);
        limiter.close();
        // The drain's deadline is cancelled once drained: a pending timer would keep a finished process alive.
        const deadline = new AbortController();
        const drained = await Promise.race([
          limiter.idle().then(() => true),
          sleep(options.drainTimeoutMs, deadline.signal).then(() => false),
        ]);
        deadline.abort();
        if (!drained)
          logger.warn(
            { inFlight: limiter.inFlight },
            'stop: in-flight writes did not finish in time; they will be replayed',
          );
        abort.abort();
        await limiter.idle();
        clearInterval(pollTimer);
        clearInterval(commitTimer);
        await commitDue();
        await clients.closeAll();
      })());
    },
  };
}
