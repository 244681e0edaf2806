// Reads the notations of native protocol section 3 from a frame body. Every read is bounds-checked and throws
// CqlDecodeError, which the connection turns into a protocol error for that request (never a crash).

/** A frame body that does not match the message layout; the connection answers with a protocol error. */
export class CqlDecodeError extends Error {
  override readonly name = 'CqlDecodeError';
}

export class BodyReader {
  pos: number;

  constructor(
    readonly buf: Buffer,
    start = 0,
    readonly end = buf.length,
  ) {
    this.pos = start;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  private need(n: number, what: string): void {
    if (n < 0 || this.pos + n > this.end)
      throw new CqlDecodeError(`truncated body: ${what} needs ${n} bytes, ${this.end - this.pos} left`);
  }

  byte(): number {
    this.need(1, 'byte');
    return this.buf[this.pos++] as number;
  }

  short(): number {
    this.need(2, 'short');
    const v = this.buf.readUInt16BE(this.pos);
    this.pos += 2;
    return v;
  }

  int(): number {
    this.need(4, 'int');
    const v = this.buf.readInt32BE(this.pos);
    this.pos += 4;
    return v;
  }

  long(): bigint {
    this.need(8, 'long');
    const v = this.buf.readBigInt64BE(this.pos);
    this.pos += 8;
    return v;
  }

  private utf8(n: number, what: string): string {
    this.need(n, what);
    const s = this.buf.toString('utf8', this.pos, this.pos + n);
    this.pos += n;
    return s;
  }

  string(): string {
    return this.utf8(this.short(), 'string');
  }

  longString(): string {
    const n = this.int();
    if (n < 0) throw new CqlDecodeError(`negative [long string] length ${n}`);
    return this.utf8(n, 'long string');
  }

  stringList(): string[] {
    const n = this.short();
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(this.string());
    return out;
  }

  stringMap(): Map<string, string> {
    const n = this.short();
    const out = new Map<string, string>();
    for (let i = 0; i < n; i++) out.set(this.string(), this.string());
    return out;
  }

  /** [bytes]: a negative length is null. The returned buffer is a view of the frame. */
  bytes(): Buffer | null {
    const n = this.int();
    if (n < 0) return null;
    this.need(n, 'bytes');
    const v = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }

  shortBytes(): Buffer {
    const n = this.short();
    this.need(n, 'short bytes');
    const v = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }

  /** [value]: -1 is null, -2 is "not set" (v4+), below -2 is illegal. */
  value(allowUnset: boolean): Buffer | null | 'unset' {
    const n = this.int();
    if (n >= 0) {
      this.need(n, 'value');
      const v = this.buf.subarray(this.pos, this.pos + n);
      this.pos += n;
      return v;
    }
    if (n === -1) return null;
    if (n === -2 && allowUnset) return 'unset';
    throw new CqlDecodeError(`illegal [value] length ${n}`);
  }

  /** [bytes map], read only to skip a custom payload. */
  skipBytesMap(): void {
    const n = this.short();
    for (let i = 0; i < n; i++) {
      this.string();
      this.bytes();
    }
  }
}
