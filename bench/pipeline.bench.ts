// Ingest speed: userstream (defaults on) against a naive and a straightforward port, on the same seed-format users, at
// 0 ms and at ~1 ms round trip on both links (fault proxies), plus end-to-end latency at steady rates and the highest
// rate the whole stack sustains on this machine. Every consumer runs in a process of its own (pipelineWorker.ts), so
// CPU and RSS are the consumer's alone; the stack and the proxies run in their own processes too.
// Run: npx tsx bench/pipeline.bench.ts [--users 200000] [--max-seconds 40] [--steady-seconds 20] [--sustain-seconds 60]
//      [--quick] (smaller and shorter, to try the bench itself)
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import cassandra from 'cassandra-driver';
import { silentLogger } from '../shared/logger';
import type { Settings } from '../shared/settings';
import { launchDevstackProcess, type RunningDevstack } from '../electron/core';
import { connectCassandra } from '../electron/pipeline/cassandraClient';
import { launchFaultProxies } from '../electron/pipeline/testing/launchFaultProxies';
import { makeMessages, produceValues, testSettings } from '../electron/pipeline/testing/fixtures';
import type { Variant, WorkerReport } from './pipelineWorker';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const arg = (name: string, fallback: number): number => Number(args[args.indexOf(name) + 1] ?? 0) || fallback;
const USERS = arg('--users', quick ? 30_000 : 200_000);
const MAX_SECONDS = arg('--max-seconds', quick ? 15 : 40);
const STEADY_SECONDS = arg('--steady-seconds', quick ? 8 : 20);
const SUSTAIN_SECONDS = arg('--sustain-seconds', quick ? 15 : 60);
const ONE_WAY_MS = 0.5;
// --throughput-only: just the drain comparison (for comparing designs side by side, several times in a row).
const THROUGHPUT_ONLY = args.includes('--throughput-only');
const REPEAT = arg('--repeat', 1);
// --in-flight N: the pipeline's in-flight limit for userstream (default: the app's default).
const IN_FLIGHT = arg('--in-flight', 0);

