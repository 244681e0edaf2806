// The app under load: the real core with the embedded stack and the demo producer at full speed, the browser-mode host,
// and the built renderer in Debian's Chromium on the Dashboard. Prints and writes bench/results/app.json:
// renderer long tasks > 50 ms per minute (target 0), renderer JS heap (≤ 200 MB), WebSocket event frames per second
// (≤ 10), and the event-loop delay p99 of the host process (≤ 20 ms; bench/appHost.ts plays Electron's main process, the core in
// its worker thread).
// Run: npx tsx bench/app.bench.ts [--seconds 60] [--rate 3000]   (needs `npx electron-vite build` first)
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => Number(args[args.indexOf(name) + 1] ?? 0) || fallback;
const SECONDS = arg('--seconds', 60);
const RATE = arg('--rate', 3000);
const VIEW = args.includes('--view') ? (args[args.indexOf('--view') + 1] ?? 'dashboard') : 'dashboard';
const rendererDir = resolve('out/renderer');
if (!existsSync(join(rendererDir, 'index.html')))
  throw new Error('out/renderer is missing: run "npx electron-vite build" first');

// The host runs in its own process (bench/appHost.ts), as Electron's main process would, so this process's Playwright
// client does not count against its event loop.
const hostProcess = spawn(process.execPath, ['--import', 'tsx', 'bench/appHost.ts', '--rate', String(RATE)], {
  stdio: ['pipe', 'pipe', 'inherit'],
});
const replies = createInterface({ input: hostProcess.stdout! })[Symbol.asyncIterator]();
const reply = async <T>(command?: string): Promise<T> => {
  if (command) hostProcess.stdin!.write(`${command}\n`);
  const next = await replies.next();
  if (next.done) throw new Error('the app host exited');
  return JSON.parse(next.value) as T;
};
const host = await reply<{ url: string }>();

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
const start = await page.evaluate(() => {
  const w = window as unknown as { __longTasks: number[]; __frames: number };
  return { longTasks: w.__longTasks.length, frames: w.__frames };
});
const { written: written0 } = await reply<{ written: number }>('reset');
let heapMax = 0;
const t0 = Date.now();
while (Date.now() - t0 < SECONDS * 1000) {
  await new Promise((r) => setTimeout(r, 1000));
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  heapMax = Math.max(heapMax, metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0);
}
const elapsed = (Date.now() - t0) / 1000;
const end = await page.evaluate(() => {
  const w = window as unknown as { __longTasks: number[]; __frames: number };
  return { longTasks: w.__longTasks.slice(), frames: w.__frames };
});
const hostReport = await reply<{ written: number; eventFrames: number; loopP99Ms: number; loopMaxMs: number }>(
  'report',
);
const longTasks = end.longTasks.slice(start.longTasks);
const figures = {
  view: VIEW,
  seconds: Math.round(elapsed),
  producerRatePerSecond: RATE,
  writtenPerSecond: Math.round((hostReport.written - written0) / elapsed),
  rendererLongTasksOver50msPerMinute: Number(((longTasks.filter((d) => d > 50).length * 60) / elapsed).toFixed(2)),
  rendererLongestTaskMs: Math.round(Math.max(0, ...longTasks)),
  rendererHeapMaxMB: Number((heapMax / 1e6).toFixed(1)),
  wsFramesPerSecondReceived: Number(((end.frames - start.frames) / elapsed).toFixed(2)),
  hostEventFramesPerSecond: Number((hostReport.eventFrames / elapsed).toFixed(2)),
  hostEventLoopDelayP99Ms: Number(hostReport.loopP99Ms.toFixed(2)),
  hostEventLoopDelayMaxMs: Number(hostReport.loopMaxMs.toFixed(2)),
  targets: { longTasksPerMinute: 0, heapMB: 200, eventsPerSecond: 10, eventLoopP99Ms: 20 },
};
console.table(figures);
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/app.json', `${JSON.stringify({ at: new Date().toISOString(), ...figures }, null, 2)}\n`);

await browser.close();
hostProcess.stdin!.end('close\n');
await once(hostProcess, 'exit');
