// Bounds-checked big-endian reader over one frame. Every read past the end throws KafkaDecodeError, which the
// connection turns into "close this one connection", never into an uncaught exception.

/** A request that does not match its declared layout (truncated, bad length, unknown API). */
export class KafkaDecodeError extends Error {
  override readonly name = 'KafkaDecodeError';
}

export class Reader {
  constructor(
    readonly buf: Buffer,
    public pos: number,
    public end: number,
  ) {}

  remaining(): number {
    return this.end - this.pos;
  }

  private need(n: number): number {
    const at = this.pos;
    if (n < 0 || at + n > this.end)
      throw new KafkaDecodeError(`truncated: need ${n} bytes at ${at}, frame ends at ${this.end}`);
    this.pos = at + n;
    return at;
  }

  int8(): number {
    return this.buf.readInt8(this.need(1));
  }
  int16(): number {
    return this.buf.readInt16BE(this.need(2));
  }
  uint16(): number {
    return this.buf.readUInt16BE(this.need(2));
  }
  int32(): number {
    return this.buf.readInt32BE(this.need(4));
  }
  uint32(): number {
    return this.buf.readUInt32BE(this.need(4));
  }
  int64(): bigint {
    return this.buf.readBigInt64BE(this.need(8));
  }
  float64(): number {
    return this.buf.readDoubleBE(this.need(8));
  }
  bool(): boolean {
    return this.buf[this.need(1)] !== 0;
  }

  /** Unsigned LEB128 varint of at most 5 bytes (lengths, counts, tags). */
  uvarint(): number {
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const byte = this.buf[this.need(1)] as number;
      result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return result;
    }
    throw new KafkaDecodeError('varint longer than 5 bytes');
  }

  /** Zero-copy view of the next n bytes. */
  slice(n: number): Buffer {
    const at = this.need(n);
    return this.buf.subarray(at, at + n);
  }

  utf8(n: number): string {
    const at = this.need(n);
    return this.buf.toString('utf8', at, at + n);
  }
}
