// Builds one response frame in a single growable buffer: the 9-byte header is reserved up front and filled in by
// finish(), so a response is written without a second copy or a Buffer.concat.

export const HEADER_BYTES = 9;

export class FrameWriter {
  private buf: Buffer;
  private pos = HEADER_BYTES;

  constructor(expectedBodyBytes = 120) {
    this.buf = Buffer.allocUnsafe(HEADER_BYTES + expectedBodyBytes);
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  byte(v: number): this {
    this.ensure(1);
    this.buf[this.pos++] = v & 0xff;
    return this;
  }

  short(v: number): this {
    this.ensure(2);
    this.buf.writeUInt16BE(v & 0xffff, this.pos);
    this.pos += 2;
    return this;
  }

  int(v: number): this {
    this.ensure(4);
    this.buf.writeInt32BE(v | 0, this.pos);
    this.pos += 4;
    return this;
  }

  string(s: string): this {
    const n = Buffer.byteLength(s);
    this.ensure(2 + n);
    this.buf.writeUInt16BE(n, this.pos);
    this.buf.write(s, this.pos + 2, n, 'utf8');
    this.pos += 2 + n;
    return this;
  }

  stringList(list: readonly string[]): this {
    this.short(list.length);
    for (const s of list) this.string(s);
    return this;
  }

  /** [bytes]; null is written as length -1. */
  bytes(v: Buffer | null): this {
    if (v === null) return this.int(-1);
    this.ensure(4 + v.length);
    this.buf.writeInt32BE(v.length, this.pos);
    v.copy(this.buf, this.pos + 4);
    this.pos += 4 + v.length;
    return this;
  }

  shortBytes(v: Buffer): this {
    this.ensure(2 + v.length);
    this.buf.writeUInt16BE(v.length, this.pos);
    v.copy(this.buf, this.pos + 2);
    this.pos += 2 + v.length;
    return this;
  }

  /** Writes the header (response direction bit set) and returns the finished frame. */
  finish(version: number, stream: number, opcode: number, flags = 0): Buffer {
    const b = this.buf;
    b[0] = 0x80 | version;
    b[1] = flags;
    b.writeInt16BE(stream, 2);
    b[4] = opcode;
    b.writeInt32BE(this.pos - HEADER_BYTES, 5);
    return b.subarray(0, this.pos);
  }
}
