// Conditional batches: every IF is checked against the rows before the batch; all statements apply when each holds,
// none when one fails (answered with that statement's [applied] = false and the values it saw).
import { describe, expect, it } from 'vitest';
import { openSession, simpleKeyspace } from './testSupport';

describe('CQL engine: conditional batches', () => {
  it('applies all or nothing, and refuses several tables', async () => {
    const s = await openSession();
    await s.run(simpleKeyspace('ks'));
    await s.run('USE ks');
    await s.run('CREATE TABLE t (k int, c int, v text, PRIMARY KEY (k, c))');
    await s.run('CREATE TABLE o (k int PRIMARY KEY)');
    const applied = await s.run(
      "BEGIN BATCH INSERT INTO t (k, c, v) VALUES (1, 1, 'a') IF NOT EXISTS; INSERT INTO t (k, c, v) VALUES (1, 2, 'b'); APPLY BATCH",
    );
    expect(applied.rows).toEqual([{ '[applied]': true }]);
    const refused = await s.run(
      "BEGIN BATCH UPDATE t SET v = 'x' WHERE k = 1 AND c = 1 IF v = 'zzz'; INSERT INTO t (k, c, v) VALUES (1, 3, 'c'); APPLY BATCH",
    );
    expect(refused.rows).toEqual([{ '[applied]': false, v: 'a' }]);
    expect((await s.run('SELECT c, v FROM t WHERE k = 1')).rows).toEqual([
      { c: 1, v: 'a' },
      { c: 2, v: 'b' },
    ]);
    expect(
      (
        await s.failure(
          'BEGIN BATCH INSERT INTO t (k, c, v) VALUES (2, 1, null) IF NOT EXISTS; INSERT INTO o (k) VALUES (1); APPLY BATCH',
        )
      ).message,
    ).toBe('Batch with conditions cannot span multiple tables');
  });
});
