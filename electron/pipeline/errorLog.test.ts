import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PipelineErrorRecord } from '../../shared/errorRecord';
import { openErrorLog } from './errorLog';
import { createRing } from './ring';

const record = (offset: number, code: 'not_json' | 'empty' = 'not_json'): PipelineErrorRecord => ({
  id: `t/0/${offset}`,
  at: offset,
  kind: 'decode',
  origin: { topic: 't', partition: 0, offset: String(offset), timestamp: 0 },
  key: null,
  value: { encoding: 'utf8', text: '{', bytes: 1, truncated: false },
  problems: [{ field: 'value', code, message: 'x' }],
  deadLettered: true,
});

describe('error log', () => {
  it('keeps the newest records up to capacity, survives a reopen, and compacts its file', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'errlog-')), 'errors', 'errors.jsonl');
    const log = await openErrorLog({ file, capacity: 5, flushDelayMs: 1 });
    for (let i = 0; i < 23; i++) await log.add(record(i, i % 2 ? 'empty' : 'not_json'));
    expect(log.list().map((r) => r.origin.offset)).toEqual(['22', '21', '20', '19', '18']);
    expect(log.list({ reason: 'empty', limit: 2 }).map((r) => r.origin.offset)).toEqual(['21', '19']);
    await log.close();
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    expect(lines.length).toBeLessThanOrEqual(10);
    const again = await openErrorLog({ file, capacity: 5 });
    expect(again.list().map((r) => r.origin.offset)).toEqual(['22', '21', '20', '19', '18']);
    await again.close();
  });

  it('a replayed offset replaces its record instead of adding one', async () => {
    const log = await openErrorLog({ capacity: 10 });
    await log.add(record(1));
    await log.add({ ...record(1), at: 99 });
    expect(log.size).toBe(1);
    expect(log.get('t/0/1')?.at).toBe(99);
  });
});

describe('ring', () => {
  it('drops the oldest past capacity', () => {
    const r = createRing<number>(3);
    [1, 2, 3, 4, 5].forEach((n) => r.push(n));
    expect(r.toArray()).toEqual([3, 4, 5]);
  });
});

describe('error log byte budget', () => {
  const big = (offset: number): PipelineErrorRecord => ({
    ...record(offset),
    value: { encoding: 'utf8', text: 'x'.repeat(64 * 1024), bytes: 64 * 1024, truncated: false },
  });

  it('keeps the file within maxBytes with 64 KiB records, evicting the oldest', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'errlog-')), 'errors', 'errors.jsonl');
    const maxBytes = 1024 * 1024;
    const log = await openErrorLog({ file, capacity: 10_000, maxBytes, flushDelayMs: 1 });
    let largest = 0;
    for (let i = 0; i < 100; i++) {
      await log.add(big(i));
      largest = Math.max(largest, (await stat(file)).size);
    }
    // 100 records are 6.4 MiB: without the budget the file holds them all (the count, 10,000, is never reached).
    expect(largest).toBeLessThanOrEqual(maxBytes);
    expect(log.size).toBeLessThanOrEqual(8);
    const offsets = log.list().map((r) => Number(r.origin.offset));
    expect(offsets[0]).toBe(99);
    expect(offsets).toEqual([...offsets].sort((a, b) => b - a));
    expect(Math.min(...offsets)).toBe(100 - log.size);
    await log.close();
    const again = await openErrorLog({ file, capacity: 10_000, maxBytes });
    expect(again.list().map((r) => r.origin.offset)).toEqual(offsets.map(String));
    await again.close();
  });

  it('cuts a file over the budget (from an older version) down when it opens', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'errlog-')), 'errors.jsonl');
    const old = await openErrorLog({ file, capacity: 10_000, maxBytes: 64 * 1024 * 1024, flushDelayMs: 1 });
    for (let i = 0; i < 40; i++) await old.add(big(i));
    await old.close();
    expect((await stat(file)).size).toBeGreaterThan(2 * 1024 * 1024);
    const reopened = await openErrorLog({ file, maxBytes: 1024 * 1024 });
    expect((await stat(file)).size).toBeLessThanOrEqual(1024 * 1024);
    expect(reopened.list()[0]?.origin.offset).toBe('39');
    await reopened.close();
  });

  it('writes its file owner-only', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'errlog-')), 'errors');
    const log = await openErrorLog({ file: join(dir, 'errors.jsonl'), capacity: 2, flushDelayMs: 1 });
    for (let i = 0; i < 10; i++) await log.add(record(i));
    await log.close();
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect((await stat(join(dir, 'errors.jsonl'))).mode & 0o777).toBe(0o600);
  });
});
