// Splits a TCP byte stream into native-protocol frames. Every frame is copied into a buffer of its own, so values
// the engine keeps (row cells are views of the frame) pin that frame only, never a 64 KiB socket chunk.

export interface RawFrame {
  /** Version byte with the direction bit (0x80 for responses) masked off. */
  version: number;
  /** True when the direction bit said "response": clients must not send those. */
  isResponse: boolean;
  flags: number;
  stream: number;
  opcode: number;
  /** The whole frame, header included. */
  buf: Buffer;
  /** Offset of the body in buf. */
  bodyStart: number;
}

/** A header announcing more bytes than maxFrameBytes; the stream cannot be resynchronised after it. */
export interface OversizedFrame {
  version: number;
  stream: number;
  length: number;
}

export type SplitResult = { frames: RawFrame[]; oversized?: OversizedFrame };

/** Protocol v1 and v2 used an 8-byte header with a 1-byte stream id; v3+ use 9 bytes. */
export const headerBytesFor = (version: number): number => (version >= 3 ? 9 : 8);

export class FrameSplitter {
  private chunks: Buffer[] = [];
  private buffered = 0;

  constructor(private readonly maxFrameBytes: number) {}

  push(chunk: Buffer): SplitResult {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const frames: RawFrame[] = [];
    while (this.buffered > 0) {
      const head = this.head(9);
      const versionByte = head[0] as number;
      const version = versionByte & 0x7f;
      const headerBytes = headerBytesFor(version);
      if (head.length < headerBytes) break;
      const stream = headerBytes === 9 ? head.readInt16BE(2) : head.readInt8(2);
      const length = head.readInt32BE(headerBytes - 4);
      if (length < 0 || length > this.maxFrameBytes) {
        this.chunks = [];
        this.buffered = 0;
        return { frames, oversized: { version, stream, length } };
      }
      const total = headerBytes + length;
      if (this.buffered < total) break;
      frames.push({
        version,
        isResponse: (versionByte & 0x80) !== 0,
        flags: head[1] as number,
        stream,
        opcode: head[headerBytes - 5] as number,
        buf: this.take(total),
        bodyStart: headerBytes,
      });
    }
    return { frames };
  }

  /** The first chunk, merged with the following ones until it holds `n` bytes or everything buffered. */
  private head(n: number): Buffer {
    let first = this.chunks[0] as Buffer;
    if (first.length >= n || this.chunks.length === 1) return first;
    first = Buffer.concat(this.chunks.slice(0, Math.min(this.chunks.length, n)));
    this.chunks.splice(0, Math.min(this.chunks.length, n), first);
    return first;
  }

  /** Copies the next n bytes into a buffer of their own. */
  private take(n: number): Buffer {
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const chunk = this.chunks[0] as Buffer;
      const use = Math.min(chunk.length, n - filled);
      chunk.copy(out, filled, 0, use);
      filled += use;
      if (use === chunk.length) this.chunks.shift();
      else this.chunks[0] = chunk.subarray(use);
    }
    this.buffered -= n;
    return out;
  }
}
