import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevstack, type Devstack } from '../devstack';
import { DLQ_HEADERS } from './deadLetter';
import { createPipeline } from './pipeline';
import type { Pipeline } from './pipelineTypes';
import { kafkaFor, makeMessages, produceValues, readTopic, testSettings } from './testing/fixtures';
import { createUsersQuery } from './usersQuery';

let stack: Devstack;
beforeAll(async () => {
  stack = await startDevstack({});
});
afterAll(async () => {
  await stack?.close();
});

const written = (p: Pipeline) => {
  let total = 0;
  let rejected = 0;
  p.on('metrics', (m) => {
    total = m.written.total;
    rejected = m.rejected.total;
  });
  return () => ({ written: total, rejected });
};

describe('pipeline against the embedded stack', () => {
  it('10k good + 100 bad → 10k rows, 100 error records, 100 dead letters with headers; a re-send adds no row', async () => {
    const settings = testSettings(stack.kafka.address, stack.cql.address);
    const { good, bad, ids } = makeMessages(10_000, 100);
    const values = [...good];
    bad.forEach((b, i) => values.splice(i * 100 + 50, 0, b)); // spread the bad ones through the stream
    await produceValues(stack.kafka.address, settings.kafka.topic, values);

    const dataDir = await mkdtemp(join(tmpdir(), 'pipeline-'));
    const pipeline = createPipeline({ settings, dataDir });
    const counts = written(pipeline);
    await pipeline.start();
    expect(pipeline.status().state).toBe('running');
    await expect.poll(counts, { timeout: 90_000, interval: 200 }).toMatchObject({ written: 10_000, rejected: 100 });

    const users = createUsersQuery({ settings: settings.cassandra });
    expect(await users.countExactly()).toBe(ids.size);
    // The rejected count moves when a message is judged; its error record is added once its dead letter is sent.
    await expect.poll(() => pipeline.listErrors({ limit: 1000 }).length, { timeout: 30_000 }).toBe(100);
    const errors = pipeline.listErrors({ limit: 1000 });
    for (const e of errors) {
      expect(e.problems.length).toBeGreaterThan(0);
      expect(e.deadLettered).toBe(true);
    }
    const dead = await readTopic(stack.kafka.address, settings.pipeline.deadLetterTopic, 100);
    expect(dead).toHaveLength(100);
    for (const d of dead) {
      expect(d.headers[DLQ_HEADERS.sourceTopic]).toBe(settings.kafka.topic);
      expect(d.headers[DLQ_HEADERS.reason]).toMatch(/^[a-z_,]+$/);
      expect(Number(d.headers[DLQ_HEADERS.sourceOffset])).toBeGreaterThanOrEqual(0);
    }
    expect(new Set(dead.map((d) => d.value))).toEqual(new Set(bad));

    // Re-send every good message: upserts by deterministic id add nothing.
    await produceValues(stack.kafka.address, settings.kafka.topic, good);
    await expect.poll(counts, { timeout: 90_000, interval: 200 }).toMatchObject({ written: 20_000 });
    expect(await users.countExactly()).toBe(ids.size);

    // Lookup tables answer the exact searches.
    const [first] = (await users.page({ pageSize: 1, pageState: null })).rows;
    expect(first).toBeDefined();
    expect((await users.byEmail(first!.email!)).map((r) => r.id)).toContain(first!.id);
    expect((await users.byUsername(first!.username!)).map((r) => r.id)).toContain(first!.id);
    expect(await users.byId(first!.id)).toEqual(first);

    await pipeline.stop();
    expect(pipeline.status().state).toBe('stopped');
    // Every offset is committed after a graceful stop.
    const admin = kafkaFor(stack.kafka.address).admin();
    await admin.connect();
    const committed = await admin.fetchOffsets({ groupId: settings.kafka.groupId, topics: [settings.kafka.topic] });
    const highs = await admin.fetchTopicOffsets(settings.kafka.topic);
    await admin.disconnect();
    const committedTotal = committed[0]!.partitions.reduce((s, p) => s + Number(p.offset), 0);
    expect(committedTotal).toBe(highs.reduce((s, h) => s + Number(h.high), 0));
    await users.close();
    await pipeline.close();
  }, 240_000);

  it('stop, start, pause, resume and reset offsets', async () => {
    const settings = testSettings(stack.kafka.address, stack.cql.address);
    const { good, ids } = makeMessages(500, 0, 11);
    await produceValues(stack.kafka.address, settings.kafka.topic, good);
    const pipeline = createPipeline({ settings });
    const counts = written(pipeline);
    const states: string[] = [];
    pipeline.on('status', (s) => states.push(s.state));
    await pipeline.start();
    await expect.poll(counts, { timeout: 60_000 }).toMatchObject({ written: 500 });

    await pipeline.pause();
    expect(pipeline.status().state).toBe('paused');
    await produceValues(stack.kafka.address, settings.kafka.topic, makeMessages(200, 0, 12).good);
    await new Promise((r) => setTimeout(r, 1500)); // paused: nothing should be consumed meanwhile
    expect(counts().written).toBe(500);
    await pipeline.resume();
    await expect.poll(counts, { timeout: 60_000 }).toMatchObject({ written: 700 });

    await pipeline.stop();
    await pipeline.stop(); // idempotent
    await pipeline.resetOffsets({ to: 'earliest' });
    await pipeline.start();
    await expect.poll(counts, { timeout: 60_000 }).toMatchObject({ written: 1400 });
    const users = createUsersQuery({ settings: settings.cassandra });
    expect(await users.countExactly()).toBe(ids.size + makeMessages(200, 0, 12).ids.size);
    await users.close();
    await pipeline.close();
    expect(states).toEqual(expect.arrayContaining(['connecting', 'running', 'paused', 'stopping', 'stopped']));
  }, 120_000);

  it('stop emits one last metrics snapshot after the drain, so its written total matches the table', async () => {
    // Metrics every minute: within this test only the snapshot taken on stop can report the writes.
    const settings = testSettings(stack.kafka.address, stack.cql.address, { pipeline: { metricsIntervalMs: 60_000 } });
    const { good, ids } = makeMessages(300, 0, 31);
    await produceValues(stack.kafka.address, settings.kafka.topic, good);
    const dataDir = await mkdtemp(join(tmpdir(), 'pipeline-'));
    const pipeline = createPipeline({ settings, dataDir });
    const counts = written(pipeline);
    const states: string[] = [];
    pipeline.on('status', (s) => states.push(s.state));
    const users = createUsersQuery({ settings: settings.cassandra });
    await pipeline.start();
    await expect.poll(() => users.countExactly(), { timeout: 60_000, interval: 250 }).toBe(ids.size);
    await pipeline.stop();
    expect(counts().written).toBe(await users.countExactly());
    expect(pipeline.metricsHistory().at(-1)?.written.total).toBe(ids.size);
    expect(states.at(-1)).toBe('stopped');
    await users.close();
    await pipeline.close();
  }, 120_000);

  it('two workers in one group share the partitions and together write everything', async () => {
    const settings = testSettings(stack.kafka.address, stack.cql.address);
    const { good, ids } = makeMessages(3_000, 0, 21);
    const a = createPipeline({ settings });
    const b = createPipeline({ settings });
    const ca = written(a);
    const cb = written(b);
    await a.start();
    await b.start();
    // start() resolves once consuming began, not once b's join rebalanced the group: without this wait, a can drain
    // the topic alone before the rebalance reaches it.
    const owners = () => (a.metricsHistory().at(-1)?.members ?? []).filter((m) => m.partitions.length > 0).length;
    await expect.poll(owners, { timeout: 30_000 }).toBe(2);
    await produceValues(stack.kafka.address, settings.kafka.topic, good);
    await expect.poll(() => ca().written + cb().written, { timeout: 90_000 }).toBeGreaterThanOrEqual(3_000);
    const users = createUsersQuery({ settings: settings.cassandra });
    expect(await users.countExactly()).toBe(ids.size);
    await users.close();
    expect(ca().written).toBeGreaterThan(0);
    expect(cb().written).toBeGreaterThan(0);
    await Promise.all([a.close(), b.close()]);
  }, 120_000);

  it('refuses an existing table with other columns, naming the difference', async () => {
    const settings = testSettings(stack.kafka.address, stack.cql.address);
    const { connectCassandra } = await import('./cassandraClient');
    const { client } = await connectCassandra(settings.cassandra);
    await client.execute(
      `CREATE KEYSPACE ${settings.cassandra.keyspace} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`,
    );
    await client.execute(
      `CREATE TABLE ${settings.cassandra.keyspace}.created_users (id uuid PRIMARY KEY, first_name int)`,
    );
    await client.shutdown();
    const pipeline = createPipeline({ settings });
    await expect(pipeline.start()).rejects.toThrow(/first_name is int, expected text.*missing column last_name/);
    expect(pipeline.status().state).toBe('error');
    await pipeline.close();
  }, 60_000);
});
