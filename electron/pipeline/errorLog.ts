import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { PipelineErrorRecord } from '../../shared/errorRecord';

/** The bounded, persisted log of rejected messages the Errors view reads. */
export interface ErrorLog {
  /** Adds (or replaces, by id: a replayed offset is one record) and resolves once it is on disk. */
  add(record: PipelineErrorRecord): Promise<void>;
  /** Newest first; `reason` filters by problem code. */
  list(query?: { reason?: string; limit?: number }): PipelineErrorRecord[];
  get(id: string): PipelineErrorRecord | undefined;
  readonly size: number;
  close(): Promise<void>;
}

export interface ErrorLogOptions {
  /** JSON-lines file; omit to keep the log in memory only. */
  file?: string;
  /** Records kept (oldest dropped first). */
  capacity?: number;
  /** Writes are grouped for this long so a burst of bad messages costs one append. */
  flushDelayMs?: number;
}

/** Opens (and loads) the error log. The file is append-only and compacted once it holds twice the capacity. */
export async function openErrorLog(options: ErrorLogOptions = {}): Promise<ErrorLog> {
  const capacity = options.capacity ?? 10_000;
  if (!Number.isInteger(capacity) || capacity < 1)
    throw new Error(`openErrorLog: capacity must be ≥ 1, got ${capacity}`);
  const flushDelayMs = options.flushDelayMs ?? 20;
  const file = options.file;
  // Map iteration order = insertion order, so the first key is the oldest record.
  const records = new Map<string, PipelineErrorRecord>();
  let linesOnDisk = 0;

  const keep = (record: PipelineErrorRecord) => {
    records.delete(record.id);
    records.set(record.id, record);
    while (records.size > capacity) records.delete(records.keys().next().value as string);
  };

  if (file) {
    await mkdir(dirname(file), { recursive: true });
    const text = await readFile(file, 'utf8').catch(() => '');
    for (const line of text.split('\n')) {
      if (!line) continue;
      try {
        keep(JSON.parse(line) as PipelineErrorRecord);
        linesOnDisk++;
      } catch {
        // A torn last line after a crash: the record is also in the dead-letter topic; skip it.
      }
    }
  }

  let queue: string[] = [];
  let waiters: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  let timer: NodeJS.Timeout | null = null;
  let writing: Promise<void> = Promise.resolve();

  const flush = () => {
    timer = null;
    const lines = queue;
    const done = waiters;
    queue = [];
    waiters = [];
    writing = writing.then(async () => {
      try {
        if (file && lines.length > 0) {
          if (linesOnDisk + lines.length > capacity * 2) {
            const tmp = `${file}.tmp`;
            const all = [...records.values()].map((r) => JSON.stringify(r)).join('\n');
            await writeFile(tmp, all.length > 0 ? `${all}\n` : '');
            await rename(tmp, file);
            linesOnDisk = records.size;
          } else {
            await appendFile(file, lines.join(''));
            linesOnDisk += lines.length;
          }
        }
        for (const w of done) w.resolve();
      } catch (error) {
        for (const w of done) w.reject(error);
      }
    });
  };

  return {
    get size() {
      return records.size;
    },
    add(record) {
      keep(record);
      queue.push(`${JSON.stringify(record)}\n`);
      const p = new Promise<void>((resolve, reject) => waiters.push({ resolve, reject }));
      timer ??= setTimeout(flush, flushDelayMs);
      return p;
    },
    list(query = {}) {
      const limit = query.limit ?? 500;
      const out: PipelineErrorRecord[] = [];
      const all = [...records.values()];
      for (let i = all.length - 1; i >= 0 && out.length < limit; i--) {
        const r = all[i]!;
        if (query.reason && !r.problems.some((p) => p.code === query.reason)) continue;
        out.push(r);
      }
      return out;
    },
    get: (id) => records.get(id),
    async close() {
      if (timer) {
        clearTimeout(timer);
        flush();
      }
      await writing;
    },
  };
}
