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
  /** The file never grows past this many bytes; the records kept fill at most half of it (oldest dropped first). */
  maxBytes?: number;
  /** Writes are grouped for this long so a burst of bad messages costs one append. */
  flushDelayMs?: number;
}

/** The error log's default byte budget: 10,000 records of 64 KiB would otherwise be 640 MiB. */
export const ERROR_LOG_MAX_BYTES = 64 * 1024 * 1024;

/** One kept record with its line as written, so its size is known without serialising it again. */
interface Kept {
  record: PipelineErrorRecord;
  line: string;
  bytes: number;
}

/**
 * Opens (and loads) the error log. Records are bounded by count (`capacity`) and by bytes (half of `maxBytes`),
 * dropping the oldest first. The file (owner-only: it holds the rejected messages, personal data) is append-only and
 * rewritten with only the kept records once the next append would take it past `maxBytes` or twice the capacity in
 * lines, so it stays within `maxBytes` and a rewrite happens at most once per half budget appended.
 */
export async function openErrorLog(options: ErrorLogOptions = {}): Promise<ErrorLog> {
  const capacity = options.capacity ?? 10_000;
  if (!Number.isInteger(capacity) || capacity < 1)
    throw new Error(`openErrorLog: capacity must be ≥ 1, got ${capacity}`);
  const maxBytes = options.maxBytes ?? ERROR_LOG_MAX_BYTES;
  if (!Number.isInteger(maxBytes) || maxBytes < 1024)
    throw new Error(`openErrorLog: maxBytes must be a whole number ≥ 1024, got ${maxBytes}`);
  const flushDelayMs = options.flushDelayMs ?? 20;
  const file = options.file;
  // Map iteration order = insertion order, so the first key is the oldest record.
  const records = new Map<string, Kept>();
  let keptBytes = 0;
  let linesOnDisk = 0;
  let bytesOnDisk = 0;

  const drop = (id: string) => {
    const old = records.get(id);
    if (!old) return;
    records.delete(id);
    keptBytes -= old.bytes;
  };
  const keep = (record: PipelineErrorRecord, line = `${JSON.stringify(record)}\n`): string => {
    drop(record.id);
    const bytes = Buffer.byteLength(line);
    records.set(record.id, { record, line, bytes });
    keptBytes += bytes;
    // The newest record stays even when it alone is over the budget: it is the one the user is looking at.
    while (records.size > 1 && (records.size > capacity || keptBytes > maxBytes / 2))
      drop(records.keys().next().value as string);
    return line;
  };

  const compact = async () => {
    if (!file) return;
    const tmp = `${file}.tmp`;
    const all = [...records.values()].map((k) => k.line).join('');
    await writeFile(tmp, all, { mode: 0o600 });
    await rename(tmp, file);
    linesOnDisk = records.size;
    bytesOnDisk = Buffer.byteLength(all);
  };

  if (file) {
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    const text = await readFile(file, 'utf8').catch(() => '');
    bytesOnDisk = Buffer.byteLength(text);
    for (const line of text.split('\n')) {
      if (!line) continue;
      try {
        keep(JSON.parse(line) as PipelineErrorRecord, `${line}\n`);
        linesOnDisk++;
      } catch {
        // A torn last line after a crash: the record is also in the dead-letter topic; skip it.
      }
    }
    // A file from before the byte budget (or a smaller one now) is cut down at once.
    if (bytesOnDisk > maxBytes) await compact();
  }

  let queue: string[] = [];
  let queuedBytes = 0;
  let waiters: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  let timer: NodeJS.Timeout | null = null;
  let writing: Promise<void> = Promise.resolve();

  const flush = () => {
    timer = null;
    const lines = queue;
    const bytes = queuedBytes;
    const done = waiters;
    queue = [];
    queuedBytes = 0;
    waiters = [];
    writing = writing.then(async () => {
      try {
        if (file && lines.length > 0) {
          if (linesOnDisk + lines.length > capacity * 2 || bytesOnDisk + bytes > maxBytes) await compact();
          else {
            await appendFile(file, lines.join(''), { mode: 0o600 });
            linesOnDisk += lines.length;
            bytesOnDisk += bytes;
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
      const line = keep(record);
      queue.push(line);
      queuedBytes += Buffer.byteLength(line);
      const p = new Promise<void>((resolve, reject) => waiters.push({ resolve, reject }));
      timer ??= setTimeout(flush, flushDelayMs);
      return p;
    },
    list(query = {}) {
      const limit = query.limit ?? 500;
      const out: PipelineErrorRecord[] = [];
      const all = [...records.values()];
      for (let i = all.length - 1; i >= 0 && out.length < limit; i--) {
        const r = all[i]!.record;
        if (query.reason && !r.problems.some((p) => p.code === query.reason)) continue;
        out.push(r);
      }
      return out;
    },
    get: (id) => records.get(id)?.record,
    async close() {
      if (timer) {
        clearTimeout(timer);
        flush();
      }
      await writing;
    },
  };
}
