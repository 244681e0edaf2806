// Splits a TCP byte stream into size-prefixed Kafka frames without copying when a frame sits inside one chunk.

/** Smallest legal request: int16 api key, int16 version, int32 correlation id, int16 client id length. */
export const MIN_REQUEST_BYTES = 10;

export type FrameResult = { frames: Buffer[]; error?: undefined } | { frames: Buffer[]; error: string };

export class FrameReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Lowered to 0 while bare SASL tokens (legacy v0 flow) are expected: they have no request header. */
  minFrameBytes = MIN_REQUEST_BYTES;

  /**
   * `maxFrameBytes` is mutable so a connection can hold unauthenticated clients to a smaller limit (see
   * server/connection.ts). `allocate` provides the memory for frames that span socket chunks; it is told the frame's
   * API key (-1 when the first chunk is too short to say) so a caller can pool the memory of large Produce frames.
   */
  constructor(
    public maxFrameBytes: number,
    private readonly allocate: (bytes: number, apiKey: number) => Buffer = (bytes) => Buffer.allocUnsafe(bytes),
  ) {}

  /** Adds bytes and returns every complete frame (size prefix included), or an error for an illegal size. */
  push(chunk: Buffer): FrameResult {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const frames: Buffer[] = [];
    while (this.buffered >= 4) {
      const size = this.peekSize();
      if (size < this.minFrameBytes)
        return { frames, error: `frame size ${size} is below the ${this.minFrameBytes}-byte minimum` };
      if (size > this.maxFrameBytes)
        return { frames, error: `frame size ${size} exceeds maxFrameBytes ${this.maxFrameBytes}` };
      if (this.buffered < size + 4) break;
      frames.push(this.take(size + 4));
    }
    return { frames };
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
    const out = this.allocate(n, first.length >= 6 ? first.readInt16BE(4) : -1);
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
}
