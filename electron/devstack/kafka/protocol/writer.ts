// Growable big-endian writer that produces a list of chunks, so large payloads (stored record batches) are passed
// through by reference and the socket writes them with writev instead of copying them into one buffer.

/** Payloads at least this large are referenced, smaller ones copied (a chunk costs more than copying a few bytes). */
const REFERENCE_THRESHOLD = 4096;

export class Writer {
  private readonly chunks: Buffer[] = [];
  private buf: Buffer;
  private start = 0;
  private pos = 0;
  private flushed = 0;

  constructor(initialSize = 1024) {
    this.buf = Buffer.allocUnsafe(initialSize);
  }

  /** Bytes written so far. */
  get length(): number {
    return this.flushed + (this.pos - this.start);
  }

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    this.seal();
    this.buf = Buffer.allocUnsafe(Math.max(n, this.buf.length * 2, 1024));
    this.start = 0;
    this.pos = 0;
  }

  private seal(): void {
    if (this.pos > this.start) {
      this.chunks.push(this.buf.subarray(this.start, this.pos));
      this.flushed += this.pos - this.start;
    }
    this.start = this.pos;
  }

  int8(v: number): void {
    this.room(1);
    this.pos = this.buf.writeInt8(v, this.pos);
  }
  int16(v: number): void {
    this.room(2);
    this.pos = this.buf.writeInt16BE(v, this.pos);
  }
  uint16(v: number): void {
    this.room(2);
    this.pos = this.buf.writeUInt16BE(v, this.pos);
  }
  int32(v: number): void {
    this.room(4);
    this.pos = this.buf.writeInt32BE(v, this.pos);
  }
  uint32(v: number): void {
    this.room(4);
    this.pos = this.buf.writeUInt32BE(v >>> 0, this.pos);
  }
  /** int64 from a bigint, or from a safe-integer number without allocating a bigint. */
  int64(v: bigint | number): void {
    this.room(8);
    if (typeof v === 'bigint') {
      this.pos = this.buf.writeBigInt64BE(v, this.pos);
      return;
    }
    const high = Math.floor(v / 0x100000000);
    this.buf.writeInt32BE(high, this.pos);
    this.buf.writeUInt32BE(v - high * 0x100000000, this.pos + 4);
    this.pos += 8;
  }
  float64(v: number): void {
    this.room(8);
    this.pos = this.buf.writeDoubleBE(v, this.pos);
  }
  uvarint(v: number): void {
    this.room(5);
    while (v >= 0x80) {
      this.buf[this.pos++] = (v & 0x7f) | 0x80;
      v = Math.floor(v / 128);
    }
    this.buf[this.pos++] = v;
  }
  utf8(s: string, byteLength: number): void {
    this.room(byteLength);
    this.pos += this.buf.write(s, this.pos, byteLength, 'utf8');
  }
  bytes(b: Buffer): void {
    if (b.length >= REFERENCE_THRESHOLD) {
      this.seal();
      this.chunks.push(b);
      this.flushed += b.length;
      return;
    }
    this.room(b.length);
    this.pos += b.copy(this.buf, this.pos);
  }

  /** Overwrites 4 bytes at absolute offset 0 (the frame size prefix reserved first). */
  patchInt32AtStart(v: number): void {
    const first = this.chunks[0] ?? this.buf.subarray(this.start, this.pos);
    first.writeInt32BE(v, 0);
  }

  /** The written bytes as chunks, in order. The writer must not be used afterwards. */
  finish(): Buffer[] {
    this.seal();
    return this.chunks;
  }
}
