// Splits a TCP byte stream into native-protocol frames (through the shared FrameAssembler). Every frame is a buffer of
// its own, so values the engine keeps (row cells are views of the frame) pin that frame only, never socket memory.
import { FrameAssembler, type AssembledFrames, type FrameFormat } from '../../frameAssembler';

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

/** The native protocol's framing for the FrameAssembler: a 9-byte header (8 before v3) whose last int is the body length. */
function cqlFrameFormat(maxFrameBytes: number): FrameFormat<OversizedFrame> {
  return {
    frameBytes(buf, at, available) {
      if (available < 1) return -1;
      const headerBytes = headerBytesFor((buf[at] as number) & 0x7f);
      if (available < headerBytes) return -1;
      // A negative length is refused below; counting it as 0 keeps the assembler from waiting for it.
      return headerBytes + Math.max(0, buf.readInt32BE(at + headerBytes - 4));
    },
    refuse(buf, at) {
      const version = (buf[at] as number) & 0x7f;
      const headerBytes = headerBytesFor(version);
      const length = buf.readInt32BE(at + headerBytes - 4);
      if (length >= 0 && length <= maxFrameBytes) return undefined;
      const stream = headerBytes === 9 ? buf.readInt16BE(at + 2) : buf.readInt8(at + 2);
      return { version, stream, length };
    },
    allocate: (total) => Buffer.allocUnsafe(total),
  };
}

function rawFrame(buf: Buffer): RawFrame {
  const versionByte = buf[0] as number;
  const version = versionByte & 0x7f;
  const headerBytes = headerBytesFor(version);
  return {
    version,
    isResponse: (versionByte & 0x80) !== 0,
    flags: buf[1] as number,
    stream: headerBytes === 9 ? buf.readInt16BE(2) : buf.readInt8(2),
    opcode: buf[headerBytes - 5] as number,
    buf,
    bodyStart: headerBytes,
  };
}

function split(assembled: AssembledFrames<OversizedFrame>): SplitResult {
  const frames = assembled.frames.map(rawFrame);
  return assembled.refused === undefined ? { frames } : { frames, oversized: assembled.refused };
}

/** Frames from a connection's bytes, read straight into its memory (readTarget/filled) or pushed as chunks. */
export class FrameSplitter {
  private readonly assembler: FrameAssembler<OversizedFrame>;

  constructor(maxFrameBytes: number) {
    this.assembler = new FrameAssembler(cqlFrameFormat(maxFrameBytes));
  }

  readTarget(): Buffer {
    return this.assembler.readTarget();
  }

  filled(bytes: number): SplitResult {
    return split(this.assembler.filled(bytes));
  }

  push(chunk: Buffer): SplitResult {
    return split(this.assembler.push(chunk));
  }
}
