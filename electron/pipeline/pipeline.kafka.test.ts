// The Kafka half of the pipeline against the embedded broker over TCP (real kafkajs), with an in-memory fake of our
// own SinkConnector standing in for Cassandra.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafkaBroker } from '../devstack/kafka';
import { DLQ_HEADERS } from './deadLetter';
import { createPipeline } from './pipeline';
import { createMemorySink } from './testing/memorySink';
import { kafkaFor, makeMessages, produceValues, readTopic, testSettings } from './testing/fixtures';

let broker: Awaited<ReturnType<typeof createKafkaBroker>>;
let address: string;
beforeAll(async () => {
  broker = await createKafkaBroker({ host: '127.0.0.1', port: 0 });
  address = `127.0.0.1:${broker.port}`;
});
afterAll(async () => {
  await broker?.close();
});

async function committedTotal(groupId: string, topic: string) {
  const admin = kafkaFor(address).admin();
  await admin.connect();
  try {
    const committed = await admin.fetchOffsets({ groupId, topics: [topic] });
    const highs = await admin.fetchTopicOffsets(topic);
    return {
      committed: committed[0]!.partitions.reduce((s, p) => s + Math.max(0, Number(p.offset)), 0),
      high: highs.reduce((s, h) => s + Number(h.high), 0),
    };
  } finally {
    await admin.disconnect();
  }
}

describe('pipeline over the embedded Kafka broker', () => {
  it('writes every good message once, dead-letters every bad one with headers, commits to the end', async () => {
    const settings = testSettings(address, '127.0.0.1:1');
    const { good, bad, ids } = makeMessages(2_000, 20, 3);
    const values = [...good];
    bad.forEach((b, i) => values.splice(i * 100 + 7, 0, b));
    await produceValues(address, settings.kafka.topic, values);
    const memory = createMemorySink();
    const pipeline = createPipeline({ settings, connectSink: memory.connector });
    await pipeline.start();
    await expect.poll(() => memory.rows.size, { timeout: 30_000 }).toBe(ids.size);
    await expect.poll(() => pipeline.listErrors().length, { timeout: 30_000 }).toBe(20);
    const dead = await readTopic(address, settings.pipeline.deadLetterTopic, 20);
    expect(dead).toHaveLength(20);
    expect(dead.every((d) => d.headers[DLQ_HEADERS.sourceTopic] === settings.kafka.topic)).toBe(true);
    expect(new Set(dead.map((d) => d.value))).toEqual(new Set(bad));
    await pipeline.stop();
    const offsets = await committedTotal(settings.kafka.groupId, settings.kafka.topic);
    expect(offsets.committed).toBe(offsets.high);
    expect(pipeline.status().state).toBe('stopped');
    await pipeline.close();
  }, 60_000);

  it('a sink outage shows as connecting with the reason, and nothing is lost or committed early', async () => {
    const settings = testSettings(address, '127.0.0.1:1');
    const { good, ids } = makeMessages(1_000, 0, 4);
    const memory = createMemorySink();
    const pipeline = createPipeline({ settings, connectSink: memory.connector });
    const states: string[] = [];
    pipeline.on('status', (s) => states.push(`${s.state}:${s.cassandra.state}`));
    await pipeline.start();
    memory.setDown(true);
    await produceValues(address, settings.kafka.topic, good);
    await expect.poll(() => pipeline.status().state, { timeout: 20_000 }).toBe('connecting');
    expect(pipeline.status().reason).toMatch(/Cassandra unavailable: fake sink unavailable/);
    // While the sink is down nothing may be committed past what was written.
    const during = await committedTotal(settings.kafka.groupId, settings.kafka.topic);
    expect(during.committed).toBeLessThanOrEqual(memory.writes());
    memory.setDown(false);
    await expect.poll(() => memory.rows.size, { timeout: 30_000 }).toBe(ids.size);
    await expect.poll(() => pipeline.status().state, { timeout: 10_000 }).toBe('running');
    expect(states).toContain('connecting:down');
    await pipeline.close();
  }, 60_000);

  it('stop mid-stream then start again: every message is written, replays only rewrite', async () => {
    const settings = testSettings(address, '127.0.0.1:1');
    const { good, ids } = makeMessages(3_000, 0, 5);
    await produceValues(address, settings.kafka.topic, good);
    const memory = createMemorySink();
    const first = createPipeline({ settings, connectSink: memory.connector });
    await first.start();
    await expect.poll(() => memory.rows.size, { timeout: 30_000 }).toBeGreaterThan(100);
    await first.close();
    const second = createPipeline({ settings, connectSink: memory.connector });
    await second.start();
    await expect.poll(() => memory.rows.size, { timeout: 30_000 }).toBe(ids.size);
    await second.close();
    const offsets = await committedTotal(settings.kafka.groupId, settings.kafka.topic);
    expect(offsets.committed).toBe(offsets.high);
  }, 60_000);

  it('reset offsets to a timestamp replays only what came after it; to latest skips the backlog', async () => {
    const settings = testSettings(address, '127.0.0.1:1');
    const before = makeMessages(300, 0, 6);
    const after = makeMessages(200, 0, 7);
    await produceValues(address, settings.kafka.topic, before.good);
    await new Promise((r) => setTimeout(r, 50)); // distinct record timestamps on either side of the cut
    const cut = Date.now();
    await new Promise((r) => setTimeout(r, 50));
    await produceValues(address, settings.kafka.topic, after.good);
    const memory = createMemorySink();
    const pipeline = createPipeline({ settings, connectSink: memory.connector });
    await pipeline.start();
    await expect.poll(() => memory.writes(), { timeout: 30_000 }).toBe(500);
    await pipeline.resetOffsets({ to: { timestamp: cut } });
    await expect.poll(() => memory.writes(), { timeout: 30_000 }).toBe(700);
    await pipeline.stop();
    await pipeline.resetOffsets({ to: 'latest' });
    await produceValues(address, settings.kafka.topic, makeMessages(10, 0, 8).good);
    await pipeline.start();
    await expect.poll(() => memory.writes(), { timeout: 30_000 }).toBe(710);
    await pipeline.close();
  }, 90_000);
});
