// An append-only file of length + CRC32 framed records. Appends are grouped per event-loop turn and handed to the OS
// (writeSync) before the callers' promises resolve, so an acknowledged write survives kill -9; reading stops at the
// first torn or corrupt frame, which is where a crash mid-append leaves the tail.
import { closeSync, fsyncSync, ftruncateSync, openSync, readSync, renameSync, writeSync, existsSync } from 'node:fs';
import { crc32 } from 'node:zlib';

const HEADER = 8;

/**
 * Calls `onRecord` for each intact record of a framed file, reading it in chunks (no whole-file buffer, no size
 * limit), and returns how many records there were and the byte length they cover (a torn tail is left out). A record
 * is only valid during its callback.
 */
export function forEachFrame(
  path: string,
  onRecord: (record: Buffer) => void,
): { records: number; validBytes: number } {
  if (!existsSync(path)) return { records: 0, validBytes: 0 };
  const fd = openSync(path, 'r');
  let buf = Buffer.allocUnsafe(8 << 20);
  let have = 0;
  let fileAt = 0;
  let validBytes = 0;
  let records = 0;
  try {
    for (;;) {
      const n = readSync(fd, buf, have, buf.length - have, fileAt);
      fileAt += n;
      have += n;
      let at = 0;
      while (at + HEADER <= have) {
        const len = buf.readUInt32BE(at);
        if (at + HEADER + len > have) break;
        const payload = buf.subarray(at + HEADER, at + HEADER + len);
        if (crc32(payload) !== buf.readUInt32BE(at + 4)) return { records, validBytes };
        onRecord(payload);
        records++;
        at += HEADER + len;
        validBytes += HEADER + len;
      }
      if (n === 0) return { records, validBytes };
      // Keep the partial frame; grow the buffer if one frame is larger than it.
      buf.copy(buf, 0, at, have);
      have -= at;
      const need = have >= HEADER ? HEADER + buf.readUInt32BE(0) : 0;
      if (need > buf.length) {
        if (need > 1 << 30) return { records, validBytes };
        const bigger = Buffer.allocUnsafe(need);
        buf.copy(bigger, 0, 0, have);
        buf = bigger;
      }
    }
  } finally {
    closeSync(fd);
  }
}

export class CommitLog {
  private fd: number;
  private size: number;
  // Records of the current batch are framed straight into one reusable buffer: no allocation per record.
  private pending = Buffer.allocUnsafe(1 << 20);
  private used = 0;
  private batch: { promise: Promise<void>; resolve: () => void; reject: (e: unknown) => void } | null = null;
  private closed = false;

  constructor(
    public path: string,
    validBytes: number,
  ) {
    this.fd = openSync(path, 'a+');
    // Cut a torn tail so new frames follow the last intact one.
    ftruncateSync(this.fd, validBytes);
    this.size = validBytes;
  }

  get bytes(): number {
    return this.size + this.used;
  }

  /**
   * Frames a record of `length` bytes that `write` puts at `at`; resolves once it has been written to the OS. `arg`
   * is handed to `write`, so hot callers can pass a function defined once instead of a fresh closure per record.
   */
  append<T>(length: number, write: (buf: Buffer, at: number, arg: T) => void, arg?: T): Promise<void> {
    if (this.closed) return Promise.reject(new Error('commit log is closed'));
    if (this.used + HEADER + length > this.pending.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.pending.length * 2, this.used + HEADER + length));
      this.pending.copy(bigger, 0, 0, this.used);
      this.pending = bigger;
    }
    const at = this.used;
    write(this.pending, at + HEADER, arg as T);
    this.pending.writeUInt32BE(length, at);
    this.pending.writeUInt32BE(crc32(this.pending.subarray(at + HEADER, at + HEADER + length)), at + 4);
    this.used += HEADER + length;
    if (this.batch === null) {
      let resolve!: () => void;
      let reject!: (e: unknown) => void;
      const promise = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      this.batch = { promise, resolve, reject };
      setImmediate(() => this.flush());
    }
    return this.batch.promise;
  }

  flush(): void {
    const batch = this.batch;
    this.batch = null;
    if (this.used === 0) {
      batch?.resolve();
      return;
    }
    try {
      let written = 0;
      while (written < this.used) written += writeSync(this.fd, this.pending, written, this.used - written);
      this.size += this.used;
      batch?.resolve();
    } catch (error) {
      batch?.reject(error);
    }
    this.used = 0;
    if (this.pending.length > 16 << 20) this.pending = Buffer.allocUnsafe(1 << 20);
  }

  /** Continues in a new, empty file; the old one stays until a snapshot covers it. */
  rotate(path: string): void {
    this.flush();
    closeSync(this.fd);
    this.fd = openSync(path, 'a+');
    ftruncateSync(this.fd, 0);
    this.path = path;
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
