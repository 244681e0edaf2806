import { join } from 'node:path';
import { checkMaxBytes, decodeChecked } from '../../shared/decode';
import { silentLogger } from '../../shared/logger';
import type { MetricsSnapshot } from '../../shared/metrics';
import { canTransition, type LinkStatus, type PipelineState, type PipelineStatus } from '../../shared/pipelineState';
import { backoffDelay, sleep } from './backoff';
import { createWatermarkBook } from './commitWatermark';
import { openErrorLog, type ErrorLog } from './errorLog';
import { isFatalStartError, startFailureReason } from './fatalErrors';
import { createKafkaClient } from './kafkaClient';
import { createLatencyRecorder } from './latencyRecorder';
import { createMetricsCollector } from './metricsCollector';
import { openMetricsHistory, type MetricsHistory } from './metricsHistory';
import type { IngestedUser, OffsetReset, Pipeline, PipelineEvents, PipelineOptions } from './pipelineTypes';
import { createRing } from './ring';
import { openSession, type Session } from './session';
import { connectCassandraSink } from './sinkConnector';
import { emptyCounters, type DecodeFn } from './types';

/**
 * Creates the pipeline. Nothing connects until `start()`; the error log and metrics history (under `dataDir`) open on
 * first use. States follow `PIPELINE_TRANSITIONS`: idle → connecting → running ⇄ paused → stopping → stopped, with
 * `connecting` again while Kafka or Cassandra is down, and `error` for what no retry can fix.
 */
