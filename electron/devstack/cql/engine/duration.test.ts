// The duration type: Cassandra's three literal forms, the zig-zag vint wire format checked against the DataStax
// driver's own codec, Cassandra's refusals (primary key, set elements, map keys), the type name in system_schema.
import cassandra from 'cassandra-driver';
import { describe, expect, it } from 'vitest';
import { decodeDuration, durationText, encodeDuration, parseDuration } from './durationCodec';
import { openSession, simpleKeyspace } from './testSupport';

const { Duration } = cassandra.types;

describe('CQL engine: duration', () => {
  it('encodes as the driver does, for the literal forms Cassandra accepts', () => {
    const forms = ['1y2mo3w4d5h6m7s8ms9us10ns', '-1y2mo', 'P1Y2M3DT4H5M6S', 'P2W', '-P0001-02-03T04:05:06', '1950µs'];
    for (const text of forms) {
      const d = parseDuration(text);
      if (typeof d === 'string') throw new Error(d);
      const ours = encodeDuration(d);
      expect(ours.toString('hex'), text).toBe(Duration.fromString(text).toBuffer().toString('hex'));
      expect(decodeDuration(ours)).toEqual(d);
    }
    for (const text of ['9223372036854775807ns', '-9223372036854775808ns']) {
      const d = parseDuration(text);
      if (typeof d === 'string') throw new Error(d);
      expect(encodeDuration(d).toString('hex')).toBe(Duration.fromString(text).toBuffer().toString('hex'));
    }
    expect(durationText(parseDuration('P1Y2M3DT4H5M6S') as never)).toBe('1y2mo3d4h5m6s');
    expect(parseDuration('1x')).toBe("Unable to convert '1x' to a duration");
    expect(decodeDuration(Buffer.from([0x02, 0x01, 0x00]))).toBe(
      'The duration months, days and nanoseconds must be all of the same sign',
    );
  });

  it('stores literals and bound values, reports the type, and refuses it where Cassandra does', async () => {
    const s = await openSession();
    await s.run(simpleKeyspace('ks'));
    await s.run('USE ks');
    await s.run('CREATE TABLE t (k int PRIMARY KEY, d duration, l list<duration>, m map<int, duration>)');
    await s.run("INSERT INTO t (k, d, l, m) VALUES (1, 1h30m, [P1D, -2w, 'P0001-00-00T00:00:00'], {1: 3mo})");
    await s.run('INSERT INTO t (k, d) VALUES (2, ?)', [Duration.fromString('-P1Y2M')]);
    const rows = (await s.run('SELECT k, d, l, m FROM t')).rows;
    const text = (v: unknown) => String(v);
    expect(rows.map((r) => [r.k, text(r.d)])).toEqual([
      [1, '1h30m'],
      [2, '-1y2mo'],
    ]);
    expect((rows[0]?.l as unknown[]).map(text)).toEqual(['1d', '-14d', '1y']);
    const cast = await s.run('SELECT CAST(d AS text) AS t FROM t WHERE k = 1');
    expect(cast.rows[0]?.t).toBe('1h30m');
    const cols = await s.run(
      "SELECT column_name, type FROM system_schema.columns WHERE keyspace_name = 'ks' AND table_name = 't'",
    );
    expect(cols.rows.find((r) => r.column_name === 'd')?.type).toBe('duration');
    expect((await s.failure('CREATE TABLE p (k duration PRIMARY KEY)')).message).toBe(
      "duration type is not supported for PRIMARY KEY column 'k'",
    );
    expect((await s.failure('CREATE TABLE p (k int, c duration, PRIMARY KEY (k, c))')).message).toBe(
      "duration type is not supported for PRIMARY KEY column 'c'",
    );
    expect((await s.failure('CREATE TABLE p (k int PRIMARY KEY, s set<duration>)')).message).toBe(
      'Durations are not allowed inside sets: set<duration>',
    );
    expect((await s.failure('CREATE TABLE p (k int PRIMARY KEY, m map<duration, int>)')).message).toBe(
      'Durations are not allowed as map keys: map<duration, int>',
    );
    expect((await s.failure('SELECT k FROM t WHERE d > 1h ALLOW FILTERING')).message).toBe(
      'Slice restrictions are not supported on duration columns',
    );
    expect((await s.run('SELECT k FROM t WHERE d = 1h30m ALLOW FILTERING')).rows).toEqual([{ k: 1 }]);
    expect((await s.failure("INSERT INTO t (k, d) VALUES (3, 'nope')")).message).toContain(
      "Unable to convert 'nope' to a duration",
    );
  });
});
