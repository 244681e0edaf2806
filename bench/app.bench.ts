// The app under load: the real core with the embedded stack and the demo producer at full speed, the browser-mode host,
// and the built renderer in Debian's Chromium on the Dashboard. Prints and writes bench/results/app.json:
// renderer long tasks > 50 ms per minute (target 0), renderer JS heap (≤ 200 MB), WebSocket event frames per second
// (≤ 10), and the event-loop delay p99 of the process hosting the core (≤ 20 ms; it plays Electron's main process).
// Run: npx tsx bench/app.bench.ts [--seconds 60] [--rate 3000]   (needs `npx electron-vite build` first)
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { chromium } from 'playwright';
import { buildApi } from '../shared/ipc';
import { startCoreWorker } from '../electron/backend';
import { startWebHost } from '../electron/web';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => Number(args[args.indexOf(name) + 1] ?? 0) || fallback;
const SECONDS = arg('--seconds', 60);
const RATE = arg('--rate', 3000);
const VIEW = args.includes('--view') ? (args[args.indexOf('--view') + 1] ?? 'dashboard') : 'dashboard';
const rendererDir = resolve('out/renderer');
if (!existsSync(join(rendererDir, 'index.html')))
  throw new Error('out/renderer is missing: run "npx electron-vite build" first');

// As `userstream web` and the Electron main process run it: the core in its worker thread, the host on this loop.
const backend = await startCoreWorker({
  core: { dataDir: mkdtempSync(join(tmpdir(), 'userstream-appbench-')), embedded: true, env: {} },
  host: 'web',
});
const api = buildApi({
  invoke: (channel, payload) => backend.invoke(channel, payload),
  subscribe: () => () => undefined,
});
const host = await startWebHost({ backend, rendererDir, autoStart: false });
await api.pipeline.start();
await api.producer.start({ ratePerSecond: RATE, badRatio: 0.01 });
const writtenTotal = async () => {
  const history = await api.pipeline.metricsHistory();
  return history.ok ? (history.value.at(-1)?.written.total ?? 0) : 0;
};

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--enable-precise-memory-info',
  ],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
await page.addInitScript(() => {
  const w = window as unknown as { __longTasks: number[]; __frames: number };
  w.__longTasks = [];
  w.__frames = 0;
  new PerformanceObserver((list) => list.getEntries().forEach((e) => w.__longTasks.push(e.duration))).observe({
    type: 'longtask',
    buffered: true,
  });
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      this.addEventListener('message', () => (w.__frames += 1));
    }
  } as typeof WebSocket;
});
await page.goto(host.url);
if (VIEW !== 'dashboard') await page.evaluate((v) => (location.hash = `#/${v}`), VIEW);
await page.getByRole('status', { name: 'Pipeline state' }).waitFor();
const cdp = await page.context().newCDPSession(page);
await cdp.send('Performance.enable');

// Warm-up, then measure over the window.
await new Promise((r) => setTimeout(r, 5000));
const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
const start = await page.evaluate(() => {
  const w = window as unknown as { __longTasks: number[]; __frames: number };
  return { longTasks: w.__longTasks.length, frames: w.__frames };
});
const hostFrames0 = host.stats().eventFrames;
const written0 = await writtenTotal();
let heapMax = 0;
const t0 = Date.now();
while (Date.now() - t0 < SECONDS * 1000) {
  await new Promise((r) => setTimeout(r, 1000));
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  heapMax = Math.max(heapMax, metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0);
}
const elapsed = (Date.now() - t0) / 1000;
loop.disable();
const end = await page.evaluate(() => {
  const w = window as unknown as { __longTasks: number[]; __frames: number };
  return { longTasks: w.__longTasks.slice(), frames: w.__frames };
});
const written1 = await writtenTotal();
const longTasks = end.longTasks.slice(start.longTasks);
const figures = {
  view: VIEW,
  seconds: Math.round(elapsed),
  producerRatePerSecond: RATE,
  writtenPerSecond: Math.round((written1 - written0) / elapsed),
  rendererLongTasksOver50msPerMinute: Number(((longTasks.filter((d) => d > 50).length * 60) / elapsed).toFixed(2)),
  rendererLongestTaskMs: Math.round(Math.max(0, ...longTasks)),
  rendererHeapMaxMB: Number((heapMax / 1e6).toFixed(1)),
  wsFramesPerSecondReceived: Number(((end.frames - start.frames) / elapsed).toFixed(2)),
  hostEventFramesPerSecond: Number(((host.stats().eventFrames - hostFrames0) / elapsed).toFixed(2)),
  hostEventLoopDelayP99Ms: Number((loop.percentile(99) / 1e6).toFixed(2)),
  hostEventLoopDelayMaxMs: Number((loop.max / 1e6).toFixed(2)),
  targets: { longTasksPerMinute: 0, heapMB: 200, eventsPerSecond: 10, eventLoopP99Ms: 20 },
};
console.table(figures);
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/app.json', `${JSON.stringify({ at: new Date().toISOString(), ...figures }, null, 2)}\n`);

await browser.close();
await host.close();
await backend.close();
