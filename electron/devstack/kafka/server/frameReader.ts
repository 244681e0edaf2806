// Splits a TCP byte stream into size-prefixed Kafka frames without copying when a frame sits inside one chunk.
// With reuseProduceFrames (storage that does not keep the request's memory, i.e. the file log), Produce frames that
// span chunks (the large ones) are assembled in one reused buffer instead of fresh memory: first touches of fresh
// pages (page faults) cost more than the copy itself. The caller hands each frame back with
// release() once handled; until then a second Produce frame gets fresh memory as any other frame does.
import { markTransient } from '../protocol/transientBuffers';

/** Smallest legal request: int16 api key, int16 version, int32 correlation id, int16 client id length. */
export const MIN_REQUEST_BYTES = 10;

const PRODUCE = 0;
/** Larger Produce frames are assembled in fresh memory, so one huge request does not stay pinned. */
const MAX_REUSED_BYTES = 16 * 1024 * 1024;

export type FrameResult = { frames: Buffer[]; error?: undefined } | { frames: Buffer[]; error: string };

export class FrameReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** The reusable Produce assembly buffer, and whether a frame in it is still being handled. */
  private assembly: Buffer | undefined;
  private assemblyLent = false;

  constructor(
    private readonly maxFrameBytes: number,
    private readonly reuseProduceFrames = false,
  ) {}

  /** Adds bytes and returns every complete frame (size prefix included), or an error for an illegal size. */
  push(chunk: Buffer): FrameResult {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const frames: Buffer[] = [];
    while (this.buffered >= 4) {
      const size = this.peekSize();
      if (size < MIN_REQUEST_BYTES)
        return { frames, error: `frame size ${size} is below the ${MIN_REQUEST_BYTES}-byte minimum` };
      if (size > this.maxFrameBytes)
        return { frames, error: `frame size ${size} exceeds maxFrameBytes ${this.maxFrameBytes}` };
      if (this.buffered < size + 4) break;
      frames.push(this.take(size + 4));
    }
    return { frames };
  }

  /** Hands back a frame returned by push() once its request has been handled; its memory may then be reused. */
  release(frame: Buffer): void {
    if (this.assembly !== undefined && frame.buffer === this.assembly.buffer) this.assemblyLent = false;
  }

  private peekSize(): number {
    const first = this.chunks[0] as Buffer;
    if (first.length >= 4) return first.readInt32BE(0);
    const merged = Buffer.concat(this.chunks);
    this.chunks = [merged];
    return merged.readInt32BE(0);
  }

  private take(n: number): Buffer {
    const first = this.chunks[0] as Buffer;
    this.buffered -= n;
    if (first.length === n) {
      this.chunks.shift();
      return first;
    }
    if (first.length > n) {
      this.chunks[0] = first.subarray(n);
      return first.subarray(0, n);
    }
    const out = this.frameMemory(first, n);
    let filled = 0;
    while (filled < n) {
      const chunk = this.chunks[0] as Buffer;
      const use = Math.min(chunk.length, n - filled);
      chunk.copy(out, filled, 0, use);
      filled += use;
      if (use === chunk.length) this.chunks.shift();
      else this.chunks[0] = chunk.subarray(use);
    }
    return out;
  }

  private frameMemory(first: Buffer, n: number): Buffer {
    const isProduce = first.length >= 6 && first.readInt16BE(4) === PRODUCE;
    if (!this.reuseProduceFrames || !isProduce || this.assemblyLent || n > MAX_REUSED_BYTES)
      return Buffer.allocUnsafe(n);
    if (this.assembly === undefined || this.assembly.length < n) {
      // Headroom, since consecutive requests differ a little in size.
      this.assembly = Buffer.allocUnsafeSlow(Math.min(MAX_REUSED_BYTES, Math.ceil(n * 1.25)));
      markTransient(this.assembly.buffer);
    }
    this.assemblyLent = true;
    return this.assembly.subarray(0, n);
  }
}
