import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, parseSettings } from './settings';
import { envNamesCluster, settingsFromEnv, splitHostList } from './settingsEnv';
import { mergeSettings } from './mergeSettings';

describe('settings', () => {
  it('has the seed defaults', () => {
    expect(DEFAULT_SETTINGS.kafka.brokers).toEqual(['localhost:9092']);
    expect(DEFAULT_SETTINGS.kafka.topic).toBe('users_created');
    expect(DEFAULT_SETTINGS.kafka.groupId).toBe('userstream');
    expect(DEFAULT_SETTINGS.kafka.startFrom).toBe('earliest');
    expect(DEFAULT_SETTINGS.cassandra.contactPoints).toEqual(['localhost:9042']);
    expect(DEFAULT_SETTINGS.cassandra.keyspace).toBe('spark_user_streams');
    expect(DEFAULT_SETTINGS.cassandra.table).toBe('created_users');
    expect(DEFAULT_SETTINGS.cassandra.replication).toEqual({ class: 'SimpleStrategy', replicationFactor: 1 });
    expect(DEFAULT_SETTINGS.pipeline.deadLetterTopic).toBe('users_created.dlq');
    expect(DEFAULT_SETTINGS.pipeline.errorPolicy).toBe('retry-forever');
  });

  it('names the field of every problem', () => {
    const result = parseSettings({
      kafka: { brokers: ['localhost:9092', 'no-port'], sasl: { mechanism: 'plain' } },
      cassandra: { keyspace: '1bad', replication: { class: 'NetworkTopologyStrategy', dataCenters: {} } },
      pipeline: { inFlightLimit: 0 },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const fields = result.error.map((p) => p.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'kafka.brokers.1',
        'kafka.sasl.username',
        'cassandra.keyspace',
        'cassandra.replication.dataCenters',
        'pipeline.inFlightLimit',
      ]),
    );
    expect(result.error.find((p) => p.field === 'kafka.brokers.1')?.message).toMatch(/host:port/);
  });

  it('reads the seed environment variables, adding default ports', () => {
    const env = { KAFKA_BROKER: 'kafka1, kafka2:29092', CASSANDRA_HOST: 'cass', CASSANDRA_DC: 'dc2' };
    const parsed = parseSettings(mergeSettings({ kafka: { topic: 'from-file' } }, settingsFromEnv(env)));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.kafka.brokers).toEqual(['kafka1:9092', 'kafka2:29092']);
    expect(parsed.value.kafka.topic).toBe('from-file');
    expect(parsed.value.cassandra.contactPoints).toEqual(['cass:9042']);
    expect(parsed.value.cassandra.localDataCenter).toBe('dc2');
    expect(envNamesCluster(env)).toBe(true);
    expect(envNamesCluster({ KAFKA_BROKER: ' ' })).toBe(false);
  });

  it('brackets bare IPv6 hosts', () => {
    expect(splitHostList('::1,[::1]:1234,[fe80::1]', 9042)).toEqual(['[::1]:9042', '[::1]:1234', '[fe80::1]:9042']);
  });

  it('lets later layers win field by field', () => {
    const merged = mergeSettings({ kafka: { topic: 'a', groupId: 'g' } }, { kafka: { topic: 'b' } }, undefined);
    expect(merged).toEqual({ kafka: { topic: 'b', groupId: 'g' } });
  });
});
