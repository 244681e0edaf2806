// The Users view at scale (issue 17): 2M users in the embedded store (its own child process, as the app runs it),
// read by the core's own users query and jobs in this process. Prints and writes bench/results/users.json:
// first page (target ≤ 20 ms), the estimate (≤ 50 ms), streamed CSV export rows/s (≥ 50k/s) with this process's RSS
// growth (≤ 64 MB), whole-table demographics rows/s (≥ 100k/s), and the store's CPU while the Users view's polling
// runs for 60 s (≤ 2 % of a core). CPU per row on each side is printed too: on a busy machine the rates measure the
// machine, the CPU per row measures the code.
// Run: npx tsx bench/users.bench.ts [--rows 2000000] [--poll-seconds 60]
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import cassandra from 'cassandra-driver';
import { silentLogger } from '../shared/logger';
import { parseSettings } from '../shared/settings';
import { USERS_ESTIMATE_POLL_MS, type UsersJob } from '../shared/usersJobs';
import { createUsersService } from '../electron/core/usersService';
import { spawnChildCqlServer, type ChildCqlServer } from '../electron/devstack/cql/testing/childServer';
import { createUsersQuery } from '../electron/pipeline';
import { seedUsers } from '../electron/pipeline/testing/seedUsers';
import { schemaStatements } from '../electron/pipeline/userTable';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => Number(args[args.indexOf(name) + 1] ?? 0) || fallback;
const ROWS = arg('--rows', 2_000_000);
const POLL_SECONDS = arg('--poll-seconds', 60);
const PAGE_RUNS = 30;

