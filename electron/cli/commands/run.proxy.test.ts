// `userstream run` killed with SIGKILL while it writes through fault proxies at a 1 ms round trip on both links (the
// broker and the CQL store a little way off, as a real cluster is), then run to the end: every produced user is in the
// table exactly once and the group's committed offsets reach the end of every partition. (The restarted worker is
// checked while it runs, then killed: a clean exit is run.kill.test's to check.)
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kafkaFor, makeMessages, produceValues, testSettings } from '../../pipeline/testing/fixtures';
import { startProxiedStack, type ProxiedStack } from '../../pipeline/testing/proxiedStack';
import { createUsersQuery } from '../../pipeline/usersQuery';
import { spawnRun } from '../testing/runChild';

// Half a millisecond each way: a 1 ms round trip (the proxy's timers round a hop up to at least 1 ms).
const ONE_MS_ROUND_TRIP = { latencyMs: 0.5 };
const SLICE = 2_000;

let proxied: ProxiedStack;
beforeAll(async () => {
  proxied = await startProxiedStack({ kafka: ONE_MS_ROUND_TRIP, cql: ONE_MS_ROUND_TRIP });
});
afterAll(async () => {
  await proxied?.close();
});

describe('userstream run through fault proxies, killed with SIGKILL', () => {
  it('a kill mid-write at 1 ms round trip, then a restart: offsets reach the end, each user once', async () => {
    const brokers = proxied.kafka.address;
    const settings = testSettings(brokers, proxied.cql.address);
    const { good, ids } = makeMessages(2 * SLICE, 0, 53);
    const args = [
      ...['--brokers', brokers, '--cassandra', proxied.cql.address],
      ...['--topic', settings.kafka.topic, '--group', settings.kafka.groupId],
      ...['--keyspace', settings.cassandra.keyspace, '--dlq-topic', settings.pipeline.deadLetterTopic],
      ...['--data-dir', await mkdtemp(join(tmpdir(), 'run-proxy-')), '--json'],
    ];
    await produceValues(brokers, settings.kafka.topic, good.slice(0, SLICE));
    const killed = spawnRun(args);
    // Killed once it has written some of them: in the middle of the writes.
    await expect.poll(killed.written, { timeout: 60_000, interval: 20 }).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, Math.random() * 300));
    killed.child.kill('SIGKILL');
    await killed.exited;
    // More users while no worker runs; the next one also has to replay what the killed one left unacknowledged.
    await produceValues(brokers, settings.kafka.topic, good.slice(SLICE));
    const last = spawnRun(args);
    const admin = kafkaFor(brokers).admin();
    await admin.connect();
    try {
      // The restarted worker commits up to the end of every partition: only after every row before it is written.
      const ends = await admin.fetchTopicOffsets(settings.kafka.topic);
      const committedAt = async () => {
        const [topic] = await admin.fetchOffsets({ groupId: settings.kafka.groupId, topics: [settings.kafka.topic] });
        return new Map(topic!.partitions.map((p) => [p.partition, p.offset]));
      };
      const expected = new Map(ends.map((e) => [e.partition, e.high]));
      await expect.poll(committedAt, { timeout: 90_000, interval: 250 }).toEqual(expected);
    } finally {
      await admin.disconnect();
    }
    expect(last.child.exitCode, last.stderr()).toBeNull();
    last.child.kill('SIGKILL');
    await last.exited;

    // Every row, paged by id: the produced users, each once.
    const users = createUsersQuery({ settings: settings.cassandra });
    const found: string[] = [];
    let pageState: string | null = null;
    do {
      const page = await users.page({ pageSize: 1000, pageState });
      for (const row of page.rows) found.push(row.id);
      pageState = page.nextPageState;
    } while (pageState);
    await users.close();
    expect(found.length).toBe(ids.size);
    expect(new Set(found)).toEqual(ids);
    // It all went through the proxies: every value was fetched through the Kafka one, and its fields (without the JSON
    // keys) written through the CQL one.
    const payload = good.reduce((n, v) => n + Buffer.byteLength(v), 0);
    expect(proxied.kafka.stats().bytes.down.forwarded).toBeGreaterThan(payload);
    expect(proxied.cql.stats().bytes.up.forwarded).toBeGreaterThan(payload / 3);
  }, 120_000);
});
