// On-disk mode: restart keeps everything, kill -9 keeps everything acknowledged, torn tails are cut, retention bounds
// the disk.
import { appendFileSync, readdirSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CompressionTypes } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import type { Logger, LogFields } from '../../../shared/logger';
import { connectRawClient } from './testing/rawClient';
import { spawnChildBroker } from './testing/childBroker';
import { kafkaFor, startBroker, tempDir, uniqueName } from './testing/fixtures';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const method = (a: LogFields | string, b?: string): void =>
    void lines.push(typeof a === 'string' ? a : `${b ?? ''} ${JSON.stringify(a)}`);
  const logger = { lines, debug: method, info: method, warn: method, error: method, child: () => logger };
  return logger;
}

/** Reads a whole partition through raw Fetch v11 and returns [baseOffset, lastOffset] of each batch. */
async function readBatches(port: number, topic: string, partition: number, from = 0): Promise<Array<[number, number]>> {
  const raw = await connectRawClient(port);
  const out: Array<[number, number]> = [];
  let offset = from;
  for (;;) {
    const body = await raw.request(1, 11, {
      replicaId: -1,
      maxWaitMs: 0,
      minBytes: 0,
      maxBytes: 50_000_000,
      isolationLevel: 0,
      sessionId: 0,
      sessionEpoch: -1,
      topics: [
        {
          topic,
          partitions: [
            {
              partition,
              currentLeaderEpoch: -1,
              fetchOffset: BigInt(offset),
              logStartOffset: -1n,
              partitionMaxBytes: 1_000_000,
            },
          ],
        },
      ],
      forgottenTopicsData: [],
      rackId: '',
    });
    const p = (
      body.responses as Array<{
        partitions: Array<{ errorCode: number; records: Buffer | null; highWatermark: bigint }>;
      }>
    )[0]?.partitions[0];
    if (!p || p.errorCode !== 0) throw new Error(`fetch error ${p?.errorCode}`);
    const records = p.records ?? Buffer.alloc(0);
    if (records.length === 0) break;
    let at = 0;
    while (at + 61 <= records.length) {
      const base = Number(records.readBigInt64BE(at));
      const last = base + records.readInt32BE(at + 23);
      out.push([base, last]);
      offset = last + 1;
      at += 12 + records.readInt32BE(at + 8);
    }
    if (BigInt(offset) >= p.highWatermark) break;
  }
  raw.close();
  return out;
}

function expectContiguous(batches: Array<[number, number]>, from: number, to: number): void {
  expect(batches[0]?.[0]).toBe(from);
  for (let i = 1; i < batches.length; i++) expect(batches[i]?.[0]).toBe((batches[i - 1]?.[1] ?? 0) + 1);
  expect((batches[batches.length - 1]?.[1] ?? -1) + 1).toBe(to);
}

