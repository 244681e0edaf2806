// Memory for file reads that Fetch sends back, recycled once the response has been written to the socket: a fresh
// megabyte per fetch costs up to 256 first-touch page faults, more CPU than the read itself. Shared by the brokers
// of a process; a buffer never recycled (a dropped connection, a long poll that read again) is simply collected.
const MAX_FREE = 8;
/** Reads at least this large come from the pool; below it a fresh buffer is cheap (Node's small-buffer pool). */
const MIN_POOLED_BYTES = 64 * 1024;
const MAX_POOLED_BYTES = 8 * 1024 * 1024;
/** Pooled memory is allocated in steps of this, so reads of slightly different sizes reuse the same buffers. */
const STEP = 1024 * 1024;

const free: Buffer[] = [];
/** Memory handed out and not yet recycled, by its ArrayBuffer, with the whole pooled buffer. */
const lent = new WeakMap<ArrayBufferLike, Buffer>();

/** A buffer of `length` bytes for a read whose result goes into a Fetch response. */
export function takeReadBuffer(length: number): Buffer {
  if (length < MIN_POOLED_BYTES || length > MAX_POOLED_BYTES) return Buffer.allocUnsafe(length);
  const at = free.findIndex((b) => b.length >= length);
  const whole = at >= 0 ? (free.splice(at, 1)[0] as Buffer) : Buffer.allocUnsafeSlow(Math.ceil(length / STEP) * STEP);
  lent.set(whole.buffer, whole);
  return whole.subarray(0, length);
}

/** Whether any of `chunks` came from takeReadBuffer and has not been recycled. */
export function holdsReadBuffers(chunks: readonly Buffer[]): boolean {
  return chunks.some((c) => lent.has(c.buffer));
}

/** Returns the pooled memory among `chunks` once nothing refers to it any more (the socket write completed). */
export function recycleReadBuffers(chunks: readonly Buffer[]): void {
  for (const chunk of chunks) {
    const whole = lent.get(chunk.buffer);
    if (whole === undefined) continue;
    lent.delete(chunk.buffer);
    if (free.length < MAX_FREE) free.push(whole);
  }
}