const here = import.meta.dirname;
const tsx = ['--import', 'tsx'];
const child = (script: string, task: unknown): ChildProcess =>
  fork(join(here, script), [JSON.stringify(task)], { execArgv: tsx, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const ready = (c: ChildProcess) =>
  new Promise<void>((resolve, reject) => {
    c.on('message', (m: { ready?: boolean }) => m.ready && resolve());
    c.once('exit', (code) => reject(new Error(`${c.spawnargs[c.spawnargs.length - 2]} exited with ${code}`)));
  });

interface Link {
  name: string;
  kafka: string;
  cql: string;
  /** Median of 50 awaited single-row reads: what one round trip to the store costs on this link. */
  rttMs: number;
}

async function measureRtt(cql: string): Promise<number> {
  const client = new cassandra.Client({ contactPoints: [cql], localDataCenter: 'datacenter1' });
  await client.connect();
  const times: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t = performance.now();
    await client.execute("SELECT release_version FROM system.local WHERE key='local'");
    times.push(performance.now() - t);
  }
  await client.shutdown();
  return times.sort((a, b) => a - b)[25]!;
}

const closers: (() => Promise<unknown>)[] = [];
async function links(): Promise<Link[]> {
  const direct: RunningDevstack = await launchDevstackProcess({
    logger: silentLogger,
    dataDir: await mkdtemp(join(tmpdir(), 'bench-stack-')),
  });
  closers.push(() => direct.close());
  // The second stack sits behind two proxies; its broker advertises the Kafka proxy, so clients stay behind it.
  const proxies = await launchFaultProxies([{ latencyMs: ONE_WAY_MS }, { latencyMs: ONE_WAY_MS }]);
  closers.push(() => proxies.close());
  const [kafkaProxy, cqlProxy] = proxies.proxies as [(typeof proxies.proxies)[0], (typeof proxies.proxies)[0]];
  const behind: RunningDevstack = await launchDevstackProcess({
    logger: silentLogger,
    dataDir: await mkdtemp(join(tmpdir(), 'bench-stack-')),
    kafkaAdvertisedHost: kafkaProxy.host,
    kafkaAdvertisedPort: kafkaProxy.port,
  });
  closers.push(() => behind.close());
  await kafkaProxy.set({ target: behind.kafka });
  await cqlProxy.set({ target: behind.cql });
  return [
    { name: '0 ms', kafka: direct.kafka, cql: direct.cql, rttMs: await measureRtt(direct.cql) },
    { name: '1 ms', kafka: kafkaProxy.address, cql: cqlProxy.address, rttMs: await measureRtt(cqlProxy.address) },
  ];
}

/** A fresh topic and keyspace on `link`; the seed's table exists so the baselines can write. */
async function freshSettings(link: Link, values?: string[]): Promise<Settings> {
  const settings = testSettings(link.kafka, link.cql, {
    pipeline: { metricsIntervalMs: 1000, ...(IN_FLIGHT ? { inFlightLimit: IN_FLIGHT } : {}) },
  });
  if (values) await produceValues(link.kafka, settings.kafka.topic, values);
  const { client } = await connectCassandra(settings.cassandra);
  await client.execute(
    `CREATE KEYSPACE IF NOT EXISTS ${settings.cassandra.keyspace} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`,
  );
  await client.execute(
    `CREATE TABLE IF NOT EXISTS ${settings.cassandra.keyspace}.${settings.cassandra.table} (id uuid PRIMARY KEY, first_name text, last_name text, dob text, gender text, address text, postal_code text, username text, email text, phone text, registered_date text, picture text)`,
  );
  await client.shutdown();
  return settings;
}

interface Throughput {
  variant: Variant;
  link: string;
  users: number;
  seconds: number;
  usersPerSecond: number;
  cpuMicrosPerUser: number;
  peakRssMB: number;
  /** True when the window closed before every user was written (the rate is over the users it did write). */
  capped: boolean;
}

/** Drains the prepared topic: clock and CPU from the first user written to the last (or to the time cap). */
async function throughput(variant: Variant, link: Link, values: string[]): Promise<Throughput> {
  const settings = await freshSettings(link, values);
  const worker = child('pipelineWorker.ts', { variant, settings });
  let start: { t: number; r: WorkerReport } | null = null;
  let last: WorkerReport | null = null;
  let lastAt = 0;
  const finished = new Promise<void>((resolve) => {
    worker.on('message', (r: WorkerReport & { ready?: boolean }) => {
      if (r.ready) return;
      const now = performance.now();
      if (!start && r.written > 0) start = { t: now, r };
      last = r;
      lastAt = now;
      if (r.written >= values.length || (start && now - start.t > MAX_SECONDS * 1000)) resolve();
    });
  });
  await ready(worker);
  await finished;
  worker.send('stop');
  await new Promise((r) => worker.once('exit', r));
  const s = start as unknown as { t: number; r: WorkerReport };
  const e = last as unknown as WorkerReport;
  const users = e.written - s.r.written;
  const seconds = (lastAt - s.t) / 1000;
  const f: Throughput = {
    variant,
    link: link.name,
    users,
    seconds,
    usersPerSecond: users / seconds,
    cpuMicrosPerUser: (e.cpuMicros - s.r.cpuMicros) / users,
    peakRssMB: e.rss / 2 ** 20,
    capped: e.written < values.length,
  };
  console.log(
    `${link.name.padEnd(5)} ${variant.padEnd(16)} ${Math.round(f.usersPerSecond).toString().padStart(7)} users/s ${f.cpuMicrosPerUser.toFixed(1).padStart(6)} µs CPU/user  peak RSS ${f.peakRssMB.toFixed(0).padStart(4)} MB${f.capped ? `  (${users} users in ${MAX_SECONDS} s)` : ''}`,
  );
  return f;
}

interface Steady {
  link: string;
  ratePerSecond: number;
  seconds: number;
  p50MedianMs: number;
  p99MedianMs: number;
  p99WorstMs: number;
  writtenPerSecond: number;
  finalLag: number;
  peakRssMB: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** The producer at `rate` for `seconds`, userstream consuming: per-second latency percentiles and how far behind. */
async function steady(link: Link, rate: number, seconds: number): Promise<Steady> {
  const settings = await freshSettings(link);
  const worker = child('pipelineWorker.ts', { variant: 'userstream', settings });
  await ready(worker);
  const producer = child('producerWorker.ts', {
    brokers: link.kafka,
    topic: settings.kafka.topic,
    rate,
    distinct: 20_000,
  });
  await ready(producer);
  const p50s: number[] = [];
  const p99s: number[] = [];
  let last: WorkerReport | null = null;
  let startWritten = -1;
  let t0 = 0;
  let lastLatency = '';
  worker.on('message', (r: WorkerReport) => {
    last = r;
    if (startWritten < 0 && r.written > 0) {
      startWritten = r.written;
      t0 = performance.now();
    }
    const key = JSON.stringify(r.latency);
    if (r.latency && key !== lastLatency) {
      lastLatency = key;
      p50s.push(r.latency.p50);
      p99s.push(r.latency.p99);
    }
  });
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const end = last as unknown as WorkerReport;
  const elapsed = (performance.now() - t0) / 1000;
  producer.send('stop');
  worker.send('stop');
  await Promise.all([new Promise((r) => producer.once('exit', r)), new Promise((r) => worker.once('exit', r))]);
  const settled = p99s.slice(2); // the first seconds include the group join
  const s: Steady = {
    link: link.name,
    ratePerSecond: rate,
    seconds,
    p50MedianMs: median(p50s.slice(2)),
    p99MedianMs: median(settled),
    p99WorstMs: Math.max(...settled),
    writtenPerSecond: (end.written - startWritten) / elapsed,
    finalLag: end.lag ?? NaN,
    peakRssMB: end.rss / 2 ** 20,
  };
  console.log(
    `${link.name.padEnd(5)} steady ${String(rate).padStart(6)}/s for ${seconds} s: p50 ${s.p50MedianMs.toFixed(1)} ms, p99 median ${s.p99MedianMs.toFixed(1)} ms (worst second ${s.p99WorstMs.toFixed(1)}), written ${Math.round(s.writtenPerSecond)}/s, lag at the end ${s.finalLag}, peak RSS ${s.peakRssMB.toFixed(0)} MB`,
  );
  return s;
}

/** Holds when the pipeline kept up (≥ 97 % of the rate written) and the lag stayed under one second's worth. */
const holds = (s: Steady) => s.writtenPerSecond >= 0.97 * s.ratePerSecond && s.finalLag <= s.ratePerSecond;

async function sustained(link: Link): Promise<{ ratePerSecond: number; run: Steady | null; tried: Steady[] }> {
  const tried: Steady[] = [];
  let best = 0;
  // Short probes upwards in 5k steps, then the best one for the full window (stepping down if it does not hold).
  for (let rate = 5_000; rate <= 60_000; rate += 5_000) {
    const probe = await steady(link, rate, quick ? 8 : 15);
    tried.push(probe);
    if (!holds(probe)) break;
    best = rate;
  }
  for (let rate = best; rate >= 5_000; rate -= 5_000) {
    const run = await steady(link, rate, SUSTAIN_SECONDS);
    tried.push(run);
    if (holds(run)) return { ratePerSecond: rate, run, tried };
  }
  return { ratePerSecond: 0, run: null, tried };
}

console.log(
  `pipeline bench: ${USERS} users, ${cpus().length} cores, ${new Date().toISOString()}; links 0 ms and ${2 * ONE_WAY_MS} ms round trip (proxy)`,
);
const [direct, slow] = await links();
console.log(
  `measured round trip to the store: ${direct!.name} ${direct!.rttMs.toFixed(2)} ms, ${slow!.name} ${slow!.rttMs.toFixed(2)} ms`,
);
const { good } = makeMessages(USERS, 0, 99);
const results: Throughput[] = [];
for (let i = 0; i < REPEAT; i++) {
  for (const link of [direct!, slow!]) {
    const variants = THROUGHPUT_ONLY
      ? (['straightforward', 'userstream'] as const)
      : (['naive', 'straightforward', 'userstream'] as const);
    for (const variant of variants) results.push(await throughput(variant, link, good));
  }
}
if (THROUGHPUT_ONLY) {
  for (const close of closers.reverse()) await close().catch(() => undefined);
  process.exit(0);
}
const steadyRuns = [];
for (const link of [direct!, slow!])
  for (const rate of [5_000, 20_000]) steadyRuns.push(await steady(link, rate, STEADY_SECONDS));
const whole = await sustained(direct!);
console.log(`whole stack on ${cpus().length} cores: sustained ${whole.ratePerSecond}/s for ${SUSTAIN_SECONDS} s`);

for (const close of closers.reverse()) await close().catch(() => undefined);

const of = (variant: Variant, link: string) => results.find((r) => r.variant === variant && r.link === link)!;
const ratio = (a: Throughput, b: Throughput) => a.usersPerSecond / b.usersPerSecond;
const figures = {
  loopbackVsStraightforward: ratio(of('userstream', '0 ms'), of('straightforward', '0 ms')),
  oneMsVsStraightforward: ratio(of('userstream', '1 ms'), of('straightforward', '1 ms')),
  oneMsVsNaive: ratio(of('userstream', '1 ms'), of('naive', '1 ms')),
  cpuMicrosPerUser: of('userstream', '0 ms').cpuMicrosPerUser,
  p99At5kMs: steadyRuns.find((s) => s.link === '0 ms' && s.ratePerSecond === 5_000)!.p99MedianMs,
  sustainedUsersPerSecond: whole.ratePerSecond,
  peakRssAtMaxRateMB: Math.max(of('userstream', '0 ms').peakRssMB, whole.run?.peakRssMB ?? 0),
};
const targets = {
  loopbackVsStraightforward: '≥ 1.5',
  oneMsVsStraightforward: '≥ 1.5',
  oneMsVsNaive: '≥ 15',
  cpuMicrosPerUser: '≤ 20',
  p99At5kMs: '≤ 20',
  sustainedUsersPerSecond: '≥ 25000',
  peakRssAtMaxRateMB: '≤ 250',
};
console.log('\nagainst the targets:');
for (const [k, v] of Object.entries(figures))
  console.log(`  ${k.padEnd(28)} ${v.toFixed(2).padStart(10)}   target ${targets[k as keyof typeof targets]}`);

const dir = join(here, 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(
  join(dir, 'pipeline.json'),
  `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cores: cpus().length, users: USERS, links: [direct, slow], results, steady: steadyRuns, sustained: whole, figures, targets }, null, 2)}\n`,
);
process.exit(0);
