// kafkajs 2.2.4's transactional producer end to end over TCP: commit and abort as read_committed and
// read_uncommitted consumers see them, sendOffsets (consume-transform-produce), a fenced zombie, the transaction
// timeout, a restart with a data dir, and kcat (librdkafka) reading with isolation.level=read_committed.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { type Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KafkaBroker } from '../index';
import { kafkaFor, startBroker, tempDir, uniqueName } from '../testing/fixtures';
import { kcat, kcatAvailable } from '../testing/kcat';
import { readValues } from './testing/readTopic';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

const txnProducer = (kafka: Kafka, transactionalId: string, transactionTimeout = 30_000) =>
  kafka.producer({ transactionalId, idempotent: true, maxInFlightRequests: 1, transactionTimeout });

const send = async (producer: ReturnType<typeof txnProducer>, topic: string, values: string[], commit: boolean) => {
  const txn = await producer.transaction();
  await txn.send({ topic, messages: values.map((value) => ({ value })) });
  await (commit ? txn.commit() : txn.abort());
};

describe('kafkajs transactions', () => {
  let broker: KafkaBroker;
  let kafka: Kafka;

  beforeAll(async () => {
    broker = await startBroker({ defaultPartitions: 1 });
    kafka = kafkaFor(broker);
  });
  afterAll(async () => {
    await broker?.close();
  });

  it('shows committed messages to read_committed, aborted ones only to read_uncommitted (and kcat agrees)', async () => {
    const topic = uniqueName('txn-commit');
    const producer = txnProducer(kafka, uniqueName('txn'));
    await producer.connect();
    await send(producer, topic, ['c1', 'c2'], true);
    await send(producer, topic, ['a1', 'a2'], false);
    await send(producer, topic, ['c3'], true);
    await producer.disconnect();

    const done = (values: string[]) => values.includes('c3');
    expect(await readValues(kafka, topic, { until: done })).toEqual(['c1', 'c2', 'c3']);
    expect(await readValues(kafka, topic, { readUncommitted: true, until: done })).toEqual([
      'c1',
      'c2',
      'a1',
      'a2',
      'c3',
    ]);

    if (!kcatAvailable) return; // kcat is Debian's; the kafkajs half above still ran
    const address = `${broker.host}:${broker.port}`;
    const read = await kcat([
      '-b',
      address,
      '-C',
      '-X',
      'isolation.level=read_committed',
      '-t',
      topic,
      '-p',
      '0',
      '-o',
      'beginning',
      '-e',
      '-q',
    ]);
    expect(read.code, read.stderr).toBe(0);
    expect(read.stdout.trim().split('\n')).toEqual(['c1', 'c2', 'c3']);
  }, 30_000);

  it('commits sendOffsets only with the transaction (consume-transform-produce)', async () => {
    const input = uniqueName('txn-in');
    const output = uniqueName('txn-out');
    const groupId = uniqueName('txn-group');
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: input }, { topic: output }] });
    const plain = kafka.producer();
    await plain.connect();
    await plain.send({ topic: input, messages: ['1', '2', '3', '4'].map((value) => ({ value })) });
    await plain.disconnect();
    const committed = async () => (await admin.fetchOffsets({ groupId, topics: [input] }))[0]?.partitions[0]?.offset;

    const producer = txnProducer(kafka, uniqueName('txn'));
    await producer.connect();
    const consumer = kafka.consumer({ groupId, sessionTimeout: 6000, heartbeatInterval: 500, maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic: input, fromBeginning: true });
    let handled = 0;
    let aborted = false;
    const finished = new Promise<void>((resolve, reject) => {
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ message, partition }) => {
            const txn = await producer.transaction();
            await txn.send({ topic: output, messages: [{ value: `out-${message.value?.toString()}` }] });
            const next = (Number(message.offset) + 1).toString();
            await txn.sendOffsets({
              consumerGroupId: groupId,
              topics: [{ topic: input, partitions: [{ partition, offset: next }] }],
            });
            // Before EndTxn the offset is pending, not visible to OffsetFetch.
            expect(await committed()).toBe(handled === 0 ? '-1' : String(handled));
            if (message.value?.toString() === '3' && !aborted) {
              aborted = true;
              await txn.abort();
              throw new Error('abort and redeliver');
            }
            await txn.commit();
            handled = Number(next);
            if (handled === 4) resolve();
          },
        })
        .catch(reject);
    });
    await finished;
    await consumer.disconnect();
    await producer.disconnect();
    expect(await committed()).toBe('4');
    const out = await readValues(kafka, output, { until: (v) => v.includes('out-4') });
    expect(out).toEqual(['out-1', 'out-2', 'out-3', 'out-4']);
    await admin.disconnect();
  }, 30_000);

  it('fences a zombie producer with the older epoch and aborts its open transaction', async () => {
    const topic = uniqueName('txn-zombie');
    const transactionalId = uniqueName('txn');
    const zombie = txnProducer(kafka, transactionalId);
    await zombie.connect();
    const old = await zombie.transaction();
    await old.send({ topic, messages: [{ value: 'zombie-1' }] });

    const successor = txnProducer(kafka, transactionalId);
    await successor.connect();
    const next = await successor.transaction(); // InitProducerId: bumps the epoch, aborts the zombie's transaction
    await expect(old.send({ topic, messages: [{ value: 'zombie-2' }] })).rejects.toThrow(/epoch|fenced/i);
    await expect(old.commit()).rejects.toThrow(/epoch|fenced|invalid state/i);
    await next.send({ topic, messages: [{ value: 'successor' }] });
    await next.commit();
    await successor.disconnect();
    await zombie.disconnect();

    expect(await readValues(kafka, topic, { until: (v) => v.includes('successor') })).toEqual(['successor']);
  }, 30_000);

  it('aborts a transaction left open past transaction.timeout.ms', async () => {
    const topic = uniqueName('txn-timeout');
    const producer = txnProducer(kafka, uniqueName('txn'), 1000);
    await producer.connect();
    const txn = await producer.transaction();
    await txn.send({ topic, messages: [{ value: 'late' }] });
    const admin = kafka.admin();
    await admin.connect();
    // read_committed latest (the last stable offset) moves past the transaction once it is aborted.
    const stable = async () => (await admin.fetchTopicOffsets(topic))[0]?.offset;
    const deadline = Date.now() + 10_000;
    while ((await stable()) !== '2' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await stable()).toBe('2');
    await expect(txn.commit()).rejects.toThrow();
    await producer.disconnect();
    await admin.disconnect();
  }, 30_000);
});

