import { describe, expect, it } from 'vitest';
import { settingsFromEnv } from './settingsEnv';
import { fieldOrigins, isLocked, originLabel } from './settingsSources';

describe('field origins', () => {
  it('names the layer that set each field: the stack over flags over the environment over the file', () => {
    const origins = fieldOrigins({
      file: { kafka: { topic: 'file_topic', groupId: 'file_group' }, cassandra: { keyspace: 'ks' } },
      env: settingsFromEnv({ KAFKA_TOPIC: 'env_topic', KAFKA_SASL_PASSWORD: 'p', CASSANDRA_HOST: 'c' }),
      flags: { kafka: { topic: 'flag_topic' } },
      embedded: true,
    });
    expect(origins['kafka.topic']).toEqual({ source: 'flag', name: '--topic' });
    expect(origins['kafka.groupId']).toEqual({ source: 'file' });
    expect(origins['kafka.clientId']).toEqual({ source: 'default' });
    expect(origins['cassandra.keyspace']).toEqual({ source: 'file' });
    expect(origins['cassandra.contactPoints']).toEqual({ source: 'embedded' });
    expect(origins['kafka.sasl.password']).toEqual({ source: 'embedded' });
    expect(originLabel(origins['kafka.topic'])).toBe('from --topic');
    expect(isLocked(origins['kafka.groupId'])).toBe(false);

    const off = fieldOrigins({ file: {}, env: settingsFromEnv({ KAFKA_SASL_PASSWORD: 'p' }), embedded: false });
    expect(off['kafka.sasl.password']).toEqual({ source: 'env', name: 'KAFKA_SASL_PASSWORD' });
    expect(originLabel(off['kafka.sasl.password'])).toBe('from KAFKA_SASL_PASSWORD');
    expect(originLabel({ source: 'embedded' })).toBe('from the embedded stack');
  });
});
