// DeleteRecords: the log start offset moves (and stays across a restart), ListOffsets earliest follows it, a fetch
// below it is OFFSET_OUT_OF_RANGE, a consumer from the beginning starts there; compacted-only topics refuse.
import type { Admin, Kafka, Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KafkaBroker } from './index';
import { ErrorCode } from './protocol/errorCodes';
import { kafkaFor, startBroker, tempDir, uniqueName } from './testing/fixtures';
import { connectRawClient } from './testing/rawClient';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

async function fetchError(port: number, topic: string, offset: number): Promise<number | undefined> {
  const client = await connectRawClient(port);
  try {
    const body = await client.request(1, 11, {
      replicaId: -1,
      maxWaitMs: 0,
      minBytes: 1,
      maxBytes: 1_000_000,
      isolationLevel: 0,
      sessionId: 0,
      sessionEpoch: -1,
      topics: [
        {
          topic,
          partitions: [
            {
              partition: 0,
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
    return (body.responses as Array<{ partitions: Array<{ errorCode: number }> }>)[0]?.partitions[0]?.errorCode;
  } finally {
    client.close();
  }
}

for (const mode of ['memory', 'disk'] as const) {
  describe(`kafka broker DeleteRecords (${mode}, kafkajs)`, () => {
    const data = tempDir();
    let broker: KafkaBroker;
    let kafka: Kafka;
    let admin: Admin;
    let producer: Producer;
    const start = async () => {
      broker = await startBroker({ dataDir: mode === 'disk' ? data.dir : undefined, logCleanerIntervalMs: 0 });
      kafka = kafkaFor(broker);
      admin = kafka.admin();
      producer = kafka.producer();
      await Promise.all([admin.connect(), producer.connect()]);
    };

    beforeAll(start);

    afterAll(async () => {
      await Promise.all([admin?.disconnect(), producer?.disconnect()]);
      await broker?.close();
      data.remove();
    });

    it('moves the log start offset; earliest follows; fetching below it is OFFSET_OUT_OF_RANGE', async () => {
      const topic = uniqueName('delrec');
      await admin.createTopics({
        topics: [{ topic, numPartitions: 1, configEntries: [{ name: 'segment.bytes', value: '1024' }] }],
      });
      for (let i = 0; i < 10; i++)
        await producer.send({ topic, messages: [{ value: `m${i}-`.padEnd(200, '.') }, { value: `n${i}` }] });
      // kafkajs finds the leader in the admin's cached metadata, so it must have seen the topic first.
      await admin.fetchTopicMetadata({ topics: [topic] });
      await admin.deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: '7' }] });
      expect((await admin.fetchTopicOffsets(topic))[0]).toMatchObject({ low: '7', high: '20' });
      expect(await fetchError(broker.port, topic, 6)).toBe(ErrorCode.OFFSET_OUT_OF_RANGE);
      expect(await fetchError(broker.port, topic, 7)).toBe(0);

      const consumer = kafka.consumer({ groupId: uniqueName('delrec-group'), maxWaitTimeInMs: 50 });
      const offsets: number[] = [];
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await new Promise<void>((resolve) => {
        void consumer.run({
          eachMessage: async ({ message }) => {
            offsets.push(Number(message.offset));
            if (Number(message.offset) === 19) resolve();
          },
        });
      });
      await consumer.disconnect();
      // The batch holding offset 7 starts at 6; the client skips what is below its position.
      expect(offsets).toEqual([7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);

      // -1 = up to the high watermark; past it is refused.
      await expect(admin.deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: '25' }] })).rejects.toThrow(
        /deleting records/,
      );
      const client = await connectRawClient(broker.port);
      try {
        const body = await client.request(21, 1, {
          topics: [{ name: topic, partitions: [{ partitionIndex: 0, offset: 25n }] }],
          timeoutMs: 1000,
        });
        const partition = (body.topics as Array<{ partitions: Array<{ errorCode: number }> }>)[0]?.partitions[0];
        expect(partition?.errorCode).toBe(ErrorCode.OFFSET_OUT_OF_RANGE);
      } finally {
        client.close();
      }
      await admin.deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: '-1' }] });
      expect((await admin.fetchTopicOffsets(topic))[0]).toMatchObject({ low: '20', high: '20' });
      await producer.send({ topic, messages: [{ value: 'after' }] });
      expect((await admin.fetchTopicOffsets(topic))[0]).toMatchObject({ low: '20', high: '21' });

      if (mode === 'disk') {
        await Promise.all([admin.disconnect(), producer.disconnect()]);
        await broker.close();
        await start();
        expect((await admin.fetchTopicOffsets(topic))[0]).toMatchObject({ low: '20', high: '21' });
      }
    });

    it('refuses on a topic whose cleanup.policy is compact only (POLICY_VIOLATION)', async () => {
      const topic = uniqueName('delrec-compact');
      await admin.createTopics({
        topics: [{ topic, numPartitions: 1, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] }],
      });
      await producer.send({ topic, messages: [{ key: 'k', value: 'v' }] });
      const client = await connectRawClient(broker.port);
      try {
        const body = await client.request(21, 2, {
          topics: [{ name: topic, partitions: [{ partitionIndex: 0, offset: 1n }] }],
          timeoutMs: 1000,
        });
        const partition = (body.topics as Array<{ partitions: Array<{ errorCode: number }> }>)[0]?.partitions[0];
        expect(partition?.errorCode).toBe(ErrorCode.POLICY_VIOLATION);
      } finally {
        client.close();
      }
    });
  });
}
