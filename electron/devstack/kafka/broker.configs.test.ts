// Topic configs: kept from CreateTopics (and across a restart), described as Kafka describes them, altered by
// AlterConfigs / IncrementalAlterConfigs, and obeyed (max.message.bytes, retention.ms, retention.bytes).
import { ConfigResourceTypes, type Admin, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KafkaBroker } from './index';
import { kafkaFor, startBroker, tempDir, uniqueName } from './testing/fixtures';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

const TOPIC = ConfigResourceTypes.TOPIC;
const BROKER = ConfigResourceTypes.BROKER;

async function topicConfigs(admin: Admin, topic: string, includeSynonyms = false) {
  const { resources } = await admin.describeConfigs({ includeSynonyms, resources: [{ type: TOPIC, name: topic }] });
  return new Map((resources[0]?.configEntries ?? []).map((e) => [e.configName, e]));
}

describe('kafka broker topic configs (kafkajs)', () => {
  const data = tempDir();
  let broker: KafkaBroker;
  let admin: Admin;
  let producer: Producer;

  beforeAll(async () => {
    broker = await startBroker({ dataDir: data.dir, logCleanerIntervalMs: 0 });
    const kafka = kafkaFor(broker);
    admin = kafka.admin();
    producer = kafka.producer();
    await Promise.all([admin.connect(), producer.connect()]);
  });

  afterAll(async () => {
    await Promise.all([admin?.disconnect(), producer?.disconnect()]);
    await broker?.close();
    data.remove();
  });

  it('keeps configs given at creation and describes them with sources and synonyms', async () => {
    const topic = uniqueName('cfg');
    await admin.createTopics({
      topics: [
        {
          topic,
          numPartitions: 1,
          configEntries: [
            { name: 'retention.ms', value: '3600000' },
            { name: 'cleanup.policy', value: 'compact' },
            { name: 'flush.messages', value: '10' },
          ],
        },
      ],
    });
    const configs = await topicConfigs(admin, topic, true);
    expect(configs.get('retention.ms')).toMatchObject({
      configValue: '3600000',
      isDefault: false,
      configSource: 1,
      readOnly: false,
    });
    expect(configs.get('retention.ms')?.configSynonyms).toEqual([
      { configName: 'retention.ms', configValue: '3600000', configSource: 1 },
      { configName: 'log.retention.ms', configValue: '-1', configSource: 4 },
      { configName: 'log.retention.hours', configValue: '168', configSource: 5 },
    ]);
    expect(configs.get('cleanup.policy')).toMatchObject({ configValue: 'compact', configSource: 1 });
    expect(configs.get('flush.messages')).toMatchObject({ configValue: '10', configSource: 1 });
    expect(configs.get('delete.retention.ms')).toMatchObject({
      configValue: '86400000',
      isDefault: true,
      configSource: 5,
    });
    expect(configs.get('delete.retention.ms')?.configSynonyms).toEqual([
      { configName: 'log.cleaner.delete.retention.ms', configValue: '86400000', configSource: 5 },
    ]);
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [
        { type: BROKER, name: '1', configNames: ['log.retention.ms', 'num.partitions', 'log.retention.hours'] },
      ],
    });
    const broker1 = new Map((resources[0]?.configEntries ?? []).map((e) => [e.configName, e]));
    expect(broker1.get('log.retention.ms')).toMatchObject({ configValue: '-1', configSource: 4, readOnly: false });
    expect(broker1.get('num.partitions')).toMatchObject({ configValue: '3', configSource: 4, readOnly: true });
    expect(broker1.get('log.retention.hours')).toMatchObject({ configValue: '168', configSource: 5, isDefault: true });
    // The cluster-default resource ("") lists only dynamically set defaults, as Kafka: none here.
    const { connectRawClient } = await import('./testing/rawClient');
    const client = await connectRawClient(broker.port);
    try {
      const body = await client.request(32, 4, {
        resources: [{ resourceType: BROKER, resourceName: '', configurationKeys: null }],
        includeSynonyms: false,
        includeDocumentation: false,
      });
      expect((body.results as unknown[])[0]).toMatchObject({ errorCode: 0, configs: [] });
    } finally {
      client.close();
    }
  });

  it('refuses unknown configs and bad values (INVALID_CONFIG)', async () => {
    const topic = uniqueName('cfg-bad');
    await expect(
      admin.createTopics({ topics: [{ topic, configEntries: [{ name: 'retention.mss', value: '1' }] }] }),
    ).rejects.toMatchObject({ errors: [expect.objectContaining({ type: 'INVALID_CONFIG' })] });
    await expect(
      admin.createTopics({ topics: [{ topic, configEntries: [{ name: 'cleanup.policy', value: 'forever' }] }] }),
    ).rejects.toMatchObject({ errors: [expect.objectContaining({ type: 'INVALID_CONFIG' })] });
    expect(await admin.listTopics()).not.toContain(topic);
  });

  it('alters configs (AlterConfigs replaces, IncrementalAlterConfigs edits) and keeps them across a restart', async () => {
    const topic = uniqueName('cfg-alter');
    await admin.createTopics({
      topics: [{ topic, numPartitions: 1, configEntries: [{ name: 'segment.ms', value: '60000' }] }],
    });
    await admin.alterConfigs({
      validateOnly: false,
      resources: [{ type: TOPIC, name: topic, configEntries: [{ name: 'retention.bytes', value: '100000' }] }],
    });
    let configs = await topicConfigs(admin, topic);
    expect(configs.get('retention.bytes')).toMatchObject({ configValue: '100000', configSource: 1 });
    expect(configs.get('segment.ms')).toMatchObject({ configValue: '604800000', configSource: 5 });

    // kafkajs 2.2.4 has no incrementalAlterConfigs: sent through its raw connection instead.
    const { connectRawClient } = await import('./testing/rawClient');
    const client = await connectRawClient(broker.port);
    try {
      const answer = await client.request(44, 1, {
        resources: [
          {
            resourceType: TOPIC,
            resourceName: topic,
            configs: [
              { name: 'cleanup.policy', configOperation: 2, value: 'compact' },
              { name: 'retention.bytes', configOperation: 1, value: null },
              { name: 'max.message.bytes', configOperation: 0, value: '2000' },
            ],
          },
        ],
        validateOnly: false,
      });
      expect((answer.responses as Array<{ errorCode: number }>)[0]?.errorCode).toBe(0);
      const refused = await client.request(44, 1, {
        resources: [
          {
            resourceType: TOPIC,
            resourceName: topic,
            configs: [{ name: 'retention.ms', configOperation: 2, value: '1' }],
          },
        ],
        validateOnly: false,
      });
      expect((refused.responses as Array<{ errorCode: number }>)[0]?.errorCode).toBe(40);
    } finally {
      client.close();
    }
    configs = await topicConfigs(admin, topic);
    expect(configs.get('cleanup.policy')?.configValue).toBe('delete,compact');
    expect(configs.get('retention.bytes')).toMatchObject({ configValue: '-1', configSource: 5 });

    // max.message.bytes is obeyed at once.
    await expect(
      producer.send({ topic, messages: [{ key: 'k', value: Buffer.alloc(5000, 'x') }] }),
    ).rejects.toMatchObject({ type: 'MESSAGE_TOO_LARGE' });

    await Promise.all([admin.disconnect(), producer.disconnect()]);
    await broker.close();
    broker = await startBroker({ dataDir: data.dir, logCleanerIntervalMs: 0 });
    const kafka = kafkaFor(broker);
    admin = kafka.admin();
    producer = kafka.producer();
    await Promise.all([admin.connect(), producer.connect()]);
    configs = await topicConfigs(admin, topic);
    expect(configs.get('max.message.bytes')).toMatchObject({ configValue: '2000', configSource: 1 });
    expect(configs.get('cleanup.policy')?.configValue).toBe('delete,compact');
  });

  it('deletes segments older than retention.ms and moves the log start offset', async () => {
    const topic = uniqueName('cfg-time');
    await admin.createTopics({
      topics: [{ topic, numPartitions: 1, configEntries: [{ name: 'segment.bytes', value: '1024' }] }],
    });
    const old = Date.now() - 3_600_000;
    for (let i = 0; i < 10; i++)
      await producer.send({
        topic,
        messages: [{ value: Buffer.alloc(300, 'o'), timestamp: String(old) }],
      });
    for (let i = 0; i < 3; i++) await producer.send({ topic, messages: [{ value: Buffer.alloc(300, 'n') }] });
    broker.maintainLogs();
    expect((await admin.fetchTopicOffsets(topic))[0]).toMatchObject({ low: '0', high: '13' });
    await admin.alterConfigs({
      validateOnly: false,
      resources: [
        {
          type: TOPIC,
          name: topic,
          configEntries: [
            { name: 'segment.bytes', value: '1024' },
            { name: 'retention.ms', value: '600000' },
          ],
        },
      ],
    });
    broker.maintainLogs();
    const [offsets] = await admin.fetchTopicOffsets(topic);
    // Every segment holding only the hour-old messages is gone; the newest three are kept.
    expect(Number(offsets?.low)).toBeGreaterThan(0);
    expect(Number(offsets?.low)).toBeLessThanOrEqual(10);
    expect(offsets?.high).toBe('13');
  });
});
