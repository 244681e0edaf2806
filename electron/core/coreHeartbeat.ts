import type { Logger } from '../../shared/logger';
import type { MetricsSnapshot } from '../../shared/metrics';
import type { PipelineStatus } from '../../shared/pipelineState';
import type { Settings } from '../../shared/settings';
import type { CoreEventBatcher } from './eventBatcher';
import { startHeartbeatPublisher, type HeartbeatPublisher } from './heartbeatPublisher';

/** A worker's heartbeat as part of its core: restarted when the settings change, closed after the drain. */
export interface CoreHeartbeat {
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** Starts publishing on the cluster the engine consumes from (`kafka()`: the embedded stack's address when in use). */
export async function startCoreHeartbeat(options: {
  workerId: string;
  version: string;
  kafka(): Settings['kafka'];
  status(): PipelineStatus;
  events: CoreEventBatcher;
  logger: Logger;
  /** Overrides for tests (interval, warning spacing). */
  intervalMs?: number;
}): Promise<CoreHeartbeat> {
  let latest: MetricsSnapshot | null = null;
  // An interval without writes has no percentiles; the heartbeat keeps the last p99 there was.
  const off = options.events.on('metrics', (m) => {
    latest = m.latencyMs || !latest ? m : { ...m, latencyMs: latest.latencyMs };
  });
  const start = () =>
    startHeartbeatPublisher({
      kafka: options.kafka(),
      workerId: options.workerId,
      version: options.version,
      status: options.status,
      metrics: () => latest,
      logger: options.logger,
      ...(options.intervalMs ? { intervalMs: options.intervalMs } : {}),
    });
  let publisher: HeartbeatPublisher | null = await start();
  return {
    async restart() {
      await publisher?.close();
      publisher = await start();
    },
    async close() {
      off();
      const running = publisher;
      publisher = null;
      await running?.close();
    },
  };
}