export function createPipeline(options: PipelineOptions): Pipeline {
  if (!options || typeof options !== 'object' || !options.settings)
    throw new Error('createPipeline: options.settings is required');
  const settings = options.settings;
  const logger = (options.logger ?? silentLogger).child({ component: 'pipeline' });
  checkMaxBytes(settings.pipeline.maxMessageBytes);
  const decode: DecodeFn = options.decode ?? decodeChecked;
  const commitIntervalMs = options.commitIntervalMs ?? 200;
  const drainTimeoutMs = options.drainTimeoutMs ?? 15_000;
  const intervalMs = settings.pipeline.metricsIntervalMs;

  const listeners: { [E in keyof PipelineEvents]: Set<(p: PipelineEvents[E]) => void> } = {
    status: new Set(),
    metrics: new Set(),
    user: new Set(),
    error: new Set(),
  };
  const emit = <E extends keyof PipelineEvents>(event: E, payload: PipelineEvents[E]) => {
    for (const l of listeners[event]) {
      try {
        l(payload);
      } catch (error) {
        logger.error({ err: String(error), event }, 'a pipeline listener threw');
      }
    }
  };

  const link = (address: string): LinkStatus => ({ state: 'unknown', address });
  let status: PipelineStatus = {
    state: 'idle',
    since: Date.now(),
    kafka: link(settings.kafka.brokers.join(',')),
    cassandra: link(settings.cassandra.contactPoints.join(',')),
  };
  const publish = (next: Partial<PipelineStatus>) => {
    status = { ...status, ...next };
    emit('status', status);
  };
  const setState = (state: PipelineState, reason?: string) => {
    if (state === status.state && reason === status.reason) return;
    if (state !== status.state && !canTransition(status.state, state)) {
      logger.debug({ from: status.state, to: state }, 'ignored state change');
      return;
    }
    const next: PipelineStatus = { ...status, state, since: state === status.state ? status.since : Date.now() };
    if (reason) next.reason = reason;
    else delete next.reason;
    status = next;
    if (state === 'error') logger.error({ reason }, 'pipeline error');
    else logger.info({ state, reason }, `pipeline ${state}`);
    emit('status', status);
  };

  const counters = emptyCounters();
  const latency = createLatencyRecorder();
  const book = createWatermarkBook();
  const recent = createRing<IngestedUser>(options.recentUsersCapacity ?? 200);
  let userPaused = false;
  let session: Session | null = null;
  let stores: Promise<{ errorLog: ErrorLog; history: MetricsHistory }> | null = null;
  const openStores = () =>
    (stores ??= (async () => ({
      errorLog: await openErrorLog({
        ...(options.dataDir ? { file: join(options.dataDir, 'errors', 'errors.jsonl') } : {}),
        capacity: options.errorLogCapacity ?? 10_000,
        ...(options.errorLogMaxBytes ? { maxBytes: options.errorLogMaxBytes } : {}),
      }),
      history: await openMetricsHistory({
        ...(options.dataDir ? { file: join(options.dataDir, 'metrics', 'history.json') } : {}),
        intervalMs,
      }),
    }))());

  /** Recomputes running / paused / connecting from the links while a session is up. */
  const settle = () => {
    if (!session || !['running', 'paused', 'connecting'].includes(status.state)) return;
    const down =
      status.kafka.state === 'down' ? status.kafka : status.cassandra.state === 'down' ? status.cassandra : null;
    if (down)
      setState(
        'connecting',
        `${down === status.kafka ? 'Kafka' : 'Cassandra'} unavailable: ${down.reason ?? 'no answer'}`,
      );
    else setState(userPaused ? 'paused' : 'running');
  };
  const onLink = (side: 'kafka' | 'cassandra', up: boolean, reason?: string) => {
    const current = status[side];
    const state = up ? 'up' : 'down';
    if (current.state === state && (up || current.reason === reason)) return;
    const next: LinkStatus = { ...current, state };
    if (reason && !up) next.reason = reason;
    else delete next.reason;
    if (!up) logger.warn({ side, reason }, `${side} unavailable`);
    else if (current.state === 'down') logger.info({ side }, `${side} back`);
    publish({ [side]: next });
    settle();
  };

  let metricsTimer: NodeJS.Timeout | null = null;
  let collector: ReturnType<typeof createMetricsCollector> | null = null;
  let lastProgress: ReturnType<Session['progress']> = { partitions: [], members: [] };
  const startMetrics = async () => {
    if (metricsTimer) return;
    const { history } = await openStores();
    collector = createMetricsCollector({
      counters,
      latency,
      inFlight: () => session?.inFlight() ?? 0,
      progress: () => (lastProgress = session?.progress() ?? lastProgress),
    });
    metricsTimer = setInterval(() => {
      const snapshot: MetricsSnapshot = collector!.snapshot();
      history.add(snapshot);
      emit('metrics', snapshot);
    }, intervalMs);
  };
  const stopMetrics = () => {
    if (metricsTimer) clearInterval(metricsTimer);
    metricsTimer = null;
    collector?.close();
    collector = null;
  };

  let connectAbort: AbortController | null = null;
  let starting: Promise<void> | null = null;
  let stopping: Promise<void> | null = null;

  const connectLoop = async (abort: AbortController) => {
    const { errorLog } = await openStores();
    await startMetrics();
    for (let attempt = 1; ; attempt++) {
      try {
        const opened = await openSession({
          settings,
          logger,
          decode,
          book,
          counters,
          latency,
          errorLog,
          commitIntervalMs,
          drainTimeoutMs,
          startPaused: userPaused,
          connectSink: options.connectSink ?? connectCassandraSink,
          hooks: {
            onWritten(row, partition, offset) {
              const user: IngestedUser = { row, writtenAt: Date.now(), partition, offset };
              recent.push(user);
              if (listeners.user.size > 0) emit('user', user);
            },
            onRejected: (record) => emit('error', record),
            onLink,
            onCassandraInfo: (info) =>
              publish({
                cassandra: {
                  ...status.cassandra,
                  detail: info.dataCenter,
                  ...(info.version ? { version: info.version } : {}),
                  ...(info.search ? { search: info.search } : {}),
                },
              }),
          },
        });
        if (abort.signal.aborted) {
          await opened.close();
          return;
        }
        session = opened;
        settle();
        return;
      } catch (error) {
        const reason = startFailureReason(error);
        if (isFatalStartError(error)) {
          setState('error', reason);
          stopMetrics();
          throw error;
        }
        setState('connecting', reason);
        logger.warn({ attempt, reason }, 'connect failed; retrying');
        if (!(await sleep(backoffDelay(attempt, 500, 10_000), abort.signal))) return;
      }
    }
  };

  const pipeline: Pipeline = {
    status: () => status,
    start() {
      if (starting) return starting;
      if (['running', 'paused', 'connecting'].includes(status.state) && session) return Promise.resolve();
      setState('connecting');
      const abort = new AbortController();
      connectAbort = abort;
      starting = connectLoop(abort).finally(() => {
        starting = null;
      });
      return starting;
    },
    stop() {
      if (stopping) return stopping;
      if (['idle', 'stopped', 'error'].includes(status.state) && !session && !starting) {
        if (status.state === 'idle') setState('stopped');
        return Promise.resolve();
      }
      setState('stopping');
      stopping = (async () => {
        connectAbort?.abort();
        await starting?.catch(() => undefined);
        const s = session;
        session = null;
        try {
          await s?.close();
        } catch (error) {
          logger.warn({ err: String(error) }, 'stop: closing a client failed');
        }
        book.retireAll();
        // One last snapshot once the drain is done: the periodic one may predate the final writes, and the dashboard
        // would keep showing fewer users than the table holds.
        const last = collector?.snapshot();
        stopMetrics();
        const { history } = await openStores();
        if (last) {
          history.add(last);
          emit('metrics', last);
        }
        await history.save();
        setState('stopped');
      })().finally(() => {
        stopping = null;
      });
      return stopping;
    },
    async pause() {
      userPaused = true;
      session?.pause();
      settle();
    },
    async resume() {
      userPaused = false;
      session?.resume();
      settle();
    },
    async resetOffsets({ to }: { to: OffsetReset }) {
      const wasActive = session !== null || starting !== null;
      if (wasActive) await pipeline.stop();
      const kafka = createKafkaClient(settings.kafka, logger.child({ component: 'kafkajs-admin' }), '-admin');
      const admin = kafka.admin();
      await admin.connect();
      try {
        const { groupId, topic } = settings.kafka;
        // Real offsets, not kafkajs's -1/-2 markers: a consumer reading a committed -1 falls back to its own
        // default (earliest for Userstream), so "latest" would silently replay everything.
        const partitions =
          to === 'earliest' || to === 'latest'
            ? (await admin.fetchTopicOffsets(topic)).map((o) => ({
                partition: o.partition,
                offset: to === 'earliest' ? o.low : o.high,
              }))
            : (await admin.fetchTopicOffsetsByTimestamp(topic, to.timestamp)).map((o) => ({
                partition: o.partition,
                offset: o.offset,
              }));
        await admin.setOffsets({ groupId, topic, partitions });
        logger.info({ to }, 'offsets reset');
      } finally {
        await admin.disconnect();
      }
      if (wasActive) await pipeline.start();
    },
    metricsHistory: () => (stores ? historyNow() : []),
    recentUsers: () => recent.toArray(),
    listErrors: (query) => errorLogNow()?.list(query) ?? [],
    getError: (id) => errorLogNow()?.get(id),
    on(event, listener) {
      const set = listeners[event] as Set<typeof listener>;
      set.add(listener);
      return () => set.delete(listener);
    },
    async close() {
      await pipeline.stop();
      if (stores) {
        const s = await stores;
        await s.errorLog.close();
        await s.history.close();
      }
    },
  };

  // Synchronous views of the error log and history for the getters; they open right away, in the background.
  let opened: { errorLog: ErrorLog; history: MetricsHistory } | null = null;
  const historyNow = () => opened?.history.list() ?? [];
  const errorLogNow = () => opened?.errorLog ?? null;
  openStores().then(
    (s) => (opened = s),
    (error: unknown) => logger.error({ err: String(error) }, 'could not open the error log or metrics history'),
  );
  return pipeline;
}
