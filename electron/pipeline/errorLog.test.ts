import { mkdtemp, readFile } from 'node:fs/promises';
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
