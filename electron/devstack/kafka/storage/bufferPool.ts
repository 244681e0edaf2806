// Large short-lived buffers, recycled instead of allocated afresh: file reads that a Fetch sends back (returned once
// the socket has written them) and Produce frames assembled from several socket reads (returned once the request is
// handled). A fresh megabyte costs up to 256 first-touch page faults, more CPU than the read or copy itself. Shared by
// the brokers of a process; a buffer never recycled (a dropped connection, a long poll that read again) is collected.
const MAX_FREE = 8;
/** Reads at least this large come from the pool; below it a fresh buffer is cheap (Node's small-buffer pool). */
const MIN_POOLED_BYTES = 64 * 1024;
const MAX_POOLED_BYTES = 8 * 1024 * 1024;
/** Pooled memory is allocated in steps of this, so reads of slightly different sizes reuse the same buffers. */
const STEP = 1024 * 1024;

const free: Buffer[] = [];
/** Memory handed out and not yet recycled, by its ArrayBuffer, with the whole pooled buffer. */
const lent = new WeakMap<ArrayBufferLike, Buffer>();

/** A buffer of `length` bytes, pooled when it is large (see above). */
export function takePooledBuffer(length: number): Buffer {
  if (length < MIN_POOLED_BYTES || length > MAX_POOLED_BYTES) return Buffer.allocUnsafe(length);
  const at = free.findIndex((b) => b.length >= length);
  const whole = at >= 0 ? (free.splice(at, 1)[0] as Buffer) : Buffer.allocUnsafeSlow(Math.ceil(length / STEP) * STEP);
  lent.set(whole.buffer, whole);
  return whole.subarray(0, length);
}

/** Whether any of `chunks` came from takePooledBuffer and has not been recycled. */
export function holdsPooledBuffers(chunks: readonly Buffer[]): boolean {
  return chunks.some((c) => lent.has(c.buffer));
}

/** Returns the pooled memory among `chunks` once nothing refers to it any more (the socket write completed). */
export function recyclePooledBuffers(chunks: readonly Buffer[]): void {
  for (const chunk of chunks) {
    const whole = lent.get(chunk.buffer);
    if (whole === undefined) continue;
    lent.delete(chunk.buffer);
    if (free.length < MAX_FREE) free.push(whole);
  }
}
