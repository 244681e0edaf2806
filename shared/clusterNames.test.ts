import { describe, expect, it } from 'vitest';
import { cqlIdentifierProblem, kafkaTopicProblem } from './clusterNames';
import { parseSettings } from './settings';

describe('names the cluster refuses', () => {
  it('refuses reserved CQL words as keyspace or table, in any case, naming the field', () => {
    const result = parseSettings({ cassandra: { keyspace: 'select', table: 'Table' } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toEqual([
      { field: 'cassandra.keyspace', message: expect.stringMatching(/"select" is a reserved CQL word/) },
      { field: 'cassandra.table', message: expect.stringMatching(/"Table" is a reserved CQL word/) },
    ]);
    // Non-reserved keywords are fine unquoted.
    expect(cqlIdentifierProblem('users')).toBeNull();
    expect(cqlIdentifierProblem('count')).toBeNull();
    expect(cqlIdentifierProblem('key')).toBeNull();
  });

  it('refuses topic names Kafka forbids, for the source and the dead-letter topic', () => {
    for (const bad of ['.', '..', 'a'.repeat(250), 'users created', 'users/created', 'ünïcode']) {
      expect(kafkaTopicProblem(bad), bad).not.toBeNull();
      const parsed = parseSettings({ kafka: { topic: bad }, pipeline: { deadLetterTopic: bad } });
      expect(parsed.ok).toBe(false);
      if (parsed.ok) continue;
      expect(parsed.error.map((p) => p.field)).toEqual(['kafka.topic', 'pipeline.deadLetterTopic']);
    }
    expect(kafkaTopicProblem('a'.repeat(249))).toBeNull();
    expect(kafkaTopicProblem('users_created.dlq-2')).toBeNull();
    expect(parseSettings({ pipeline: { deadLetterTopic: '' } }).ok).toBe(true);
    expect(parseSettings({ kafka: { topic: '  users_created  ' } })).toMatchObject({
      ok: true,
      value: { kafka: { topic: 'users_created' } },
    });
  });
});
