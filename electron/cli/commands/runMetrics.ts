import type { Core } from '../../core';
import type { LatencyBuckets } from '../../pipeline';
import { intFlag, stringFlag, type CliIo, type CliValues } from '../command';

/** Where `--metrics-port` / `--metrics-host` (or their environment variables) ask for the endpoints; null = none. */
export function metricsAddressFrom(
  values: CliValues,
  env: Readonly<Record<string, string | undefined>>,
): { host: string; port: number } | null {
  const fromEnv = env.USERSTREAM_METRICS_PORT;
  const merged: CliValues = { ...values };
  if (merged['metrics-port'] === undefined && fromEnv) merged['metrics-port'] = fromEnv;
  if (merged['metrics-port'] === undefined) return null;
  const port = intFlag(merged, 'metrics-port', 0, 0, 65_535);
  const host = stringFlag(values, 'metrics-host') ?? env.USERSTREAM_METRICS_HOST ?? '127.0.0.1';
  return { host, port };
}

/**
 * Starts the worker's `/metrics`, `/healthz` and `/readyz`, fed by the core's metrics events, and says where on the
 * first lines of output (stderr under `--json`, so stdout stays one metrics object per line).
 */
export async function serveMetrics(
  core: Core,
  io: CliIo,
  options: { host: string; port: number; writeLatency: LatencyBuckets; json: boolean },
): Promise<{ close(): Promise<void> }> {
  const [{ createWorkerMetrics }, { startHealthServer }, { readinessOf }] = await Promise.all([
    import('../metrics/workerMetrics'),
    import('../metrics/healthServer'),
    import('../../../shared/readiness'),
  ]);
  const metrics = createWorkerMetrics({ writeLatency: options.writeLatency });
  const off = core.on('metrics', (m) => metrics.observe(m));
  const server = await startHealthServer({
    host: options.host,
    port: options.port,
    registry: metrics.registry,
    readiness: () => readinessOf(core.status()),
  });
  (options.json ? io.stderr : io.stdout).write(`metrics ${server.url}/metrics (health ${server.url}/healthz, /readyz)\n`);
  return {
    async close() {
      off();
      await server.close();
    },
  };
}