describe('kafkajs transactions across a restart with a data dir', () => {
  it('keeps aborted data hidden, and the next producer of the id aborts what the last one left open', async () => {
    const data = tempDir();
    const topic = uniqueName('txn-restart');
    const transactionalId = uniqueName('txn');
    let broker = await startBroker({ dataDir: data.dir, defaultPartitions: 1 });
    let kafka = kafkaFor(broker);
    const producer = txnProducer(kafka, transactionalId);
    await producer.connect();
    await send(producer, topic, ['c1'], true);
    await send(producer, topic, ['a1'], false);
    await send(producer, topic, ['c2'], true);
    const open = await producer.transaction();
    await open.send({ topic, messages: [{ value: 'left-open' }] });
    await producer.disconnect();
    await broker.close();

    broker = await startBroker({ dataDir: data.dir, defaultPartitions: 1 });
    kafka = kafkaFor(broker);
    const successor = txnProducer(kafka, transactionalId);
    await successor.connect();
    await send(successor, topic, ['c3'], true);
    await successor.disconnect();
    const done = (values: string[]) => values.includes('c3');
    expect(await readValues(kafka, topic, { until: done })).toEqual(['c1', 'c2', 'c3']);
    expect(await readValues(kafka, topic, { readUncommitted: true, until: done })).toEqual([
      'c1',
      'a1',
      'c2',
      'left-open',
      'c3',
    ]);
    await broker.close();
    data.remove();
  }, 30_000);

  it('aborts a transaction left open in the log that the stored state does not know', async () => {
    const data = tempDir();
    const topic = uniqueName('txn-leftover');
    let broker = await startBroker({ dataDir: data.dir, defaultPartitions: 1 });
    let kafka = kafkaFor(broker);
    const producer = txnProducer(kafka, uniqueName('txn'));
    await producer.connect();
    await send(producer, topic, ['c1'], true);
    const open = await producer.transaction();
    await open.send({ topic, messages: [{ value: 'left-open' }] });
    await producer.disconnect();
    await broker.close();
    // As after a crash between the append and the state write: the log has the data, the coordinator nothing.
    rmSync(join(data.dir, 'transactions'), { recursive: true, force: true });

    broker = await startBroker({ dataDir: data.dir, defaultPartitions: 1 });
    kafka = kafkaFor(broker);
    const plain = kafka.producer();
    await plain.connect();
    await plain.send({ topic, messages: [{ value: 'after-restart' }] });
    await plain.disconnect();
    const done = (values: string[]) => values.includes('after-restart');
    expect(await readValues(kafka, topic, { until: done })).toEqual(['c1', 'after-restart']);
    await broker.close();
    data.remove();
  }, 30_000);
});
