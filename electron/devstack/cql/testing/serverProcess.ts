// Runs a CQL server in its own process for crash tests and the benchmark:
//   node --import tsx electron/devstack/cql/testing/serverProcess.ts '{"dataDir":"/tmp/x"}'
// Prints one JSON line {"port":N} when listening. `"fakeEngine":true` serves the test fake instead of the real engine,
// to measure the wire path alone. Over an IPC channel it answers {type:"cpu"} with its CPU usage and RSS.
import type { CqlServerOptions } from '../options';
import { startCqlServer } from '../server';

const { fakeEngine, ...options } = JSON.parse(process.argv[2] ?? '{}') as CqlServerOptions & { fakeEngine?: boolean };
const server = fakeEngine
  ? await startCqlServer({ host: '127.0.0.1', port: 0, ...options }, async (o) =>
      (await import('./fakeEngine')).createFakeEngine(o.node),
    )
  : await (await import('../index')).createCqlServer({ host: '127.0.0.1', port: 0, ...options });
process.stdout.write(`${JSON.stringify({ port: server.port })}\n`);
process.on('message', (message: unknown) => {
  if (typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'cpu') {
    process.send?.({ type: 'cpu', usage: process.cpuUsage(), memory: process.memoryUsage().rss });
  }
});
const stop = (): void => void server.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.on('disconnect', stop);
