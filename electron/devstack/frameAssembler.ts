// Assembles length-prefixed protocol frames (Kafka, CQL) in memory a connection owns. Reads land in one reused
// scratch buffer, from which small frames are copied out; a frame too large for it gets its own buffer and the socket
// reads the rest of it straight there (see socketInput.ts). So a connection allocates nothing per socket read: Node's
// default is a fresh 64 KiB ArrayBuffer per read, whose churn of external memory drives V8 into a full GC every
// ~64 MiB received, and a large frame is not copied twice.

/** What the assembler needs to know of a protocol's framing. */
export interface FrameFormat<Refusal> {
  /** The whole frame's size (header included), or -1 while `available` bytes are too few to tell. */
  frameBytes(buf: Buffer, at: number, available: number): number;
  /** Why a frame of `total` bytes starting at `at` is refused (the stream cannot be resynchronised), or undefined. */
  refuse(buf: Buffer, at: number, total: number): Refusal | undefined;
  /** Memory for a frame larger than half the scratch buffer; `head` holds its first bytes (a pooling hook). */
  allocate(total: number, head: Buffer): Buffer;
}

export interface AssembledFrames<Refusal> {
  frames: Buffer[];
  /** Set once a frame was refused; nothing after it is read. */
  refused?: Refusal;
}

const DEFAULT_SCRATCH_BYTES = 64 * 1024;
/**
 * Frames up to this size get all their memory when their header arrives; larger ones grow (doubling) as their bytes
 * arrive, so a header alone cannot make a connection reserve up to the maximum frame size.
 */
export const RESERVE_AHEAD_BYTES = 8 * 1024 * 1024;

export class FrameAssembler<Refusal> {
  private readonly scratch: Buffer;
  /** Bytes received but not yet returned as frames: scratch[start, end). */
  private start = 0;
  private end = 0;
  /** A large frame being read straight into its own memory, and how much of it has arrived. */
  private large: Buffer | undefined;
  private largeFilled = 0;
  /** The large frame's whole size (its buffer is smaller while it grows). */
  private largeTotal = 0;
  private refusal: Refusal | undefined;

  constructor(
    private readonly format: FrameFormat<Refusal>,
    scratchBytes = DEFAULT_SCRATCH_BYTES,
  ) {
    // Outside Node's small-buffer pool: this memory lives as long as the connection.
    this.scratch = Buffer.allocUnsafeSlow(scratchBytes);
  }

  /** Where the next read should land: the rest of a large frame, or free scratch space (at least half of it). */
  readTarget(): Buffer {
    if (this.large) return this.large.subarray(this.largeFilled);
    if (this.start === this.end) this.start = this.end = 0;
    else if (this.scratch.length - this.end < this.scratch.length / 2) {
      // Only a partial small frame (at most half the scratch) is ever left here, so this copy is bounded.
      this.scratch.copy(this.scratch, 0, this.start, this.end);
      this.end -= this.start;
      this.start = 0;
    }
    return this.scratch.subarray(this.end);
  }

  /** `bytes` were read into the buffer the last readTarget() returned. */
  filled(bytes: number): AssembledFrames<Refusal> {
    const frames: Buffer[] = [];
    if (this.refusal !== undefined) return { frames, refused: this.refusal };
    if (this.large) {
      this.largeFilled += bytes;
      if (this.largeFilled < this.large.length) return { frames };
      if (this.largeFilled === this.largeTotal) {
        frames.push(this.large);
        this.large = undefined;
      } else {
        const grown = Buffer.allocUnsafe(Math.min(this.largeTotal, this.large.length * 2));
        this.large.copy(grown, 0, 0, this.largeFilled);
        this.large = grown;
      }
      return { frames };
    }
    this.end += bytes;
    return this.split(frames);
  }

  /** For sockets that hand over their own chunks (TLS): copies them through readTarget() and filled(). */
  push(chunk: Buffer): AssembledFrames<Refusal> {
    const frames: Buffer[] = [];
    for (let at = 0; at < chunk.length;) {
      const target = this.readTarget();
      const n = Math.min(target.length, chunk.length - at);
      chunk.copy(target, 0, at, at + n);
      at += n;
      const result = this.filled(n);
      for (const frame of result.frames) frames.push(frame);
      if (result.refused !== undefined) return { frames, refused: result.refused };
    }
    return { frames };
  }

  private split(frames: Buffer[]): AssembledFrames<Refusal> {
    const { scratch, format } = this;
    while (this.end > this.start) {
      const available = this.end - this.start;
      const total = format.frameBytes(scratch, this.start, available);
      if (total < 0) break;
      const refused = format.refuse(scratch, this.start, total);
      if (refused !== undefined) {
        this.refusal = refused;
        this.start = this.end = 0;
        return { frames, refused };
      }
      if (total > scratch.length / 2) {
        // Its own memory from the format (pooled, for Kafka's Produce); the rest of it is read straight there.
        const large =
          total <= RESERVE_AHEAD_BYTES
            ? format.allocate(total, scratch.subarray(this.start, this.end))
            : Buffer.allocUnsafe(Math.max(available, RESERVE_AHEAD_BYTES));
        const have = Math.min(available, total);
        scratch.copy(large, 0, this.start, this.start + have);
        this.start += have;
        if (have === total) {
          frames.push(large);
          continue;
        }
        this.large = large;
        this.largeFilled = have;
        this.largeTotal = total;
        break;
      }
      if (total > available) break;
      // A copy of its own: the scratch is overwritten by the next read, and values a handler keeps pin only this.
      const frame = Buffer.allocUnsafe(total);
      scratch.copy(frame, 0, this.start, this.start + total);
      frames.push(frame);
      this.start += total;
    }
    return { frames };
  }
}
