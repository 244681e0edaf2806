// Issue 5: "Topics compressed with gzip, snappy, lz4 or zstd are read". Producers compress record batches on their side;
// the pipeline must decompress every codec and write each user, checked by reading the rows back.
import { execFile, spawnSync } from 'node:child_process';
import kafkajs from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevstack, type Devstack } from '../devstack';
import { registerCompressionCodecs } from './compressionCodecs';
import { createPipeline } from './pipeline';
import { kafkaFor, makeMessages, testSettings } from './testing/fixtures';
import { createUsersQuery } from './usersQuery';

const { CompressionTypes } = kafkajs;
const PER_CODEC = 200;

// zstd: kafkajs has no pure-JS zstd compressor (fzstd only decompresses), so librdkafka (Debian's kcat) produces it.
const kcatFeatures = spawnSync('kcat', ['-V'], { encoding: 'utf8' });
const kcatHasZstd = kcatFeatures.status === 0 && /builtin\.features=.*zstd/.test(kcatFeatures.stdout);

function kcatProduce(args: string[], input: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = execFile('kcat', args, { timeout: 30_000 }, (error, _stdout, stderr) =>
      error ? reject(new Error(`kcat failed: ${stderr || error.message}`)) : resolve(),
    );
    child.stdin?.end(input);
  });
}

let stack: Devstack;
beforeAll(async () => {
  stack = await startDevstack({});
});
afterAll(async () => {
  await stack?.close();
});

async function expectAllWritten(settings: ReturnType<typeof testSettings>, ids: Set<string>) {
  const pipeline = createPipeline({ settings });
  const users = createUsersQuery({ settings: settings.cassandra });
  try {
    await pipeline.start();
    await expect.poll(() => users.countExactly().catch(() => 0), { timeout: 40_000, interval: 250 }).toBe(ids.size);
    for (const id of ids) expect((await users.byId(id))?.id).toBe(id);
    expect(pipeline.listErrors({ limit: 10 })).toEqual([]);
  } finally {
    await users.close();
    await pipeline.close();
  }
}

describe('compressed topics', () => {
  it('writes every user produced by kafkajs with gzip, snappy and lz4', async () => {
    registerCompressionCodecs();
    const settings = testSettings(stack.kafka.address, stack.cql.address);
    const codecs = [CompressionTypes.GZIP, CompressionTypes.Snappy, CompressionTypes.LZ4];
    const ids = new Set<string>();
    const producer = kafkaFor(stack.kafka.address).producer({ allowAutoTopicCreation: true });
    await producer.connect();
    try {
      for (const [i, compression] of codecs.entries()) {
        const { good, ids: batchIds } = makeMessages(PER_CODEC, 0, 100 + i);
        batchIds.forEach((id) => ids.add(id));
        await producer.send({
          topic: settings.kafka.topic,
          acks: -1,
          compression,
          messages: good.map((value) => ({ value })),
        });
      }
    } finally {
      await producer.disconnect();
    }
    expect(ids.size).toBe(codecs.length * PER_CODEC);
    await expectAllWritten(settings, ids);
  });

  // Skipped only when kcat (Debian package `kcat`) is missing or built without zstd: nothing else here can produce zstd.
  it.skipIf(!kcatHasZstd)('writes every user produced with zstd (kcat -z zstd)', async () => {
    const settings = testSettings(stack.kafka.address, stack.cql.address);
    const { good, ids } = makeMessages(PER_CODEC, 0, 200);
    // One JSON document per line: kcat -P sends each line as a message.
    expect(good.every((v) => !v.includes('\n'))).toBe(true);
    await kcatProduce(
      ['-b', stack.kafka.address, '-P', '-t', settings.kafka.topic, '-z', 'zstd'],
      `${good.join('\n')}\n`,
    );
    await expectAllWritten(settings, ids);
  });
});
