// An append-only file of length + CRC32 framed records. Appends are grouped per event-loop turn and handed to the OS
// (writeSync) before the callers' promises resolve, so an acknowledged write survives kill -9; reading stops at the
// first torn or corrupt frame, which is where a crash mid-append leaves the tail.
import {
  closeSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
  existsSync,
} from 'node:fs';
import { crc32 } from 'node:zlib';

const HEADER = 8;

export function frame(payload: Buffer): Buffer {
  const b = Buffer.allocUnsafe(HEADER + payload.length);
  b.writeUInt32BE(payload.length, 0);
  b.writeUInt32BE(crc32(payload), 4);
  payload.copy(b, HEADER);
  return b;
}

/** The intact records of a framed file and the byte length they cover (a torn tail is left out). */
export function readFrames(path: string): { records: Buffer[]; validBytes: number } {
  if (!existsSync(path)) return { records: [], validBytes: 0 };
  const data = readFileSync(path);
  const records: Buffer[] = [];
  let at = 0;
  while (at + HEADER <= data.length) {
    const len = data.readUInt32BE(at);
    const end = at + HEADER + len;
    if (end > data.length) break;
    const payload = data.subarray(at + HEADER, end);
    if (crc32(payload) !== data.readUInt32BE(at + 4)) break;
    records.push(payload);
    at = end;
  }
  return { records, validBytes: at };
}

export class CommitLog {
  private fd: number;
  private size: number;
  private pending: Buffer[] = [];
  private waiters: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  private scheduled = false;
  private closed = false;

  constructor(
    readonly path: string,
    validBytes: number,
  ) {
    this.fd = openSync(path, 'a+');
    // Cut a torn tail so new frames follow the last intact one.
    ftruncateSync(this.fd, validBytes);
    this.size = validBytes;
  }

  get bytes(): number {
    return this.size;
  }

  /** Queues a record; resolves once it has been written to the OS. */
  append(payload: Buffer): Promise<void> {
    if (this.closed) return Promise.reject(new Error('commit log is closed'));
    this.pending.push(frame(payload));
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
    return done;
  }

  flush(): void {
    this.scheduled = false;
    if (this.pending.length === 0) return;
    const chunk = Buffer.concat(this.pending);
    const waiters = this.waiters;
    this.pending = [];
    this.waiters = [];
    try {
      let written = 0;
      while (written < chunk.length) written += writeSync(this.fd, chunk, written, chunk.length - written);
      this.size += chunk.length;
      for (const w of waiters) w.resolve();
    } catch (error) {
      for (const w of waiters) w.reject(error);
    }
  }

  /** Empties the log once its contents are safely in a snapshot. */
  truncate(): void {
    this.flush();
    ftruncateSync(this.fd, 0);
    this.size = 0;
  }

  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    fsyncSync(this.fd);
    closeSync(this.fd);
  }
}

/** Writes a file so that it is either wholly the old or wholly the new content after a crash. */
export function writeFileAtomic(path: string, chunks: Iterable<Buffer>): void {
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    for (const c of chunks) {
      let written = 0;
      while (written < c.length) written += writeSync(fd, c, written, c.length - written);
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}
