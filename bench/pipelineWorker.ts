// One consumer variant in its own process, so its CPU time and RSS are its own: `naive` (eachMessage, one awaited
// INSERT), `straightforward` (eachBatch + executeConcurrent of single prepared INSERTs) or `userstream` (the app's
// pipeline with its defaults). Started by pipeline.bench.ts; reports over IPC every 100 ms.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import cassandra from 'cassandra-driver';
import { Kafka, logLevel } from 'kafkajs';
import { decodeChecked } from '../shared/decode';
import type { Settings } from '../shared/settings';
import { USER_COLUMNS } from '../shared/user';
import { createPipeline } from '../electron/pipeline';
import { connectCassandra } from '../electron/pipeline/cassandraClient';

export type Variant = 'naive' | 'straightforward' | 'userstream';

/** What the parent asks for. */
export interface WorkerTask {
  variant: Variant;
  settings: Settings;
}

/** What the worker reports, cumulatively, every 100 ms (and once more when told to stop). */
export interface WorkerReport {
  written: number;
  cpuMicros: number;
  rss: number;
  /** userstream only: the pipeline's latest end-to-end percentiles and total lag. */
  latency?: { p50: number; p99: number } | null;
  lag?: number;
}

const task = JSON.parse(process.argv[2] ?? '{}') as WorkerTask;
const { settings } = task;
let written = 0;
let latency: WorkerReport['latency'] = null;
let lag = 0;

const kafka = () =>
  new Kafka({ brokers: [...settings.kafka.brokers], clientId: `bench-${task.variant}`, logLevel: logLevel.NOTHING });
const insert = `INSERT INTO ${settings.cassandra.keyspace}.${settings.cassandra.table} (${USER_COLUMNS.join(', ')}) VALUES (${USER_COLUMNS.map(() => '?').join(', ')})`;

async function baseline(kind: 'naive' | 'straightforward'): Promise<() => Promise<void>> {
  const { client } = await connectCassandra(settings.cassandra);
  const consumer = kafka().consumer({ groupId: settings.kafka.groupId, maxWaitTimeInMs: 200 });
  await consumer.connect();
  await consumer.subscribe({ topics: [settings.kafka.topic], fromBeginning: true });
  if (kind === 'naive') {
    await consumer.run({
      eachMessage: async ({ message }) => {
        const r = decodeChecked(message.value, 1 << 20);
        if (r.ok)
          await client.execute(
            insert,
            USER_COLUMNS.map((c) => r.row[c]),
            { prepare: true },
          );
        written++;
      },
    });
  } else {
    await consumer.run({
      eachBatch: async ({ batch }) => {
        const params = [];
        for (const m of batch.messages) {
          const r = decodeChecked(m.value, 1 << 20);
          if (r.ok) params.push(USER_COLUMNS.map((c) => r.row[c]));
        }
        await cassandra.concurrent.executeConcurrent(client, insert, params, { concurrencyLevel: 256 });
        written += batch.messages.length;
      },
    });
  }
  return async () => {
    await consumer.disconnect();
    await client.shutdown();
  };
}

async function userstream(): Promise<() => Promise<void>> {
  const pipeline = createPipeline({ settings, dataDir: await mkdtemp(join(tmpdir(), 'bench-pipeline-')) });
  // The app's core listens to written users too (its recent-users feed), so this costs what the app pays.
  pipeline.on('user', () => void written++);
  pipeline.on('metrics', (m) => {
    latency = m.latencyMs ? { p50: m.latencyMs.p50, p99: m.latencyMs.p99 } : null;
    lag = m.totalLag;
  });
  await pipeline.start();
  return () => pipeline.close();
}

const stop = task.variant === 'userstream' ? await userstream() : await baseline(task.variant);
let peakRss = 0;
const report = (): WorkerReport => {
  const cpu = process.cpuUsage();
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  return {
    written,
    cpuMicros: cpu.user + cpu.system,
    rss: peakRss,
    ...(task.variant === 'userstream' ? { latency, lag } : {}),
  };
};
const timer = setInterval(() => process.send?.(report()), 100);
process.send?.({ ready: true });
process.on('message', (m) => {
  if (m !== 'stop') return;
  clearInterval(timer);
  process.send?.(report());
  void stop().finally(() => process.exit(0));
});
process.on('disconnect', () => process.exit(0));