describe('kafka broker storage', () => {
  it('keeps topics, partitions and messages across a restart on the same data dir', async () => {
    const data = tempDir();
    const topic = uniqueName('restart');
    const first = await startBroker({ dataDir: data.dir });
    const kafka = kafkaFor(first);
    const admin = kafka.admin();
    const producer = kafka.producer();
    await Promise.all([admin.connect(), producer.connect()]);
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] });
    await admin.createPartitions({ topicPartitions: [{ topic, count: 3 }] });
    const gone = uniqueName('deleted');
    await admin.createTopics({ topics: [{ topic: gone }] });
    await admin.deleteTopics({ topics: [gone] });
    for (let i = 0; i < 20; i++)
      await producer.send({
        topic,
        messages: [
          { partition: i % 3, value: `v${i}` },
          { partition: i % 3, value: `w${i}` },
        ],
      });
    await producer.send({ topic, compression: CompressionTypes.GZIP, messages: [{ partition: 0, value: 'gz' }] });
    await Promise.all([admin.disconnect(), producer.disconnect()]);
    await first.close();

    const second = await startBroker({ dataDir: data.dir });
    const admin2 = kafkaFor(second).admin();
    await admin2.connect();
    expect(await admin2.listTopics()).toContain(topic);
    expect(await admin2.listTopics()).not.toContain(gone);
    const offsets = await admin2.fetchTopicOffsets(topic);
    expect(offsets.map((o) => [o.partition, o.high]).sort()).toEqual([
      [0, '15'],
      [1, '14'],
      [2, '12'],
    ]);
    expectContiguous(await readBatches(second.port, topic, 0), 0, 15);
    const producer2 = kafkaFor(second).producer();
    await producer2.connect();
    const [result] = await producer2.send({ topic, messages: [{ partition: 1, value: 'after restart' }] });
    expect(result?.baseOffset).toBe('14');
    await Promise.all([admin2.disconnect(), producer2.disconnect()]);
    await second.close();
    data.remove();
  });

  it('refuses a second broker on a data dir in use, and allows it once the first has closed', async () => {
    const data = tempDir();
    const first = await startBroker({ dataDir: data.dir });
    await expect(startBroker({ dataDir: data.dir })).rejects.toThrow(/in use by another broker/);
    await first.close();
    const second = await startBroker({ dataDir: data.dir });
    await second.close();
    data.remove();
  });

  it('cuts a torn or corrupt tail found at startup and keeps the rest', async () => {
    const data = tempDir();
    const topic = uniqueName('torn');
    const first = await startBroker({ dataDir: data.dir });
    const producer = kafkaFor(first).producer();
    await producer.connect();
    await admin(first, async (a) => a.createTopics({ topics: [{ topic, numPartitions: 1 }] }));
    for (let i = 0; i < 5; i++) await producer.send({ topic, messages: [{ value: `kept-${i}` }] });
    await producer.disconnect();
    await first.close();

    const dir = join(data.dir, 'topics', topic, '0');
    const segment = join(dir, readdirSync(dir).filter((f) => f.endsWith('.log'))[0] as string);
    const good = statSync(segment).size;
    // A crash in the middle of a write: the first 30 bytes of a copy of the last batch.
    const bytes = readFileSync(segment);
    appendFileSync(segment, bytes.subarray(bytes.length - 80, bytes.length - 50));
    const logger = recordingLogger();
    const second = await startBroker({ dataDir: data.dir, logger });
    expect(statSync(segment).size).toBe(good);
    expect(logger.lines.some((l) => l.includes('torn tail'))).toBe(true);
    expectContiguous(await readBatches(second.port, topic, 0), 0, 5);
    await second.close();

    // A flipped byte inside the last batch: its CRC no longer matches, so that batch goes.
    const corrupt = readFileSync(segment);
    corrupt[corrupt.length - 3] = (corrupt[corrupt.length - 3] as number) ^ 0xff;
    writeFileSync(segment, corrupt);
    const third = await startBroker({ dataDir: data.dir });
    expectContiguous(await readBatches(third.port, topic, 0), 0, 4);
    const producer3 = kafkaFor(third).producer();
    await producer3.connect();
    const [result] = await producer3.send({ topic, messages: [{ value: 'next' }] });
    expect(result?.baseOffset).toBe('4');
    await producer3.disconnect();
    await third.close();
    data.remove();
  });

  it('keeps every acknowledged message when the broker process is killed with SIGKILL', async () => {
    const data = tempDir();
    const topic = uniqueName('kill9');
    const child = await spawnChildBroker({ dataDir: data.dir });
    const kafka = kafkaFor({ host: '127.0.0.1', port: child.port });
    await admin({ host: '127.0.0.1', port: child.port }, async (a) =>
      a.createTopics({ topics: [{ topic, numPartitions: 3 }] }),
    );
    const producer = kafka.producer({ retry: { retries: 0 } });
    await producer.connect();
    const acked = [0, 0, 0];
    const sending = (async () => {
      for (let i = 0; ; i++) {
        const partition = i % 3;
        try {
          await producer.send({
            topic,
            messages: Array.from({ length: 10 }, (_, j) => ({ partition, value: `m-${i}-${j}` })),
          });
        } catch {
          return;
        }
        acked[partition] = (acked[partition] ?? 0) + 10;
      }
    })();
    await expect.poll(() => acked.reduce((a, b) => a + b, 0), { timeout: 20_000 }).toBeGreaterThan(300);
    const exited = new Promise((resolve) => child.child.once('exit', resolve));
    child.child.kill('SIGKILL');
    await exited;
    await sending;
    await producer.disconnect().catch(() => undefined);

    const restarted = await startBroker({ dataDir: data.dir });
    await admin(restarted, async (a) => {
      const offsets = await a.fetchTopicOffsets(topic);
      for (const o of offsets) expect(Number(o.high)).toBeGreaterThanOrEqual(acked[o.partition] ?? 0);
    });
    for (let p = 0; p < 3; p++) {
      const batches = await readBatches(restarted.port, topic, p);
      expectContiguous(batches, 0, (batches[batches.length - 1]?.[1] ?? -1) + 1);
    }
    await restarted.close();
    data.remove();
  }, 60_000);

  it('bounds an in-memory partition by the retention too', async () => {
    const topic = uniqueName('retention-memory');
    const broker = await startBroker({ retentionBytesPerPartition: 16 * 1024 });
    const producer = kafkaFor(broker).producer();
    await producer.connect();
    for (let i = 0; i < 100; i++) await producer.send({ topic, messages: [{ partition: 0, value: 'm'.repeat(1000) }] });
    await producer.disconnect();
    await admin(broker, async (a) => {
      const offsets = (await a.fetchTopicOffsets(topic)).find((o) => o.partition === 0);
      expect(offsets?.high).toBe('100');
      expect(Number(offsets?.low)).toBeGreaterThan(80);
      expectContiguous(await readBatches(broker.port, topic, 0, Number(offsets?.low)), Number(offsets?.low), 100);
    });
    await broker.close();
  });

  it('drops whole old segments beyond the per-partition retention and advances the log start offset', async () => {
    const data = tempDir();
    const topic = uniqueName('retention');
    const broker = await startBroker({ dataDir: data.dir, retentionBytesPerPartition: 16 * 1024 });
    const producer = kafkaFor(broker).producer();
    await producer.connect();
    await admin(broker, async (a) => a.createTopics({ topics: [{ topic, numPartitions: 1 }] }));
    for (let i = 0; i < 100; i++) await producer.send({ topic, messages: [{ value: 'r'.repeat(1000) }] });
    await producer.disconnect();
    const dir = join(data.dir, 'topics', topic, '0');
    const onDisk = readdirSync(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0);
    expect(onDisk).toBeLessThanOrEqual(16 * 1024 + 4096 + 1100);
    await admin(broker, async (a) => {
      const [offsets] = await a.fetchTopicOffsets(topic);
      expect(offsets?.high).toBe('100');
      expect(Number(offsets?.low)).toBeGreaterThan(70);
      const batches = await readBatches(broker.port, topic, 0, Number(offsets?.low));
      expectContiguous(batches, Number(offsets?.low), 100);
    });
    await broker.close();
    // Many segments now: a restart rebuilds the same log from them.
    expect(readdirSync(dir).filter((f) => f.endsWith('.log')).length).toBeGreaterThan(2);
    const restarted = await startBroker({ dataDir: data.dir, retentionBytesPerPartition: 16 * 1024 });
    await admin(restarted, async (a) => {
      const [offsets] = await a.fetchTopicOffsets(topic);
      expect(offsets?.high).toBe('100');
      expectContiguous(await readBatches(restarted.port, topic, 0, Number(offsets?.low)), Number(offsets?.low), 100);
    });
    await restarted.close();
    data.remove();
  });
});

async function admin(
  broker: { host: string; port: number },
  use: (a: ReturnType<ReturnType<typeof kafkaFor>['admin']>) => Promise<unknown>,
): Promise<void> {
  const a = kafkaFor(broker).admin();
  await a.connect();
  try {
    await use(a);
  } finally {
    await a.disconnect();
  }
}
