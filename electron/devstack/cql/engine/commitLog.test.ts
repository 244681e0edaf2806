import { appendFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
});
