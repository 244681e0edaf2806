// Long-lived row and key bytes are copied into 1 MiB slabs instead of Node's shared 8 KiB pool, where each stored row
// would pin a whole pool page full of request garbage. Overwritten rows leave holes; `wasteRatio` tells the storage
// when re-packing (at snapshot time) is worth it. Copies use TypedArray#set, much cheaper than Buffer#copy for small
// buffers.

const SLAB = 1 << 20;

/**
 * Slab memory is a SharedArrayBuffer: V8 leaves shared backing stores out of the external memory it counts per
 * isolate, and every 64 MiB of counted external memory starts a full mark-compact. Stored rows are long-lived by
 * design, so counting them only made V8 re-mark the whole heap ~15 times while loading a million rows.
 */
function slabMemory(bytes: number): Buffer {
  return Buffer.from(new SharedArrayBuffer(bytes));
}

let slab = slabMemory(SLAB);
let used = 0;
let allocated = 0;
let released = 0;

/** A copy of `src` that lives in a slab (large values get their own allocation). */
export function keep(src: Buffer): Buffer {
  const n = src.length;
  allocated += n;
  if (n > SLAB >> 4) {
    const own = Buffer.allocUnsafeSlow(n);
    own.set(src);
    return own;
  }
  if (used + n > SLAB) {
    slab = slabMemory(SLAB);
    used = 0;
  }
  slab.set(src, used);
  const out = slab.subarray(used, used + n);
  // Keep 8-byte alignment so later reads of 64-bit fields stay cheap.
  used += (n + 7) & ~7;
  return out;
}

let keptIn: Buffer = slab;
let keptAt = 0;

/**
 * Like `keep` without creating a view: returns the offset of the copy in `lastKept()`, for callers that store
 * (buffer, offset, length) instead of a Buffer object.
 */
export function keepRaw(src: Buffer | Uint8Array): number {
  const n = src.length;
  allocated += n;
  if (n > SLAB >> 4) {
    keptIn = Buffer.allocUnsafeSlow(n);
    keptIn.set(src);
    keptAt = 0;
    return 0;
  }
  if (used + n > SLAB) {
    slab = slabMemory(SLAB);
    used = 0;
  }
  slab.set(src, used);
  keptIn = slab;
  keptAt = used;
  used += (n + 7) & ~7;
  return keptAt;
}

/** The buffer the last `keepRaw` copied into. */
export function lastKept(): Buffer {
  return keptIn;
}

/** Records that a kept buffer is no longer referenced. */
export function release(n: number): void {
  released += n;
}

/** Share of kept bytes that are no longer referenced. */
export function wasteRatio(): number {
  return allocated === 0 ? 0 : released / allocated;
}

/** Called after everything live has been re-kept into fresh slabs. */
export function resetAccounting(liveBytes: number): void {
  allocated = liveBytes;
  released = 0;
}
