import type { Core } from '../../core';
import type { MetricsSnapshot } from '../../../shared/metrics';

/**
 * The client id a worker's consumer uses: the configured one with the worker id's first block appended, so a monitor
 * can tell the group's members apart and match each to its heartbeats (they otherwise all say `userstream`).
 */
export function workerClientId(base: string, workerId: string): string {
  return `${base}-${workerId.split('-')[0]}`;
}

/** Starts the worker's heartbeat on the cluster the core consumes from (the embedded stack's address when in use). */
export async function startWorkerHeartbeat(
  core: Core,
  options: { workerId: string; version: string },
): Promise<{ close(): Promise<void> }> {
  const [{ startHeartbeatPublisher }, { silentLogger }] = await Promise.all([
    import('../../core/heartbeatPublisher'),
    import('../../../shared/logger'),
  ]);
  const kafka = structuredClone(core.getSettings().kafka);
  const stack = core.info().devstack;
  if (stack) {
    kafka.brokers = [stack.kafka];
    kafka.ssl.enabled = false;
    kafka.sasl = { mechanism: 'none', username: '', password: '' };
  }
  let latest: MetricsSnapshot | null = null;
  // An interval without writes has no percentiles; the heartbeat keeps the last p99 there was.
  const off = core.on('metrics', (m) => (latest = m.latencyMs || !latest ? m : { ...m, latencyMs: latest.latencyMs }));
  const publisher = await startHeartbeatPublisher({
    kafka,
    workerId: options.workerId,
    version: options.version,
    status: () => core.status(),
    metrics: () => latest,
    logger: silentLogger,
  });
  return {
    async close() {
      await publisher.close();
      off();
    },
  };
}
