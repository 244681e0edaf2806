// Whatever text or bytes arrive, the engine answers with a result or a CqlError: it never throws or rejects.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openSession, simpleKeyspace } from './testSupport';
import type { BoundValue } from './types';

const FRAGMENTS = [
  'SELECT',
  'INSERT',
  'UPDATE',
  'DELETE',
  'FROM',
  'INTO',
  'WHERE',
  'VALUES',
  'SET',
  'IF',
  'NOT',
  'EXISTS',
  'AND',
  'IN',
  'token',
  '(',
  ')',
  ',',
  '=',
  '<',
  '>=',
  '?',
  ':n',
  '*',
  'COUNT(*)',
  'LIMIT',
  'ORDER BY',
  'ALLOW FILTERING',
  'ks.t',
  't',
  'k',
  'c',
  'v',
  'l',
  "'x'",
  '1',
  '-2.5',
  '0xff',
  '[1, 2]',
  "{'a': 1}",
  'true',
  'null',
  'USING TTL 5',
  'BEGIN BATCH',
  'APPLY BATCH',
  ';',
  'CREATE TABLE',
  'PRIMARY KEY',
  'int',
  'text',
  'list<int>',
  'DROP',
  'TRUNCATE',
  'USE',
  'DESCRIBE',
];

describe('CQL engine robustness', () => {
  it('answers random statements and random bound bytes without throwing', async () => {
    const s = await openSession();
    await s.run(simpleKeyspace('ks'));
    await s.run('CREATE TABLE ks.t (k int, c text, v text, l list<int>, PRIMARY KEY (k, c))');
    const options = {
      sessionKeyspace: 'ks',
      consistency: 1,
      serialConsistency: null,
      pageSize: 3,
      pagingState: null,
      defaultTimestamp: null,
      skipMetadata: false,
    };
    const value: fc.Arbitrary<BoundValue> = fc.oneof(
      fc.uint8Array({ maxLength: 12 }).map((u) => Buffer.from(u)),
      fc.constant(null),
      fc.constant('unset' as const),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 14 }).map((parts) => parts.join(' ')),
          fc.string({ maxLength: 60 }),
        ),
        fc.array(value, { maxLength: 4 }),
        fc.option(
          fc.uint8Array({ maxLength: 24 }).map((u) => Buffer.from(u)),
          { nil: null },
        ),
        async (query, values, pagingState) => {
          const result = await s.engine.query(query, values, { ...options, pagingState });
          expect(typeof result.ok).toBe('boolean');
          // Code 0 would be an internal exception escaping as a server error.
          if (!result.ok) expect(result.error.code, result.error.message).not.toBe(0);
          const prepared = s.engine.prepare(query, 'ks');
          if (prepared.ok) {
            const executed = await s.engine.execute(prepared.value.id, values, options);
            expect(typeof executed.ok).toBe('boolean');
          } else expect(prepared.error.code).toBeGreaterThan(0);
        },
      ),
      { numRuns: 400 },
    );
    // And it still works afterwards.
    await s.run("INSERT INTO ks.t (k, c, v) VALUES (1, 'a', 'ok')");
    expect((await s.run("SELECT v FROM ks.t WHERE k = 1 AND c = 'a'")).rows).toEqual([{ v: 'ok' }]);
  });
});
