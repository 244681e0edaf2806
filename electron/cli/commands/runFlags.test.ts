import { describe, expect, it } from 'vitest';
import { mergeSettings } from '../../../shared/mergeSettings';
import { parseSettings } from '../../../shared/settings';
import { settingsFromEnv } from '../../../shared/settingsEnv';
import { SETTINGS_FLAGS, valueAt } from '../../../shared/settingsSources';
import { settingsFromFlags } from './runFlags';
import { formatStatusLine, shortNumber } from './statusLine';

describe('run flags', () => {
  it('flags override the environment, which overrides the defaults', () => {
    const env = settingsFromEnv({ KAFKA_BROKER: 'envhost', CASSANDRA_HOST: 'c1,c2:9043', KAFKA_GROUP: 'g-env' });
    const flags = settingsFromFlags({ brokers: 'flaghost:1', dc: 'dc9', 'no-dlq': true, table: 'users2' });
    const parsed = parseSettings(mergeSettings(env, flags));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.kafka.brokers).toEqual(['flaghost:1']);
    expect(parsed.value.kafka.groupId).toBe('g-env');
    expect(parsed.value.cassandra.contactPoints).toEqual(['c1:9042', 'c2:9043']);
    expect(parsed.value.cassandra.localDataCenter).toBe('dc9');
    expect(parsed.value.cassandra.table).toBe('users2');
    expect(parsed.value.pipeline.deadLetterTopic).toBe('');
  });

  it('each flag Settings names as a source sets the field it names', () => {
    for (const [field, flag] of Object.entries(SETTINGS_FLAGS)) {
      const flags = settingsFromFlags({ [flag.slice(2)]: 'host9:1' });
      expect(valueAt(flags, field), flag).toBeDefined();
    }
  });

  it('--dlq-topic with --no-dlq is a usage error', () => {
    expect(() => settingsFromFlags({ 'dlq-topic': 'x', 'no-dlq': true })).toThrow(/exclude each other/);
  });

  it('formats the status line', () => {
    expect(shortNumber(12_400)).toBe('12.4k');
    expect(shortNumber(3_100_000)).toBe('3.1M');
    const line = formatStatusLine(
      { state: 'running', since: 0, kafka: { state: 'up', address: '' }, cassandra: { state: 'up', address: '' } },
      {
        at: 0,
        intervalMs: 1000,
        consumed: { total: 10, perSecond: 1 },
        written: { total: 12_400, perSecond: 5_000 },
        rejected: { total: 3, perSecond: 0 },
        deadLettered: { total: 3, perSecond: 0 },
        bytes: { total: 0, perSecond: 0 },
        latencyMs: { p50: 2, p95: 4, p99: 9.6 },
        partitions: [],
        totalLag: 42,
        members: [],
        inFlightWrites: 7,
        eventLoopLagMs: { p50: 0, p99: 0, max: 0 },
        memory: { rssBytes: 0, heapUsedBytes: 0 },
      },
    );
    expect(line).toBe('running · 5000/s · written 12.4k · rejected 3 · lag 42 · in flight 7 · p99 10ms');
  });
});
