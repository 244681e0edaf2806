import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { CommitLog, forEachFrame } from './commitLog';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('commit log frames', () => {
  it('reads back every record across read-chunk boundaries, including one larger than a chunk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cql-log-'));
    dirs.push(dir);
    const path = join(dir, 'log.bin');
    const log = new CommitLog(path, 0);
    const sizes = [10, 3_000_000, 5_000_001, 17, 9_000_000, 1, 700_000];
    const written = sizes.map((n, i) => Buffer.alloc(n, i + 1));
    let last: Promise<void> = Promise.resolve();
    for (const r of written) last = log.append(r.length, (b, at) => b.set(r, at));
    await last;
    log.close();
    const seen: Buffer[] = [];
    const result = forEachFrame(path, (r) => seen.push(Buffer.from(r)));
    expect(result).toEqual({ records: sizes.length, validBytes: statSync(path).size });
    expect(seen.map((b) => [b.length, b[0]])).toEqual(written.map((b) => [b.length, b[0]]));

    // A torn tail (a header promising more than is there) is left out.
    appendFileSync(path, Buffer.from([0, 0, 0, 50, 1, 2, 3, 4, 9, 9]));
    expect(forEachFrame(path, () => undefined)).toEqual(result);
  });

  const tempLog = () => {
    const dir = mkdtempSync(join(tmpdir(), 'cql-log-'));
    dirs.push(dir);
    return join(dir, 'log.bin');
  };
  const record = (turn: number, i: number) => Buffer.alloc(100 + i, turn * 16 + i);
  /** Appends `count` records in one event-loop turn: one group frame. */
  const turn = (log: CommitLog, t: number, count: number) => {
    let last: Promise<void> = Promise.resolve();
    for (let i = 0; i < count; i++) last = log.append(100 + i, (b, at) => b.set(record(t, i), at));
    return last;
  };
  const read = (path: string) => {
    const seen: Buffer[] = [];
    const result = forEachFrame(path, (r) => seen.push(Buffer.from(r)));
    return { ...result, seen };
  };

  it('writes a turn as one group frame and drops a torn or corrupt group whole, keeping the groups before it', async () => {
    const path = tempLog();
    const log = new CommitLog(path, 0);
    await turn(log, 1, 3);
    await turn(log, 2, 2);
    const twoGroups = statSync(path).size;
    // 8-byte group header + 4 bytes per record: one checksum per turn, not per record.
    expect(twoGroups).toBe(2 * 8 + 5 * 4 + (100 + 101 + 102) + (100 + 101));
    await turn(log, 3, 4);
    log.close();
    const whole = read(path);
    expect(whole.records).toBe(9);
    expect(whole.validBytes).toBe(statSync(path).size);
    expect(whole.seen.map((b) => b.equals(record(b[0]! >> 4, b[0]! & 15)))).toEqual(new Array(9).fill(true));
    expect(whole.seen.map((b) => b[0]! >> 4)).toEqual([1, 1, 1, 2, 2, 3, 3, 3, 3]);

    // The third group cut short, as a crash mid-write leaves it: none of its records is read.
    const bytes = readFileSync(path);
    writeFileSync(path, bytes.subarray(0, bytes.length - 50));
    expect(read(path)).toMatchObject({ records: 5, validBytes: twoGroups });
    // One flipped byte inside the third group: the same.
    const flipped = Buffer.from(bytes);
    const at = twoGroups + 8 + 4 + 10;
    flipped[at] = (flipped[at] as number) ^ 1;
    writeFileSync(path, flipped);
    expect(read(path)).toMatchObject({ records: 5, validBytes: twoGroups });

    // Reopening at the valid length cuts the damage off and appends after the intact groups.
    const reopened = new CommitLog(path, twoGroups);
    await turn(reopened, 4, 1);
    reopened.close();
    expect(read(path).seen.map((b) => b[0]! >> 4)).toEqual([1, 1, 1, 2, 2, 4]);
  });

  it('reads logs of plain frames (one checksum per record) mixed with group frames', async () => {
    const path = tempLog();
    const plain = (b: Buffer) => {
      const h = Buffer.alloc(8);
      h.writeUInt32BE(b.length, 0);
      h.writeUInt32BE(crc32(b), 4);
      return Buffer.concat([h, b]);
    };
    writeFileSync(path, Buffer.concat([plain(record(1, 0)), plain(record(1, 1))]));
    const log = new CommitLog(path, statSync(path).size);
    await turn(log, 2, 2);
    log.close();
    appendFileSync(path, plain(record(3, 0)));
    const got = read(path);
    expect(got.records).toBe(5);
    expect(got.validBytes).toBe(statSync(path).size);
    expect(got.seen.map((b) => [b[0]! >> 4, b.length])).toEqual([
      [1, 100],
      [1, 101],
      [2, 100],
      [2, 101],
      [3, 100],
    ]);
  });
});
