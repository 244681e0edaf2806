// Entry of the embedded dev stack's own process, so the broker and the CQL store never share an event loop with the
// pipeline: a Node child process (CLI, browser mode) or an Electron utility process (desktop app), built to
// out/main/devstackProcess.js. Prints one JSON line with the addresses on stdout, then runs until its parent says
// `close` or goes away.
import { startDevstack, type DevstackCqlOptions } from '../devstack';

interface Options {
  host?: string;
  kafkaPort?: number;
  cqlPort?: number;
  dataDir?: string;
  kafkaAdvertisedHost?: string;
  kafkaAdvertisedPort?: number;
  cql?: DevstackCqlOptions;
}

const options = JSON.parse(process.argv[2] ?? '{}') as Options;
const stack = await startDevstack(options);
let closing = false;
const shutdown = async () => {
  if (closing) return;
  closing = true;
  await stack.close().catch(() => undefined);
  process.exit(0);
};
// Ctrl+C reaches the whole process group: the parent drains the pipeline first and then closes us.
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => void shutdown());
process.on('disconnect', () => void shutdown());
process.on('message', (m) => {
  if (m === 'close') void shutdown();
});
// In a utility process the parent's messages arrive on `process.parentPort` instead (and the process ends with the app).
const { parentPort } = process as {
  parentPort?: { on(event: 'message', listener: (e: { data: unknown }) => void): void };
};
parentPort?.on('message', (e) => {
  if (e.data === 'close') void shutdown();
});
process.stdout.write(`${JSON.stringify({ kafka: stack.kafka.address, cql: stack.cql.address })}\n`);