async function storeCpu(server: ChildCqlServer): Promise<{ micros: number; rss: number }> {
  return new Promise((resolve) => {
    server.child.once('message', (m: unknown) => {
      const { usage, memory } = m as { usage: { user: number; system: number }; memory: number };
      resolve({ micros: usage.user + usage.system, rss: memory });
    });
    server.child.send({ type: 'cpu' });
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const round = (n: number, digits = 1) => Number(n.toFixed(digits));

const server = await spawnChildCqlServer({}, true);
const address = `127.0.0.1:${server.port}`;
const parsed = parseSettings({ cassandra: { contactPoints: [address], keyspace: 'bench_users' } });
if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
const settings = parsed.value.cassandra;
const loader = new cassandra.Client({
  contactPoints: [address],
  localDataCenter: 'datacenter1',
  pooling: { maxRequestsPerConnection: 4096 },
  socketOptions: { readTimeout: 60_000 },
});
const query = createUsersQuery({ settings });
let jobs: UsersJob[] = [];
const service = createUsersService({ query, onJobs: (list) => (jobs = list), logger: silentLogger });
const exportDir = mkdtempSync(join(tmpdir(), 'users-bench-'));

/** Waits for a job to finish, sampling this process's RSS every 50 ms; returns the job and the RSS peak. */
async function finish(id: string): Promise<{ job: UsersJob; rssPeak: number }> {
  let rssPeak = process.memoryUsage().rss;
  for (;;) {
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    const job = jobs.find((j) => j.id === id && j.state !== 'running');
    if (job) return { job, rssPeak };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

try {
  await loader.connect();
  for (const statement of schemaStatements(settings)) await loader.execute(statement);
  const t0 = process.hrtime.bigint();
  await seedUsers(loader, `${settings.keyspace}.${settings.table}`, ROWS, undefined, 512);
  const loadSeconds = ms(t0) / 1000;
  console.log(`loaded ${ROWS} users in ${loadSeconds.toFixed(1)} s (${Math.round(ROWS / loadSeconds)}/s)`);
  await loader.shutdown();

  // First page, as the view asks for it (25 rows), and 100 rows; the first call also connects and prepares.
  await query.page({ pageSize: 25, pageState: null });
  const page25: number[] = [];
  const page100: number[] = [];
  for (let i = 0; i < PAGE_RUNS; i++) {
    let t = process.hrtime.bigint();
    await query.page({ pageSize: 25, pageState: null });
    page25.push(ms(t));
    t = process.hrtime.bigint();
    await query.page({ pageSize: 100, pageState: null });
    page100.push(ms(t));
  }

  // The estimate as the core reads it (uncached: one size_estimates query per node).
  const estimateMs: number[] = [];
  let estimate = await query.estimate();
  for (let i = 0; i < 10; i++) {
    const t = process.hrtime.bigint();
    estimate = await query.estimate();
    estimateMs.push(ms(t));
  }
  console.log(`estimate: ${JSON.stringify(estimate)}`);

  // Streamed CSV export of the whole table, written by the core's writer; RSS of this process (the core) sampled.
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const path = join(exportDir, 'users.csv');
  const exportStore0 = await storeCpu(server);
  const exportClient0 = process.cpuUsage();
  const started = await service.exportToFile(path, { format: 'csv' });
  if (!started.ok) throw new Error(started.error.message);
  let t = process.hrtime.bigint();
  const exported = await finish(started.value.id);
  const exportSeconds = ms(t) / 1000;
  const exportClientCpu = process.cpuUsage(exportClient0);
  const exportStoreMicros = (await storeCpu(server)).micros - exportStore0.micros;
  if (exported.job.state !== 'done') throw new Error(`export ${exported.job.state}: ${exported.job.error}`);
  const exportBytes = statSync(path).size;
  rmSync(path);

  // Whole-table demographics.
  const demoStore0 = await storeCpu(server);
  const demoClient0 = process.cpuUsage();
  const demo = service.demographics(null);
  if (!demo.ok) throw new Error(demo.error.message);
  t = process.hrtime.bigint();
  const demographics = await finish(demo.value.id);
  const demoSeconds = ms(t) / 1000;
  const demoClientCpu = process.cpuUsage(demoClient0);
  const demoStoreMicros = (await storeCpu(server)).micros - demoStore0.micros;
  if (demographics.job.state !== 'done') throw new Error(`demographics ${demographics.job.state}`);

  // The Users view left open: its estimate poll (answered from the core's cache, re-read every 30 s) and one page.
  const fresh = createUsersService({ query, onJobs: () => undefined, logger: silentLogger });
  const cpu0 = await storeCpu(server);
  const tPoll = Date.now();
  await query.page({ pageSize: 25, pageState: null });
  while (Date.now() - tPoll < POLL_SECONDS * 1000) {
    await fresh.estimate();
    await new Promise((resolve) => setTimeout(resolve, USERS_ESTIMATE_POLL_MS));
  }
  const cpu1 = await storeCpu(server);
  const pollSeconds = (Date.now() - tPoll) / 1000;
  fresh.close();

  const figures = {
    rows: ROWS,
    loadRowsPerSecond: Math.round(ROWS / loadSeconds),
    firstPage25MsMedian: round(median(page25), 2),
    firstPage100MsMedian: round(median(page100), 2),
    estimateMsMedian: round(median(estimateMs), 2),
    estimate: estimate.state === 'ok' ? estimate.users : `unavailable: ${estimate.reason}`,
    exportRowsPerSecond: Math.round(exported.job.rows / exportSeconds),
    exportRows: exported.job.rows,
    exportMB: round(exportBytes / 1e6),
    exportRssGrowthMB: round((exported.rssPeak - rssBefore) / 1e6),
    // CPU per row on each side: the core (this process) and the store (its child). With a core each, the slower
    // side sets the pace: that is the "ceiling" figure, what an idle two-core machine would do.
    exportCoreCpuUsPerRow: round((exportClientCpu.user + exportClientCpu.system) / ROWS, 2),
    exportStoreCpuUsPerRow: round(exportStoreMicros / ROWS, 2),
    exportCeilingRowsPerSecond: Math.round(
      1e6 / Math.max((exportClientCpu.user + exportClientCpu.system) / ROWS, exportStoreMicros / ROWS),
    ),
    demographicsRowsPerSecond: Math.round(demographics.job.rows / demoSeconds),
    demographicsCoreCpuUsPerRow: round((demoClientCpu.user + demoClientCpu.system) / ROWS, 2),
    demographicsStoreCpuUsPerRow: round(demoStoreMicros / ROWS, 2),
    demographicsCeilingRowsPerSecond: Math.round(
      1e6 / Math.max((demoClientCpu.user + demoClientCpu.system) / ROWS, demoStoreMicros / ROWS),
    ),
    storeCpuPercentWhileViewOpen: round(((cpu1.micros - cpu0.micros) / 1e6 / pollSeconds) * 100, 2),
    storeRssMB: Math.round(cpu1.rss / 1e6),
    loadAverage1m: round(loadavg()[0] ?? 0),
    targets: {
      firstPageMs: 20,
      estimateMs: 50,
      exportRowsPerSecond: 50_000,
      exportRssGrowthMB: 64,
      demographicsRowsPerSecond: 100_000,
      storeCpuPercent: 2,
    },
  };
  console.table(figures);
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(
    'bench/results/users.json',
    `${JSON.stringify({ at: new Date().toISOString(), ...figures }, null, 2)}\n`,
  );
} finally {
  service.close();
  await query.close();
  await loader.shutdown().catch(() => undefined);
  rmSync(exportDir, { recursive: true, force: true });
  server.child.kill('SIGTERM');
  await server.exited;
}
