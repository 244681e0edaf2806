// Fault proxies in a process of their own, so a benchmark's measured process does not also pay for the proxying:
//   node --import tsx electron/pipeline/testing/faultProxyProcess.ts '[{"target":"127.0.0.1:9092","latencyMs":0.5}]'
// Prints one JSON line {"proxies":[{"address","host","port"}, …]} once all listen. Takes commands (faultProxyCommands.ts)
// as IPC messages or JSON lines on stdin and answers each the same way (IPC, or a JSON line on stdout). Exits when its
// parent goes away (IPC disconnect, or without IPC the end of stdin), on SIGTERM, or on the message "close".
import { createInterface } from 'node:readline';
import { createFaultProxy, type FaultProxy, type FaultProxyOptions } from './faultProxy';
import { runFaultProxyCommand } from './faultProxyCommands';

const options = JSON.parse(process.argv[2] ?? '[]') as FaultProxyOptions[];
const proxies: FaultProxy[] = [];
let closing = false;
const shutdown = (code = 0): void => {
  if (closing) return;
  closing = true;
  void Promise.all(proxies.map((p) => p.close())).finally(() => process.exit(code));
};
try {
  for (const o of options) proxies.push(await createFaultProxy(o));
} catch (error) {
  process.stderr.write(`fault proxy: ${error instanceof Error ? error.message : String(error)}\n`);
  shutdown(1);
}
if (!closing) {
  process.on('SIGTERM', () => shutdown());
  process.on('SIGINT', () => shutdown());
  process.on('disconnect', () => shutdown());
  process.on('message', (message: unknown) => {
    if (message === 'close') return shutdown();
    process.send?.(runFaultProxyCommand(proxies, message));
  });
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    if (line.trim() === '') return;
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      message = null;
    }
    process.stdout.write(`${JSON.stringify(runFaultProxyCommand(proxies, message))}\n`);
  });
  // Under IPC the channel's disconnect says the parent is gone; without it, the end of stdin does.
  if (!process.send) lines.on('close', () => shutdown());
  const listening = proxies.map((p) => ({ address: p.address, host: p.host, port: p.port }));
  process.stdout.write(`${JSON.stringify({ proxies: listening })}\n`);
}
