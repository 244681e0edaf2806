import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogSink, type LogEntry } from './logSink';
import { openRotatingFile } from './rotatingFile';

describe('log sink', () => {
  it('writes JSON lines to the file and to subscribers, with secrets redacted', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'logs-')), 'logs', 'userstream.log');
    const sink = createLogSink({ file });
    const seen: LogEntry[] = [];
    sink.subscribe((e) => seen.push(e));
    sink.logger.info({ settings: { kafka: { sasl: { mechanism: 'plain', password: 'hunter2' } } } }, 'connecting');
    sink.logger.warn({ credentials: { username: 'u', password: 'pw-123' }, password: 'top' }, 'auth');
    sink.close();
    const text = await readFile(file, 'utf8');
    for (const secret of ['hunter2', 'pw-123', 'top"']) {
      expect(text).not.toContain(secret);
      expect(JSON.stringify(seen)).not.toContain(secret);
    }
    expect(seen.map((e) => [e.level, e.message])).toEqual([
      ['info', 'connecting'],
      ['warn', 'auth'],
    ]);
    expect(sink.recent()).toHaveLength(2);
  });

  it('rotates at maxBytes and keeps `keep` old files', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'rot-')), 'x.log');
    const f = openRotatingFile(file, { maxBytes: 100, keep: 2 });
    for (let i = 0; i < 20; i++) f.write(`${'x'.repeat(40)}${i}\n`);
    f.close();
    expect((await readFile(file, 'utf8')).length).toBeLessThanOrEqual(100);
    expect((await readFile(`${file}.1`, 'utf8')).length).toBeGreaterThan(0);
    expect((await readFile(`${file}.2`, 'utf8')).length).toBeGreaterThan(0);
    await expect(readFile(`${file}.3`, 'utf8')).rejects.toThrow();
  });
});
