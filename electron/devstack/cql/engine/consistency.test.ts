// ANY for a read, which cassandra-driver cannot send (it turns consistency 0 into ONE for QUERY and EXECUTE).
import { describe, expect, it } from 'vitest';
import { openSession, simpleKeyspace } from './testSupport';

describe('CQL engine: consistency', () => {
  it('refuses ANY for reads, as ConsistencyLevel.validateForRead does, and accepts it for writes', async () => {
    const s = await openSession();
    await s.run(simpleKeyspace('ks'));
    await s.run('CREATE TABLE ks.kv (k int PRIMARY KEY, v int)');
    await s.run('INSERT INTO ks.kv (k, v) VALUES (1, 1)', [], { consistency: 0 });
    await expect(s.run('SELECT * FROM ks.kv', [], { consistency: 0 })).rejects.toThrow(
      'ANY ConsistencyLevel is only supported for writes',
    );
    await expect(s.run('SELECT * FROM ks.kv WHERE k = ?', [1], { consistency: 0 })).rejects.toThrow(
      'ANY ConsistencyLevel is only supported for writes',
    );
  });
});
