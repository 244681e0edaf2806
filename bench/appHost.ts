// The app host for bench/app.bench.ts, in its own process as Electron's main process would be: the core in its worker
// thread, the browser-mode host on this event loop, the pipeline and the demo producer at `--rate`. Prints
// `{"url": …}`, then answers "reset" and "report" lines on stdin with its event-loop delay and event frames.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { buildApi } from '../shared/ipc';
import { startCoreWorker } from '../electron/backend';
import { startWebHost } from '../electron/web';

const rate = Number(process.argv[process.argv.indexOf('--rate') + 1]) || 3000;
const backend = await startCoreWorker({
  core: { dataDir: mkdtempSync(join(tmpdir(), 'userstream-appbench-')), embedded: true, env: {} },
  host: 'web',
});
const api = buildApi({
  invoke: (channel, payload) => backend.invoke(channel, payload),
  subscribe: () => () => undefined,
});
const host = await startWebHost({ backend, rendererDir: resolve('out/renderer'), autoStart: false });
await api.pipeline.start();
await api.producer.start({ ratePerSecond: rate, badRatio: 0.01 });

const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
let frames0 = 0;
const written = async () => {
  const history = await api.pipeline.metricsHistory();
  return history.ok ? (history.value.at(-1)?.written.total ?? 0) : 0;
};
const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
print({ url: host.url });

for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'reset') {
    loop.reset();
    frames0 = host.stats().eventFrames;
    print({ written: await written() });
  } else if (line === 'report') {
    print({
      written: await written(),
      eventFrames: host.stats().eventFrames - frames0,
      loopP99Ms: loop.percentile(99) / 1e6,
      loopMaxMs: loop.max / 1e6,
    });
  } else if (line === 'close') break;
}
await host.close();
await backend.close();
process.stdin.destroy();
